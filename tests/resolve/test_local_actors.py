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
        "Minister of Fisheries of Norland Tarvo Kessling opened the harbour on Monday. "
        "The Norland fisheries minister, Edda Vornholt, was not there.\n\n"
        "\"The nets are full,\" the minister said."
    )
    extraction = run(text)
    kessling = by_name(extraction, "Tarvo Kessling")
    assert "minister" in kessling.roles
    # place names and title words are no roles
    assert not {"fisheries", "norland", "tarvo"} & set(kessling.roles)
    assert "minister" in by_name(extraction, "Edda Vornholt").roles


@pytest.mark.model
def test_a_pronoun_bound_in_the_next_sentence_gives_the_gender(run) -> None:  # type: ignore[no-untyped-def]
    text = "Kestutis Ramanauskeviciu posted a long thread on Tuesday. He called the plan reckless."
    assert by_name(run(text), "Kestutis Ramanauskeviciu").gender == "m"
