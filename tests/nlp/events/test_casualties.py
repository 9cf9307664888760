"""Casualty tolls: read from the sentence, attached to their event, measured on news-ukwar."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.eval.casualties import load_gold, score
from dateline.eval.floors import below_floors, load_floors
from dateline.model import Document, Event, Extraction, Mention


def _tolls(text: str) -> list[tuple[str, int]]:
    from dateline.backbone import load_spacy
    from dateline.config import Config
    from dateline.nlp.events.casualties import find_tolls

    doc = load_spacy(Config().spacy_model)(text)
    return [(t.kind, t.value) for sent in doc.sents for t in find_tolls(sent)]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("At least five people were killed and 18 injured when rockets hit the depot.",
     [("dead", 5), ("injured", 18)]),
    ("The blast left 12 dead in the market.", [("dead", 12)]),
    ("Shelling overnight killed three civilians and wounded 14 others.", [("dead", 3), ("injured", 14)]),
    ("Police detained 40 protesters outside the parliament.", [("arrested", 40)]),
    ("The death toll from the strike rose to 23 on Friday.", [("dead", 23)]),
    ("The war has claimed more than 9,000 lives.", [("dead", 9000)]),
    ("One soldier was wounded near the border.", [("injured", 1)]),
    ("The shelling led to the deaths of 14 villagers.", [("dead", 14)]),
    ("Crowds mourned the killings of six farmers by the militia.", [("dead", 6)]),
    ("A gunman was charged with shooting dead four guards at the depot.", [("dead", 4)]),
    ("The bomber took the lives of three firefighters.", [("dead", 3)]),
    ("Seven officers suffered minor injuries in the clashes.", [("injured", 7)]),
    ("The raid caused the loss of 31 lives and injuries to many others.", [("dead", 31)]),
    ("Eight miners who were killed in the blast were buried on Sunday.", [("dead", 8)]),
    ("The famine killed an estimated two million people.", [("dead", 2_000_000)]),
    ("Floods have cost 3 million lives over the century.", [("dead", 3_000_000)]),
    ("By nightfall six people were known to have died in the fire.", [("dead", 6)]),
    ("A total of 40 fishermen were feared dead after the storm.", [("dead", 40)]),
])
def test_tolls_in_the_shapes_news_uses(text, expected) -> None:
    assert _tolls(text) == expected


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "Two soldiers killed three civilians.",  # the two are the killers
    "Tens of thousands could die if the offensive goes ahead, and 5 could die tomorrow.",
    "The brigade lost 12 tanks and 30 armoured vehicles.",
    "The general, 61, was killed on Tuesday.",  # an age
    "In 2014 the town was shelled and people were killed.",  # a year
    "Troops shot and killed a 15-year-old boy at the checkpoint.",  # an age
    "A mother of 12 was killed in the crossfire.",  # the size of her family
    "There might have been 5 people killed, the mayor said.",  # hypothetical
    "At 9:12 the convoy was hit and the driver was killed.",  # a clock time
    "Two officers who killed the suspect were suspended.",  # the killers
])
def test_numbers_that_are_not_tolls(text) -> None:
    counted = _tolls(text)
    assert ("dead", 2) not in counted and ("dead", 5) not in counted and ("dead", 61) not in counted
    assert ("dead", 2014) not in counted and ("dead", 12) not in counted and ("dead", 15) not in counted


@pytest.mark.model
def test_toll_goes_to_the_strike_of_its_sentence_or_the_one_before() -> None:
    import dateline

    record = dateline.extract(
        "Missiles struck a shopping centre in Kremenchuk on Monday. At least 18 people were killed.\n\n"
        "The presidents met in Kyiv on Tuesday. Officials said 40 people were detained.",
        published="2022-06-28")
    assaults = [e for e in record.events if e.event == "ASSAULT"]
    assert any((e.size or {}).get("dead") == 18 for e in assaults)
    consults = [e for e in record.events if e.event == "CONSULT"]
    assert all(not e.size for e in consults)  # a meeting takes no toll


@pytest.mark.model
def test_a_toll_standing_alone_finds_its_event_a_few_sentences_back() -> None:
    import dateline

    record = dateline.extract(
        "Riot police fired tear gas at protesters in the capital on Saturday. The crowd threw stones "
        "at the ministry building. Several shops were looted. About 40 people were injured.",
        published="2022-06-28")
    sizes = [e.size for e in record.events if e.size]
    assert {"injured": 40} in sizes or any((s or {}).get("injured") == 40 for s in sizes)


def _groups(text: str) -> list[tuple[str, int, bool]]:
    from dateline.backbone import load_spacy
    from dateline.config import Config
    from dateline.nlp.events.casualties import find_tolls

    doc = load_spacy(Config().spacy_model)(text)
    return [(t.kind, t.value, t.group >= 0) for sent in doc.sents for t in find_tolls(sent)]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    # a list the parser gives as subjects of one verb, as conjuncts, as "A, B and C"
    ("Three pilots, 19 sergeants and 240 other soldiers were killed in the battle.",
     [("dead", 3, True), ("dead", 19, True), ("dead", 240, True)]),
    ("The raid on the village killed two teachers and five farmers.", [("dead", 2, True), ("dead", 5, True)]),
    ("Twelve majors and 30 lieutenants have died on the front.", [("dead", 12, True), ("dead", 30, True)]),
    # a subset is no list: the 3 children are among the 80 civilians
    ("80 civilians, including three children, had been killed.", [("dead", 80, False)]),
    # a unit in the list counts something else
    ("The brigade lost 12 tanks and 30 soldiers were killed.", [("dead", 30, False)]),
    # the kind read on the first item, a compound noun in the last
    ("The strikes killed two majors, 14 captains and 30 lieutenant colonels.",
     [("dead", 2, True), ("dead", 14, True), ("dead", 30, True)]),
    # the parser breaks the list (the first item taken for the object of "in")
    ("According to the data, in the past year four pilots, 58 gunners and 176 other soldiers were killed.",
     [("dead", 4, True), ("dead", 58, True), ("dead", 176, True)]),
    # a subset after a comma is no list item
    ("The raid killed 5 people, 3 of them children.", [("dead", 5, False)]),
])
def test_enumerated_groups_of_one_toll(text, expected) -> None:
    assert sorted(_groups(text)) == sorted(expected)


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("The number of wounded rose to 35 after the blast at the market.", [("injured", 35)]),
    ("Officials said 27 people are on the list of wounded after the explosion.", [("injured", 27)]),
    ("The tally of dead stood at 61 on Friday.", [("dead", 61)]),
    ("Among the wounded were 12 children.", [("injured", 12)]),
    ("Those who died include 3 medics.", [("dead", 3)]),
])
def test_a_count_noun_of_a_toll_word(text, expected) -> None:
    assert _tolls(text) == expected


@pytest.mark.model
def test_a_count_noun_of_something_else_is_no_toll() -> None:
    assert _tolls("The number of refugees rose to 350 in March.") == []
    assert _tolls("Among the protesters were 300 students.") == []
    assert _tolls("The number of wounded could rise to 35, doctors warned.") == []


def _holders(text: str) -> list[tuple[int, str | None]]:
    from dateline.backbone import load_spacy
    from dateline.config import Config
    from dateline.nlp.events.casualties import find_tolls

    doc = load_spacy(Config().spacy_model)(text)
    return [(t.value, None if t.holder is None else text[t.holder[0]:t.holder[1]])
            for sent in doc.sents for t in find_tolls(sent)]


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("The conflict has claimed 14,000 lives.", [(14000, "conflict")]),
    ("More than 14,000 people have been killed in the conflict.", [(14000, "conflict")]),
    ("Since the war began, 31 officers have been killed.", [(31, "war")]),
    ("The invasion's death toll has risen to 5,000.", [(5000, "invasion")]),
    ("Two of his sons were killed in the war.", [(2, None)]),  # a family's loss, not the war's total
    ("Fighting killed 12 people near the border on Tuesday.", [(12, None)]),  # an incident
])
def test_which_tolls_a_war_holds(text, expected) -> None:
    assert _holders(text) == expected


def _sized(text: str) -> list[tuple[str, str, dict]]:
    import dateline

    record = dateline.extract(text, published="2023-03-10")
    return [(e.event, e.event_text or "", e.size) for e in record.events if e.size]


@pytest.mark.model
def test_a_wars_running_toll_gets_an_event_of_the_fighting() -> None:
    sized = _sized("Russian forces shelled Kharkiv again. The eight-year conflict, which has claimed more "
                   "than 9,000 lives in the east, shows no sign of ending, officials said on Monday.")
    assert sized == [("ASSAULT", "conflict", {"dead": 9000, "scope": "cumulative"})]
    import dateline

    record = dateline.extract("Russian forces shelled Kharkiv again. The eight-year conflict, which has claimed "
                              "more than 9,000 lives in the east, shows no sign of ending, officials said on Monday.",
                              published="2023-03-10")
    war = next(e for e in record.events if e.size)
    assert war.date == "2023-03-06" and war.confidence < 0.7 and war.asserted
    assert [a.code for a in record.actors if a.id in war.actor] == ["RUS"]
    # a war whose sides neither its noun nor the article's fighting gives makes no
    # event: an actorless ASSAULT would count as nobody's violence
    assert _sized("The eight-year conflict, which has claimed more than 9,000 lives in the east, "
                  "shows no sign of ending, officials said on Monday.") == []


@pytest.mark.model
def test_war_events_can_be_switched_off() -> None:
    import dateline
    from dateline.config import Config

    config = Config(stage_options={"events": {"war_events": False}})
    record = dateline.extract("Russian forces shelled Kharkiv again. The eight-year conflict, which has claimed "
                              "more than 9,000 lives in the east, shows no sign of ending, officials said on Monday.",
                              published="2023-03-10", config=config)
    assert not any(e.size for e in record.events)
    # a toll whose war the stage coded as an event still goes there
    record = dateline.extract("Officials said on Tuesday that the war has killed 8,200 civilians since it began.",
                              published="2023-03-10", config=config)
    assert [e.size for e in record.events if e.size] == [{"dead": 8200, "scope": "cumulative"}]


@pytest.mark.model
def test_a_wars_toll_goes_to_its_killing_when_the_stage_coded_it() -> None:
    sized = _sized("Officials said on Tuesday that the war has killed 8,200 civilians and wounded "
                   "13,500 others since it began.")
    assert len(sized) == 1
    assert sized[0][2] == {"dead": 8200, "injured": 13500, "scope": "cumulative"}
    sized = _sized("At least 190 children have been killed in the fighting in the region, the agency reported.")
    assert [s for _, _, s in sized] == [{"dead": 190, "scope": "cumulative"}]


@pytest.mark.model
def test_a_running_total_restated_without_the_war_goes_to_the_wars_event() -> None:
    lead = ("Russian troops attacked Ukrainian positions again. "
            "The conflict in the east has claimed more than 9,000 lives, officials said on Monday.\n\n"
            "Talks resumed in Minsk on Tuesday. Negotiators met for four hours.\n\n")
    sized = _sized(lead + "More than 9,000 people have died and 21,000 have been wounded since 2014, the UN says.")
    assert [(t, s["dead"], s["injured"], s["scope"]) for _, t, s in sized] == [("conflict", 9000, 21000, "cumulative")]
    # one strike's toll told in the perfect is no running total
    sized = _sized(lead + "At least 18 people have been injured.")
    assert [s for _, _, s in sized] == [{"dead": 9000, "scope": "cumulative"}]


@pytest.mark.model
def test_incidents_and_hypotheticals_make_no_war_toll() -> None:
    # one strike's toll, though the shelling is an episode noun: no running total
    sized = _sized("Russian shelling killed three people in the town of Izium on Monday, the governor said.")
    assert [s for _, _, s in sized] == [{"dead": 3}]
    # a war that could kill: no toll, no event made
    assert _sized("The war could kill 5,000 people, analysts warned.") == []
    # a number that counts no one
    assert _sized("The war has cost 400 million dollars so far.") == []


@pytest.mark.model
def test_an_enumerated_toll_is_the_sum_of_its_groups_with_each_figure_kept() -> None:
    import dateline

    text = "Rebels attacked the convoy on Friday. Three soldiers and two drivers were killed."
    record = dateline.extract(text, published="2023-03-10")
    event = next(e for e in record.events if e.size)
    assert event.size is not None and event.size["dead"] == 5
    figures = event.size["figures"]
    assert [(f["kind"], f["value"]) for f in figures] == [("dead", 3), ("dead", 2)]
    assert [text[f["start"]:f["end"]] for f in figures] == ["Three", "two"]
    from dateline.export.records import event_records

    rows = [r for r in event_records(record) if r.fatalities is not None]
    assert [(r.fatalities, r.toll_scope) for r in rows] == [(5, "incident")]


def test_development_set_is_apart_from_the_measure() -> None:
    dev, gold = load_gold("dev"), load_gold()
    assert not set(dev["articles"]) & set(gold["articles"])
    for toll in dev["tolls"] + dev["ambiguous"]:
        assert set(toll) == {"article", "offset", "kind", "value"}
        assert toll["article"] in dev["articles"]
    assert len(dev["tolls"]) >= 80


def test_scoring_counts_each_stated_toll_once() -> None:
    doc = Document(id="d", text="x", external_id="a1")
    events = [Event("e1", "ASSAULT", size={"dead": 5, "injured": 18}, mentions=[Mention(0, 1, "x")]),
              Event("e2", "ASSAULT", size={"dead": 5}), Event("e3", "ASSAULT", size={"dead": 9})]
    gold = {"articles": ["a1"], "tolls": [
        {"article": "a1", "kind": "dead", "value": 5}, {"article": "a1", "kind": "injured", "value": 18},
        {"article": "a1", "kind": "dead", "value": 7}],
        "ambiguous": [{"article": "a1", "kind": "dead", "value": 9}]}
    result = score([Extraction(document=doc, events=events)], gold)
    assert result["correct"] == 2 and result["system_tolls"] == 2  # dead=9 is ambiguous: not counted
    assert result["precision"] == 1.0 and result["recall"] == pytest.approx(0.667, abs=0.001)
    assert result["missed"] == ["a1 dead=7"]


def test_scoring_counts_each_figure_of_an_enumerated_toll() -> None:
    doc = Document(id="d", text="x", external_id="a1")
    figures = [{"kind": "dead", "value": v, "start": 0, "end": 1} for v in (4, 58, 176)]
    events = [Event("e1", "ASSAULT", size={"dead": 238, "figures": figures}),
              Event("e2", "ASSAULT", size={"dead": 9, "scope": "cumulative"})]
    listed = {"articles": ["a1"], "tolls": [
        {"article": "a1", "kind": "dead", "value": v} for v in (4, 58, 176, 9)]}
    result = score([Extraction(document=doc, events=events)], listed)
    # each group is found; the sum (238) is arithmetic, not an error
    assert (result["recall"], result["precision"], result["wrong"]) == (1.0, 1.0, [])
    total = {"articles": ["a1"], "tolls": [{"article": "a1", "kind": "dead", "value": 238}],
             "ambiguous": [{"article": "a1", "kind": "dead", "value": v} for v in (4, 58, 176)]}
    result = score([Extraction(document=doc, events=events)], total)
    # a gold that states the total finds it in the sum; dead=9 is wrong there
    assert result["recall"] == 1.0 and result["wrong"] == ["a1 dead=9"]


def test_scoring_counts_every_figure_an_event_gives() -> None:
    doc = Document(id="d", text="x", external_id="a1")
    # two numbers for one strike, not a list: the count keeps the larger, both are stated
    figures = [{"kind": "dead", "value": 10, "start": 0, "end": 1, "summed": False},
               {"kind": "dead", "value": 20, "start": 2, "end": 3, "summed": False},
               {"kind": "arrested", "value": 4, "start": 4, "end": 5, "summed": False}]
    events = [Event("e1", "ASSAULT", size={"dead": 20, "arrested": 4, "figures": figures})]
    gold = {"articles": ["a1"], "tolls": [{"article": "a1", "kind": "dead", "value": v} for v in (10, 20)]}
    result = score([Extraction(document=doc, events=events)], gold)
    assert (result["recall"], result["precision"]) == (1.0, 1.0)  # arrests are not scored


def test_toll_scope_column() -> None:
    from dateline.export.records import _fused_scope, _scope

    assert _scope({"dead": 9000, "scope": "cumulative"}) == "cumulative"
    assert _scope({"dead": 3}) == "incident"
    assert _scope({}) is None and _scope({"scope": "cumulative"}) is None
    assert _fused_scope([{"dead": 3}, {"dead": 9000, "scope": "cumulative"}]) == "cumulative"
    assert _fused_scope([{}, {}]) is None


def test_gold_holds_no_text() -> None:
    gold = load_gold()
    for toll in gold["tolls"] + gold["ambiguous"]:
        assert set(toll) == {"article", "offset", "kind", "value"}
    assert len(gold["tolls"]) >= 20 and len(gold["articles"]) >= 20


@pytest.mark.shared
@pytest.mark.model
def test_casualty_floors_on_news_ukwar(shared_dir: Path) -> None:
    import dateline
    from dateline.eval.casualties import articles

    gold = load_gold()
    extractions = list(dateline.extract_many(articles(shared_dir, gold), errors="skip"))
    assert len(extractions) == len(gold["articles"])
    metrics = score(extractions, gold)
    failures = below_floors({"ukwar": metrics}, load_floors("casualties"))
    assert not failures, (failures, metrics["wrong"], metrics["missed"])


def test_a_war_naming_no_side_takes_the_sides_of_the_articles_fighting() -> None:
    from dateline.model import Event
    from dateline.nlp.events.war_tolls import _belligerents

    def strike(actor: list[str], recipient: list[str], aux: list[str] | None = None) -> Event:
        return Event(id=f"e{len(actor)}", event="ASSAULT", actor=actor, recipient=recipient, aux=aux or [])

    fighting = [strike(["country:RUS"], ["country:UKR"]), strike(["country:RUS"], []),
                strike(["country:UKR"], ["country:RUS"]), strike(["country:RUS"], ["country:UKR"])]
    assert _belligerents(fighting) == (["country:RUS"], ["country:UKR"])
    # a tie between two doers assumes nothing; a leader with no clear target keeps only the doer
    assert _belligerents(fighting[1:3]) == ([], [])
    assert _belligerents([strike(["country:RUS"], ["country:UKR"]), strike(["country:RUS"], ["country:POL"])]) == (
        ["country:RUS"], [])
    # violence that did not happen (threatened, planned) says nothing about the sides
    assert _belligerents([strike(["country:BLR"], ["country:UKR"], ["future"])]) == ([], [])


@pytest.mark.model
def test_a_wars_toll_event_takes_the_sides_the_article_gives() -> None:
    import dateline

    record = dateline.extract(
        "Russian forces shelled Kharkiv on Monday. Russian troops attacked Ukrainian positions near Bakhmut. "
        "The war has killed more than 9,000 civilians, officials said on Tuesday.", published="2023-03-10")
    war = next(e for e in record.events if (e.size or {}).get("scope") == "cumulative")
    codes = {a.id: a.code for a in record.actors}
    assert [codes.get(a) for a in war.actor] == ["RUS"]
