"""Document-local actors: people and organisations the knowledge base does not hold,
with their roles, aliases, affiliation and gender as the text shows them."""

from __future__ import annotations

import pytest

from dateline.config import Config
from dateline.model import Actor, Document, Extraction, Mention
from dateline.pipeline import Analysis, get_stage
from dateline.resolve.actors.gender import given_names, name_gender
from dateline.textnorm import content_id, normalize_for_nlp


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    from dateline.backbone import load_spacy

    config = Config()
    nlp = load_spacy(config.spacy_model)
    stages = [get_stage(name).factory(config) for name in ("segment", "actors", "coref", "quotes")]

    def go(text: str) -> Extraction:
        document = Document(id=content_id(text), text=text)
        extraction = Extraction(document=document)
        analysis = Analysis(document, nlp(normalize_for_nlp(text)), config, extraction)
        for name, stage in zip(("segment", "actors", "coref", "quotes"), stages, strict=True):
            stage(analysis)
            extraction.layers.append(name)
        return extraction

    return go


def by_name(extraction: Extraction, name: str) -> Actor:
    return next(a for a in extraction.actors if a.name == name)


def test_given_names_come_with_a_gender() -> None:
    names = given_names()
    assert len(names) > 5000
    assert name_gender("Cindy Marlowe") == "f" and name_gender("Doug Hallam") == "m"
    assert name_gender("Hallam") is None  # a surname alone says nothing
    assert name_gender("Volodymyr Hallam") == "m"  # the curated list of the news we read


def test_actor_round_trips_its_new_fields() -> None:
    actor = Actor("prov:ada-berg", "Ada Berg", kind="person", provisional=True, gender="f",
                  aliases=["Berg", "Ms. Berg"], roles=["mayor"], affiliation="Harbour Board",
                  mentions=[Mention(0, 8, "Ada Berg")])
    assert Actor.from_dict(actor.to_dict()) == actor
    assert Actor.from_dict({"id": "x", "name": "X"}).aliases == []


@pytest.mark.model
def test_local_people_and_organisations_with_roles_aliases_and_gender(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Mayor Doug Hallam opened the new bridge on Monday. "
        "Cindy Marlowe, a professor at the Northern Harbour Institute (NHI), praised the design. "
        "Later Mr. Hallam said the toll would stay low. The NHI said it would study the traffic."
    )
    extraction = run(text)
    hallam = by_name(extraction, "Doug Hallam")
    assert hallam.id == "prov:doug-hallam" and hallam.provisional
    assert hallam.gender == "m" and "mayor" in hallam.roles
    assert any(m.text in ("Mr. Hallam", "Hallam") for m in hallam.mentions[1:])
    marlowe = by_name(extraction, "Cindy Marlowe")
    assert marlowe.gender == "f" and "professor" in marlowe.roles
    institute = next(a for a in extraction.actors if a.kind == "organization" and "Harbour Institute" in a.name)
    assert "NHI" in institute.aliases
    assert institute.id.startswith("prov:org:")
    assert sum(1 for m in institute.mentions if m.text == "NHI") == 2  # the acronym's later use too
    assert marlowe.affiliation == institute.name


@pytest.mark.model
def test_gender_from_pronouns_bound_to_a_surname(run) -> None:  # type: ignore[no-untyped-def]
    text = "Okonkwo was elected to her post in March. Okonkwo said the work had only begun."
    extraction = run(text)
    assert by_name(extraction, "Okonkwo").gender == "f"


@pytest.mark.model
def test_a_lone_given_name_joins_the_full_name(run) -> None:  # type: ignore[no-untyped-def]
    text = "Michael Greenberg runs the shop with his wife. \u201cWe met at a card store,\u201d says Michael."
    extraction = run(text)
    (quote,) = extraction.quotes
    assert quote.speaker.name == "Michael Greenberg"


@pytest.mark.model
def test_roles_from_the_title_before_a_name_and_the_appositive_before_it(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Minister of Fisheries of Norland Peter Kessling opened the harbour on Monday. "
        "The Norland fisheries minister, Anna Vornholt, was not there.\n\n"
        "\"The nets are full,\" the minister said."
    )
    extraction = run(text)
    kessling = by_name(extraction, "Peter Kessling")
    assert "minister" in kessling.roles
    # place names and title words are no roles
    assert not {"fisheries", "norland", "peter"} & set(kessling.roles)
    assert "minister" in by_name(extraction, "Anna Vornholt").roles


@pytest.mark.model
def test_a_pronoun_bound_in_the_next_sentence_gives_the_gender(run) -> None:  # type: ignore[no-untyped-def]
    text = "Kestutis Ramanauskeviciu posted a long thread on Tuesday. He called the plan reckless."
    assert by_name(run(text), "Kestutis Ramanauskeviciu").gender == "m"


@pytest.mark.model
def test_the_minister_is_the_person_the_article_gave_that_title(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Minister of Fisheries of Norland Peter Kessling spoke in Oslo on Monday.\n\n"
        "\"Harald Brekke told us the quotas would fall,\" Kessling said.\n\n"
        "The minister said the fleet would be ready."
    )
    extraction = run(text)
    quote = next(q for q in extraction.quotes if "fleet" in q.content[0].text)
    # not the name inside the quoted words
    assert quote.speaker.name is not None and "Kessling" in quote.speaker.name


@pytest.mark.model
def test_a_subject_of_unknown_gender_beats_a_nearer_object(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Archbishop Tarvo Kessling has not named Russia or its president, Vladimir Putin, but he has "
        "criticised the war. \"I pray for peace,\" he said."
    )
    extraction = run(text)
    quote = next(q for q in extraction.quotes if "pray" in q.content[0].text)
    assert quote.speaker.name is not None and "Kessling" in quote.speaker.name


@pytest.mark.model
def test_a_she_bound_to_a_name_keeps_he_away_from_her(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Ilvy Marrow said she heard the boat leave. Peter Pask was arrested near the dock.\n\n"
        "He told detectives he had taken the boat."
    )
    extraction = run(text)
    marrow = next(a for a in extraction.actors if a.name == "Ilvy Marrow")
    assert marrow.gender == "f"
    assert not any(m.text == "He" for m in marrow.mentions)


@pytest.mark.model
def test_unnamed_agents_speak_for_the_organisation_their_phrase_names(run) -> None:  # type: ignore[no-untyped-def]
    spoke = run("Representatives of the Harbour Authority said the port would reopen on Monday.")
    assert [q.speaker.name for q in spoke.quotes] == ["Harbour Authority"]
    near = run("A source close to the Harbour Authority said the port would reopen.")
    assert all(q.speaker.actor_id is None for q in near.quotes)  # close to it is not of it


@pytest.mark.model
def test_her_lawyer_is_the_lawyer_the_article_named_never_her(run) -> None:  # type: ignore[no-untyped-def]
    named = run(
        "Marta Kowalczyk was detained in Minsk on Friday. Her lawyer, Ivan Dorosh, filed an appeal.\n\n"
        "The court rejected it. \"This is unlawful,\" her lawyer said."
    )
    assert [q.speaker.name for q in named.quotes] == ["Ivan Dorosh"]
    unnamed = run("Marta Kowalczyk was detained in Minsk on Friday.\n\n\"This is unlawful,\" her lawyer said.")
    assert all(q.speaker.actor_id is None for q in unnamed.quotes)


def _speaker_of(extraction: Extraction, words: str) -> str | None:
    quote = next(q for q in extraction.quotes if any(words in c.text for c in q.content))
    return quote.speaker.name


@pytest.mark.model
def test_a_pronoun_opening_the_next_sentence_overrules_the_given_name_list(run) -> None:  # type: ignore[no-untyped-def]
    # "Lu" is a woman's name in the list; the "he" that follows the subject says otherwise
    text = (
        "Foreign ministry spokesperson Lu Tanvik gave no details about Kim Jong Un's schedule. "
        "But he said further information would be released in due course."
    )
    extraction = run(text)
    assert by_name(extraction, "Lu Tanvik").gender == "m"
    assert _speaker_of(extraction, "further information") == "Lu Tanvik"


@pytest.mark.model
def test_a_photo_credit_is_no_antecedent(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Nadia Orsk leads the study at the shelter. \"We listen to every guest,\" Orsk says.\n\n"
        "The residents want more counselling and more housing.\n\n"
        "Volunteers serve dinner at the hall. (Maria Tellen / Northern Press)\n\n"
        "\"We just need to remember that they are not all alike,\" she added."
    )
    assert _speaker_of(run(text), "remember") == "Nadia Orsk"


@pytest.mark.model
def test_the_last_speaker_takes_he_when_the_earlier_antecedent_is_not_named_since(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Justice Sean Dalby said the station had acted improperly. "
        "\"This has become an acrimonious fight,\" he wrote in his decision.\n\n"
        "A statement e-mailed to the newspaper by Reagan Tolliver said \"the station will respect the order.\" "
        "When asked about the criticism, he replied the station would \"have a further statement next week.\""
    )
    assert _speaker_of(run(text), "further statement") == "Reagan Tolliver"


@pytest.mark.model
def test_a_company_is_no_person_and_its_first_word_is_the_company(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marston Communications Inc. put its magazines up for sale in March. "
        "Marston said on Monday that it had found a buyer.\n\n"
        "The company said the sale was needed to keep the business sustainable."
    )
    extraction = run(text)
    company = by_name(extraction, "Marston Communications Inc.")
    assert company.kind == "organization"
    assert not any(a.kind == "person" and a.name.startswith("Marston") for a in extraction.actors)
    assert _speaker_of(extraction, "sustainable") == "Marston Communications Inc."


@pytest.mark.model
def test_a_name_after_firm_is_an_organisation(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Oil exports from the port rose sharply in May, analytics firm Kpler said on Tuesday.\n\n"
        "The company said tankers had loaded more crude than in any month since the war began."
    )
    extraction = run(text)
    assert by_name(extraction, "Kpler").kind == "organization"
    assert _speaker_of(extraction, "tankers") == "Kpler"


@pytest.mark.model
def test_an_acronym_is_the_name_it_spells(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Northern Grain Council released a valuation of the harbour on Thursday.\n\n"
        "But the NGC added that the valuation assumes the harbour will be built on time."
    )
    assert _speaker_of(run(text), "assumes") == "Northern Grain Council"


@pytest.mark.model
def test_a_party_epithet_is_the_person_in_focus(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Senate Majority Leader Mitch Corbell blamed activists for the attacks on the students.\n\n"
        "\"They decided it was time to attack these young people,\" the Kentucky Republican said."
    )
    assert _speaker_of(run(text), "young people") == "Mitch Corbell"


@pytest.mark.model
def test_an_indefinite_description_is_the_person_named_next(run) -> None:  # type: ignore[no-untyped-def]
    named = run(
        "A provincial court judge criticised the ministry on Friday, saying it had \"played games\" with the "
        "families.\n\nJustice Marta Olsen ordered the ministry to pay the families' costs."
    )
    assert _speaker_of(named, "played games") == "Marta Olsen"
    # an unnamed spokesperson stays unnamed
    unnamed = run(
        "A spokesperson for the ministry said the ruling would be appealed.\n\n"
        "Justice Marta Olsen ordered the ministry to pay the families' costs."
    )
    assert _speaker_of(unnamed, "appealed") is None


@pytest.mark.model
def test_they_stops_at_a_nearer_group_and_furniture_names_no_one(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "READ MORE: Yellow vest protesters rally across Canada against the fuel levy\n\n"
        "Protesters said the levy had done nothing for the oil sector. "
        "They called it a bandage solution that would not create jobs."
    )
    extraction = run(text)
    quote = next(q for q in extraction.quotes if "bandage" in q.content[0].text)
    assert quote.speaker.actor_id is None


@pytest.mark.model
def test_a_title_is_no_ones_name(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Secretary-General of NATO, Jens Stoltenberg and British Prime Minister Boris Johnson said "
        "that the West should prepare for a long war."
    )
    extraction = run(text)
    assert not any(a.name == "General" for a in extraction.actors)
    assert all(q.speaker.name != "General" for q in extraction.quotes)


@pytest.mark.model
def test_a_head_outside_the_source_gives_way_to_the_source_root() -> None:
    from dateline.backbone import load_spacy
    from dateline.nlp.quotes.lexicon import lexicon
    from dateline.nlp.quotes.speakers import SpeakerResolver

    text = "VARNO, 3 March (NTA) \u2013 Fisheries Minister Peter Kessling said the quota talks would fail."
    doc = load_spacy(Config().spacy_model)(text)
    start = text.index("Fisheries")
    end = text.index(" said")
    kessling = Actor(id="prov:peter-kessling", name="Peter Kessling", kind="person",
                     mentions=[Mention(text.index("Peter"), end, "Peter Kessling")])
    varno = Actor(id="prov:org:varno", name="VARNO", kind="organization", mentions=[Mention(0, 5, "VARNO")])
    resolver = SpeakerResolver(lexicon(), doc, text, [kessling, varno])
    # the parse's head is the dateline's first word, outside the source
    speaker, _ = resolver.resolve((start, end), 0)
    assert speaker.name == "Peter Kessling"


@pytest.mark.model
def test_a_description_opening_the_article_is_the_person_named_next(run) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The most criticised referee in the league finally said \"enough.\"\n\n"
        "Tomas Verhagen has announced that he will no longer officiate league finals."
    )
    assert _speaker_of(run(text), "enough") == "Tomas Verhagen"


@pytest.mark.model
def test_a_known_person_s_surname_as_its_alias_spells_it(run) -> None:  # type: ignore[no-untyped-def]
    text = ("Sergei Lavrov spoke in Moscow on Monday. There will be no war if it depends on us, "
            "said Ławrow, adding that the talks would go on.")
    people = [a for a in run(text).actors if a.kind == "person"]
    assert [a.id for a in people] == ["person:sergei-lavrov"]
    assert len(people[0].mentions) == 2


def test_alias_surnames_only_for_known_people() -> None:
    from dateline.resolve.actors.kb import Entry, person_surnames

    known = Entry(id="person:x", name="Sergei Lavrov", kind="person", code="RUS", sector="GOV",
                  aliases=["Siergiej Ławrow"], source="people.jsonl:1")
    assert person_surnames(known) == {"lavrov", "ławrow"}
    local = Entry(id="prov:y", name="Jan Nowak", kind="person", code=None, sector=None,
                  aliases=["Nowaka Jana"], source="provisional")
    assert person_surnames(local) == {"nowak"}


@pytest.mark.model
def test_a_title_alone_is_its_holder_not_a_person_of_its_own(run) -> None:  # type: ignore[no-untyped-def]
    # "the Taoiseach", tagged ORG or PERSON by the tagger, once became an actor named "Taoiseach"
    text = (
        "The Taoiseach, Aoife Brennan, visited Galway on Friday.\n\n"
        "The Taoiseach told reporters that she expected a deal. \u201cIt is close,\u201d she said."
    )
    extraction = run(text)
    assert not any(a.name.lower() == "taoiseach" for a in extraction.actors)
    brennan = by_name(extraction, "Aoife Brennan")
    assert "taoiseach" in brennan.roles
    quote = next(q for q in extraction.quotes if "close" in q.content[0].text)
    assert quote.speaker.actor_id == brennan.id
