"""One person under several spellings, Polish given names and national role
descriptions (texts written for these tests)."""

from __future__ import annotations

import pytest

from dateline.config import Config
from dateline.model import Extraction
from dateline.resolve.actors.gender import given_gender, name_gender
from dateline.resolve.actors.kb import one_edit


def test_one_typing_slip() -> None:
    assert one_edit("pacek", "pack")  # a letter dropped
    assert one_edit("psaki", "pskai")  # neighbours swapped
    assert one_edit("kovalenko", "kovalenco")  # a letter changed
    assert not one_edit("pacek", "pacek")  # the same word is no slip
    assert not one_edit("smith", "smythe")
    assert not one_edit("abcd", "badc")


def test_polish_and_transliterated_given_names() -> None:
    assert given_gender("Paweł") == "m"  # ł has no decomposition: folded by hand
    assert given_gender("Ołeksij") == "m"  # the curated Oleksiy under another spelling
    assert given_gender("Dmitrij") == "m"
    assert given_gender("Wall") is None  # only curated names meet through transliteration
    assert name_gender("Małgorzata Nowakowska") == "f"


@pytest.mark.model
def test_spellings_and_national_roles() -> None:
    from dateline.api import extract

    text = (
        "British Foreign Secretary Liz Truss met her counterpart in Moscow on Thursday.\n\n"
        "Truss said that the troops must leave.- The facts speak for themselves - the British minister "
        "emphasized.\n\n"
        "Ukrainian military expert Petro Czernyk said the offensive would fail. Czerniek added that the "
        "army was ready.\n\n"
        "General Bogdan Pacek spoke on the radio. According to General Pack, the war will last long.\n\n"
        "US Ambassador to the UN Linda Thomas-Greenfield spoke on Monday. Thomas-Greenfield added that "
        "the vote would go ahead."
    )
    extraction: Extraction = extract(text, published="2022-02-10", config=Config())
    speakers = {q.speaker.span.text: q.speaker.actor_id for q in extraction.quotes if q.speaker.span is not None}
    assert speakers["the British minister"] == "person:liz-truss"
    assert speakers["Czerniek"] == speakers["Ukrainian military expert Petro Czernyk"]
    assert speakers["Thomas-Greenfield"] == "person:linda-thomas-greenfield"
    pacek = next(a for a in extraction.actors if a.name == "Bogdan Pacek")
    assert any(m.text == "General Pack" or m.text == "Pack" for m in pacek.mentions)
