"""Aux marks that follow the grammar (nlp/events/modality.py), on sentences
written for these tests: the marks a trigger takes before typing
(``aux_modes``) plus those added after (``clause_modes``), the frames that
are no event at all, and the uses of trigger words the lexicon's negative
fields rule out."""

from __future__ import annotations

import pytest

from dateline.nlp.events.modality import retyped_modes

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "word", "wanted"),
    [
        # intention verbs and nouns, and their negation
        # ("plans" is also one of the typer's hypothetical governors)
        ("Kyiv has no plans to join the sanctions.", "sanctions", {"negation", "future", "hypothetical"}),
        ("Moscow has no intention of invading its neighbour.", "invading", {"negation", "future"}),
        ("Paris does not plan to attack anyone.", "attack", {"negation", "future"}),
        ("Berlin is not going to send tanks to the front.", "send", {"negation", "future"}),
        # speculation, possibility, exposure
        ("Fires broke out, leading to speculation they had been caused by drone strikes.", "strikes", {"hypothetical"}),
        ("The northern border is vulnerable to an invasion by the army.", "invasion", {"hypothetical"}),
        ("The army may be preparing a new offensive.", "offensive", {"hypothetical"}),
        # awaited, feared, planned or prepared for: not done
        ("The army is preparing a new offensive.", "offensive", {"future"}),
        ("The ministry denied that the army is planning an assault.", "assault", {"future", "negation"}),
        ("The capital is preparing a package of sanctions against the regime.", "sanctions", {"future"}),
        ("Flights were cancelled ahead of an invasion by the army.", "invasion", {"future"}),
        ("The town is bracing for an attack by the rebels.", "attack", {"hypothetical"}),
        ("Crowds marched in the face of a feared invasion by the army.", "invasion", {"hypothetical"}),
        ("Sanctions would follow in the event of the army's invasion.", "invasion", {"hypothetical"}),
        ("Leaders voiced concerns of an invasion by the army.", "invasion", {"hypothetical"}),
        ("The alliance responded to any attack by the army with sanctions.", "attack", {"hypothetical"}),
        ("The president has not signed off on any deliveries to the republic.", "deliveries", {"negation"}),
        ("The army prepared the attack on the city.", "attack", set()),
        ("Nobody taped windows in anticipation of bombing by the army.", "bombing", {"future"}),
        ("The government is considering new sanctions against the regime.", "sanctions", {"hypothetical"}),
        ("The senate is considering a resolution demanding that the army withdraw.", "demanding", set()),
        ("He joked about the failed invasion predictions of the press.", "invasion", {"hypothetical"}),
        # a modal or future verb over coordination, a noun's phrase, an infinitive
        ("The diplomats will leave the capital and provide services in the west.", "provide", {"future"}),
        ("The government could change course and impose sanctions on the regime.", "sanctions", {"hypothetical"}),
        ("The army may send more troops to launch an attack.", "attack", {"hypothetical"}),
        ("The general will not stop until he destroys the bridge.", "destroys", {"future"}),
        # a condition's consequence is conditional, not future
        ("Relations will be severed if the troops cross the border.", "severed", {"hypothetical"}),
        # obligation, requests, evaluative frames, denial, negative subjects, questions
        ("The outcome has to be an agreement.", "agreement", {"hypothetical"}),
        ("The army is likely to attack the city.", "attack", {"hypothetical"}),
        ("The minister denied that troops attacked the village.", "attacked", {"negation"}),
        ("No country has sent tanks so far.", "sent", {"negation"}),
        ("Neither the council nor the court recognized the new state.", "recognized", {"negation"}),
        # delays
        ("The deliveries of tanks have stalled.", "deliveries", {"negation"}),
    ],
)
def test_a_trigger_takes_the_marks_of_its_grammar(marks, text, word, wanted):
    assert marks(text, word) == wanted


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The army attacked the city and killed ten people.", "killed"),
        ("The statement went on to commend the restraint of the government.", "commend"),
        ("The army will be punished for attacks on civilians.", "attacks"),  # a definite past event stays
        ("People stayed home because of the invasion of the country.", "invasion"),
        ("The attack on the capital killed five people on Monday.", "attack"),
        ("Why did the army attack the city?", "attack"),  # a wh-question takes its happening as given
        ("Officials told reporters the plant was surrounded and requested help.", "requested"),
    ],
)
def test_a_realised_event_takes_no_new_mark(marks, text, word):
    found = marks(text, word)
    assert found is not None and not (found - {"future"} if word == "attacks" else found)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("They understand that it is futile to fight against the army.", "fight"),
        ("That makes it more difficult for the regime to help its ally.", "help"),
        ("The goal is to weaken the republic and destroy its army.", "destroy"),
        ("One of its tactics is to keep throwing men into battle.", "battle"),
        ("The agency is encouraging people to visit the capital.", "visit"),  # a demand's content
        ("The president agreed to become a puppet?", "agreed"),  # a yes/no question
    ],
)
def test_a_judgement_an_aim_a_question_or_a_demands_content_is_no_event(marks, text, word):
    assert marks(text, word) is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The plan is to hold talks next week.", "talks"),
        ("The army agreed to withdraw its troops.", "agreed"),
        ("The government asked the allies to send tanks.", "asked"),
    ],
)
def test_plans_agreements_and_requests_stay_events(marks, text, word):
    assert marks(text, word) is not None


def test_a_retyped_speech_act_drops_its_contents_marks():
    from dateline.nlp.events.resources import load_resources

    res = load_resources()
    # "ready to provide a venue" read as an offer: the offer was made
    assert retyped_modes({"hypothetical"}, "AID", "AGREE", res) == set()
    # "not going to send" read as a refusal: the refusal is not negated
    assert retyped_modes({"negation", "future"}, "AID", "REJECT", res) == set()
    # a content type keeps its marks
    assert retyped_modes({"future"}, "AGREE", "AID", res) == {"future"}
    assert retyped_modes({"historical", "future"}, "AID", "REQUEST", res) == {"historical"}
    # a planned meeting read as AGREE stays planned
    assert retyped_modes({"future"}, "CONSULT", "AGREE", res) == {"future"}


def test_grammar_marks_hold_for_an_event_only_when_every_mention_carries_them(analyse, run_events):
    alone = run_events(analyse("Germany will review its policy and send tanks to Ukraine."))
    (planned,) = [e for e in alone.events if e.event == "AID"]
    assert planned.aux == ["future"] and not planned.asserted
    both = run_events(analyse("Germany sent tanks to Ukraine on Monday. Germany will review its policy and send tanks to Ukraine."))
    aids = [e for e in both.events if e.event == "AID"]
    # the planned mention does not split the happening the text reports as done
    assert len(aids) == 1 and aids[0].asserted


# -- unrealised events and word uses that are not their event (negative fields of
# data/events/triggers.json) -----------------------------------------------------


@pytest.fixture(scope="module")
def lexicon_event(nlp):
    """word -> the type the lexicon proposes for it in ``text`` (None: none)."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()

    def read(text: str, word: str) -> str | None:
        for sent in nlp(text).sents:
            for cand in candidates(sent, res):
                if cand.trigger.text == word:
                    return cand.event
        return None

    return read


@pytest.mark.parametrize(
    ("text", "word", "wanted"),
    [
        # a to-infinitive on a noun: what could or would be done
        ("Analysts say the army has a range of options to attack the capital.", "attack", "hypothetical"),
        ("There is a clear desire for the government to seize the western provinces.", "seize", "hypothetical"),
        # an infinitive under a modal verb
        # ("would like to meet/talk" is itself an AGREE: constructions.json)
        ("The general would like to seize the port before winter.", "seize", "hypothetical"),
        ("The bombers would be allowed only to strike troops inside the country.", "strike", "hypothetical"),
        # a feared or threatened noun, a condition, an unsupported claim
        ("The small republic is threatened by an attack from the east.", "attack", "hypothetical"),
        ("Penalties would take effect in the event of an invasion.", "invasion", "hypothetical"),
        ("The spokesman said there is no evidence that the rebels attacked the town.", "attacked", "negation"),
    ],
)
def test_an_unrealised_event_is_marked(marks, text, word, wanted):
    found = marks(text, word)
    assert found is not None and wanted in found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("She was the first minister to resign over the scandal.", "resign"),  # the first to: it happened
        ("The army launched an attack on the capital on Monday.", "attack"),
        ("The volunteers travelled to the border and helped the refugees.", "helped"),
        ("The spokesman said the rebels attacked the town.", "attacked"),
    ],
)
def test_a_realised_event_is_not_marked(marks, text, word):
    found = marks(text, word)
    assert found is not None and not found & {"hypothetical", "negation", "future"}


def test_defending_ones_own_country_is_no_support(lexicon_event):
    assert lexicon_event("The army has every right to defend itself against the invasion.", "defend") != "SUPPORT"
    assert lexicon_event("The volunteers swore to defend their homeland.", "defend") != "SUPPORT"
    assert lexicon_event("The minister defended the president against his critics.", "defended") == "SUPPORT"


def test_hosting_a_contest_is_no_meeting(lexicon_event):
    assert lexicon_event("The city will host the song contest next year.", "host") is None
    assert lexicon_event("The country hosted a summit of the alliance's leaders.", "hosted") == "CONSULT"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The plan will meet with fierce criticism from the opposition.", "meet"),
        ("Weakness in the face of the army is inviting more aggression.", "inviting"),
        ("The drought threatened the harvest in the south.", "threatened"),
        ("Losing the war will threaten the security of the continent.", "threaten"),
        ("The continuous threat of fire frightened the villagers.", "threat"),
        ("I absolutely agree with this, the minister said.", "agree"),
    ],
)
def test_a_word_in_a_use_that_is_not_its_event_proposes_none(lexicon_event, text, word):
    assert lexicon_event(text, word) is None


@pytest.mark.parametrize(
    ("text", "word", "event"),
    [
        ("Macron will meet with Scholz in Berlin on Monday.", "meet", "CONSULT"),
        ("The president invited the minister to visit the capital.", "invited", "AGREE"),
        ("The army threatened the villagers with reprisals.", "threatened", "THREATEN"),
        ("The two governments agreed on a prisoner swap on Friday.", "agreed", "AGREE"),
    ],
)
def test_the_same_words_as_events_still_propose_them(lexicon_event, text, word, event):
    assert lexicon_event(text, word) == event


def test_nowhere_negates(marks):
    found = marks("Nowhere did the minister give the country any aid.", "give")
    assert found is not None and "negation" in found


def test_an_imperative_reports_no_happening(marks):
    assert marks("For more information, please visit our page on the war.", "visit") is None
    assert marks("Support the appeal of the foundation to help victims of the flood.", "help") is None
    assert marks("The foundation helped victims of the flood.", "helped") is not None


def test_a_designation_is_no_threat_made(marks):
    assert marks("Russia is no longer a partner, but it is a threat to the continent.", "threat") is None
    assert marks("The minister called the drills a serious threat to the region.", "threat") is None


# -- abilities, opinions and unrealised mentions (issue 14, prec6) -------------------


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Officials said the army has the ability to attack the capital from the north.", "attack"),
        ("The general said the enemy is in a position to attack the town.", "attack"),
        ("The republic is able to repel the northern army, the general said.", "repel"),
        ("The sanctions mean the regime is not able to support the war.", "support"),
        ("The navy is capable of striking the southern ports.", "striking"),
    ],
)
def test_an_ability_is_no_event(marks, text, word):
    assert marks(text, word) is None


def test_an_ability_that_was_used_or_is_predicted_stays_an_event(marks):
    # "were able to repel": it was repelled; the attack is no hypothetical one
    found = marks("The defenders were able to repel the attack on the bridge.", "attack")
    assert found is not None and "hypothetical" not in found
    # "will be able to strike": a predicted act, coded with its mark
    found = marks("The gunners will still be able to strike the city.", "strike")
    assert found is not None and "hypothetical" in found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("I absolutely agree with President Macron, the senator said.", "agree"),
        ("The foreign minister does not agree that the world can go back to business as usual.", "agree"),
        ("I can't agree or disagree with what has not happened yet.", "agree"),
    ],
)
def test_agreeing_with_a_view_or_a_person_is_no_agreement(marks, text, word):
    assert marks(text, word) is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("A corridor has been agreed on with Russia for the evacuation of civilians.", "agreed"),
        ("Russia agreed with Turkey on a corridor for the civilians.", "agreed"),
        ("The two governments agreed a deal brokered by the council.", "agreed"),
        ("The leaders agreed that the talks will resume in May.", "agreed"),
    ],
)
def test_agreeing_on_a_deal_stays_an_agreement(marks, text, word):
    assert marks(text, word) is not None


def test_a_planned_mention_is_no_evidence_of_the_happening_it_merged_with(analyse, run_events):
    text = "Germany sent tanks to Ukraine on Monday. Germany will review its policy and send tanks to Ukraine."
    found = run_events(analyse(text))
    (aid,) = [e for e in found.events if e.event == "AID"]
    assert aid.asserted
    # the planned "send" of the second sentence does not stand as a place where tanks were sent
    assert aid.mentions and all(m.start < text.index(" Germany will") for m in aid.mentions)


def test_a_headline_infinitive_is_planned(marks):
    found = marks("Germany to send more tanks to Ukraine", "send")
    assert found is not None and "future" in found
    found = marks("Germany sent more tanks to Ukraine on Monday.", "sent")
    assert found is not None and "future" not in found


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Minister 'very worried' about possible invasion of the country – video", "invasion"),
        ("Read more: Russian troops attacked the town", "attacked"),
    ],
)
def test_a_caption_or_link_line_is_no_event(marks, text, word):
    assert marks(text, word) is None


def test_a_condition_without_if_is_hypothetical(marks):
    for text, word in (
        ("Should Russia attack Ukraine, NATO will send troops to Poland.", "attack"),
        ("Should Russia attack Ukraine, NATO will send troops to Poland.", "send"),
    ):
        found = marks(text, word)
        assert found is not None and "hypothetical" in found, (text, word)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The volunteers tried to help end the war.", "help"),  # a contribution, no aid given
        ("The envoy was warning about the climate costs of the war.", "warning"),  # a topic, no threat
        ("The general seized the opportunity to regroup.", "seized"),
        ("The parade was a demonstration of strength.", "demonstration"),
    ],
)
def test_a_word_in_a_use_that_is_no_event_proposes_none(lexicon_event, text, word):
    assert lexicon_event(text, word) is None


def test_the_same_words_in_their_event_use_still_propose_them(lexicon_event):
    assert lexicon_event("The volunteers helped the refugees at the border.", "helped") == "AID"
    assert lexicon_event("Russian troops seized the airport on Monday.", "seized") == "COERCE"
    assert lexicon_event("Thousands joined a demonstration against the war.", "demonstration") == "PROTEST"


def test_a_time_to_come_on_the_event_makes_it_planned(marks):
    found = marks("Macron meets Scholz next week in Berlin.", "meets")
    assert found is not None and "future" in found
    # a past narrative's "the next day" plans nothing
    found = marks("The next day, the troops attacked the town.", "attacked")
    assert found is not None and "future" not in found


def test_an_attributive_recognised_is_no_recognition(nlp):
    """"within its internationally *recognized* borders" names a status, not
    an act of recognition (trigger entry ``not_use: attributive``)."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()

    def words(text: str) -> list[str]:
        return [c.trigger.text for sent in nlp(text).sents for c in candidates(sent, res)]

    assert "recognized" not in words("The army must withdraw behind the internationally recognized borders of the republic.")
    assert "recognized" in words("The government recognized the independence of the new republic.")


def test_contrasts_and_colon_imperatives_are_no_events(nlp):
    """"the actual *as opposed to* the hypothetical threat" contrasts two
    phrases; "To the government: *Send* tanks" asks the reader."""
    from dateline.nlp.events.mentions import candidates
    from dateline.nlp.events.resources import load_resources

    res = load_resources()

    def words(text: str) -> list[str]:
        return [c.trigger.text for sent in nlp(text).sents for c in candidates(sent, res)]

    assert "opposed" not in words("Suspicion grows that the actual as opposed to the hypothetical threat is misread.")
    assert "opposed" in words("The government opposed the sanctions against the regime.")
    assert "Send" not in words("To the government of the republic: Send tanks to the army now.")
