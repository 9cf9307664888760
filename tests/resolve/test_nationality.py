"""People the knowledge base does not know carry the country their title or
appositive gives them, never one their name alone would suggest."""

from __future__ import annotations

import pytest
from tests.resolve.test_local_actors import run  # noqa: F401  (the pipeline fixture)

from dateline.model import Extraction


def code_of(extraction: Extraction, surname: str) -> str | None:
    person = next(a for a in extraction.actors if a.kind == "person" and a.name.endswith(surname))
    return person.code


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surname", "code"),
    [
        ("Polish MEP Jan Wrobelski said the sanctions were too weak.", "Wrobelski", "POL"),
        ("Kremlin spokesman Dmitri Pavlenkov said Moscow would respond.", "Pavlenkov", "RUS"),
        ("Tomas Varnelis, the Lithuanian foreign minister, condemned the attack.", "Varnelis", "LTU"),
        ("Pentagon spokesman Garrett Lomax said the aid would arrive soon.", "Lomax", "USA"),
        # the country of the title, not the one the ambassador is sent to
        ("Ukrainian Ambassador to the U.S. Olena Kravets said the war must end.", "Kravets", "UKR"),
        ("Norway's Culture Minister Oddvar Heglund welcomed the news.", "Heglund", "NOR"),  # the possessor
        ("Andrij Kovalenko from the Ukrainian press academy said Russia had lied.", "Kovalenko", "UKR"),
        ("Tom Berridge, a Conservative Party MP, said Russia had lied.", "Berridge", "GBR"),  # a known party
        ("Speaking on Friday, Comoros President Azali Mbaye floated a road map.", "Mbaye", "COM"),
    ],
)
def test_a_title_or_appositive_gives_a_local_person_a_country(run, text: str, surname: str, code: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert code_of(run(text), surname) == code


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "surname"),
    [
        ("Henrik Olstad said the talks had failed.", "Olstad"),  # a name alone gives no country
        ("Ambassador to Ukraine Beth Carrow met officials on Monday.", "Carrow"),  # sent there
        ("Rebecca Tolland, a former analyst focused on Russia, said the talks failed.", "Tolland"),
    ],
)
def test_no_country_the_text_does_not_give(run, text: str, surname: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    assert code_of(run(text), surname) is None


@pytest.mark.model
def test_the_events_stage_tells_compatriots_apart(run) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from dateline.nlp.events.actor_model import party_code

    extraction = run("Polish MEP Jan Wrobelski and Polish MP Adam Nowacki criticised the government.")
    people = [a for a in extraction.actors if a.kind == "person"]
    assert {a.code for a in people} == {"POL"}
    # one country for the reader, two parties for merging and own-side decisions
    assert len({party_code(a) for a in people}) == 2


def test_known_actors_stand_by_their_code_in_the_events_stage() -> None:
    from dateline.model import Actor
    from dateline.nlp.events.actor_model import party_code

    assert party_code(Actor(id="person:x", name="X", code="POL", kind="person")) == "POL"
    assert party_code(Actor(id="prov:y", name="Y", code="POL", kind="person", provisional=True)) == "prov:y"
    assert party_code(Actor(id="prov:org:z", name="Z", code="POL", kind="organization", provisional=True)) == "POL"
    assert party_code(Actor(id="prov:w", name="W", kind="person", provisional=True)) == "prov:w"
