"""The actors stage on sentences written for these tests."""

from __future__ import annotations

import pytest

from dateline.model import Extraction
from dateline.resolve.index import ActorIndex

pytestmark = pytest.mark.model


def actor_at(extraction: Extraction, needle: str, nth: int = 1) -> str | None:
    text = extraction.document.text
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    found = ActorIndex(extraction.actors).at(start, start + len(needle))
    return None if found is None else found.id


def test_names_titles_and_surnames(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "French President Emmanuel Macron met Olaf Scholz in Berlin on Monday. "
        "Mr Macron said the talks were useful, and Scholz agreed.",
        "2022-02-01",
    )
    macron = x.actor("person:emmanuel-macron")
    assert macron is not None and macron.wikidata == "Q3052772"
    texts = [m.text for m in macron.mentions]
    assert texts[0] == "French President Emmanuel Macron"  # the description joins the name
    assert actor_at(x, "Macron", 2) == "person:emmanuel-macron"
    assert actor_at(x, "Scholz", 2) == "person:olaf-scholz"
    for actor in x.actors:
        for mention in actor.mentions:
            assert x.document.text[mention.start : mention.end] == mention.text
            assert mention.sentence is not None


def test_descriptions_at_publication_date(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "The US president spoke to the Russian leader by phone. "
        "Russian forces shelled the city, Ukrainian officials said.",
        "2023-03-10",
    )
    assert actor_at(x, "The US president") == "person:joe-biden"
    assert actor_at(x, "the Russian leader") == "person:vladimir-putin"
    assert actor_at(x, "Russian forces") == "country:RUS:MIL"
    assert actor_at(x, "Ukrainian officials") == "country:UKR:GOV"


def test_his_predecessor_follows_the_subject(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Donald Trump arrived late. Trump said the economy was weak and blamed his "
        "predecessor for the deficit.",
        "2025-03-01",
    )
    assert actor_at(x, "his predecessor") == "person:joe-biden"


def test_unknown_person_gets_provisional_actor_with_context(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Iranian Foreign Minister Dariush Velayatifar arrived in Moscow. "
        "Velayatifar said Tehran wanted talks.",
        "2019-05-01",
    )
    actor_id = actor_at(x, "Dariush Velayatifar")
    assert actor_id is not None and actor_id.startswith("prov:")
    actor = x.actor(actor_id)
    assert actor is not None and actor.provisional
    assert (actor.code, actor.sector) == ("IRN", "GOV")
    assert actor_at(x, "Velayatifar", 2) == actor_id  # the surname links to the same actor


def test_metonymy_versus_place(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Moscow rejected the proposal, and the Kremlin said talks were over. "
        "A drone hit a Kyiv suburb overnight, officials in Kyiv said.",
        "2024-05-01",
    )
    assert actor_at(x, "Moscow") == "country:RUS:GOV"
    assert actor_at(x, "the Kremlin") == "country:RUS:GOV"
    assert actor_at(x, "Kyiv suburb") is None  # a place, not the government
    places = {p.span.text: p for p in x.places}
    assert places["Kyiv suburb"].precision == "subcity"
    assert places["Kyiv suburb"].country == "UA"


def test_organisations_and_media(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Nato allies met in Brussels, Reuters reported, as the United Nations "
        "called for a ceasefire.",
        "2024-05-01",
    )
    assert actor_at(x, "Nato") == "org:nato"
    assert actor_at(x, "Reuters") == "media:reuters"
    assert actor_at(x, "the United Nations") == "org:un"


def test_user_kb_entry_is_linked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from dateline.config import Config
    from dateline.model import Document
    from dateline.pipeline import Pipeline
    from dateline.textnorm import content_id

    kb = tmp_path / "mine.jsonl"
    kb.write_text(
        json.dumps({"id": "person:olena-kvitka", "name": "Olena Kvitka", "kind": "person",
                    "country": "UKR", "sector": "LEG"}) + "\n",
        encoding="utf-8",
    )
    pipeline = Pipeline(Config(stages=("segment", "actors"), knowledge_base_files=(str(kb),)))
    text = "Olena Kvitka voted against the bill."
    x = pipeline.process(Document(id=content_id(text), text=text, published="2024-01-01"))
    actor = x.actor("person:olena-kvitka")
    assert actor is not None and actor.sector == "LEG" and not actor.provisional


def test_bare_role_goes_to_the_latest_holder_named(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Olaf Scholz met Emmanuel Macron in Paris. The president said Europe must act. "
        "The chancellor agreed.",
        "2023-02-01",
    )
    assert actor_at(x, "The president") == "person:emmanuel-macron"
    assert actor_at(x, "The chancellor") == "person:olaf-scholz"


def test_conjoined_seats_share_their_use(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Talks between Moscow and Kyiv stalled. Sirens sounded in Moscow and Kyiv overnight.",
        "2024-05-01",
    )
    assert actor_at(x, "Kyiv") == "country:UKR:GOV"
    assert actor_at(x, "Kyiv", 2) is None
    assert "Kyiv" in [p.span.text for p in x.places]


def test_name_inside_a_longer_place_name_is_not_the_actor(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run("Russia courted Africa and Latin America, while America watched.", "2023-01-01")
    assert actor_at(x, "America") is None  # inside "Latin America"
    assert actor_at(x, "America", 2) == "country:USA"
    places = {p.span.text: p for p in x.places}
    assert places["Latin America"].precision == "region"


def test_provisional_actor_context_from_an_appositive(resolve_run) -> None:  # type: ignore[no-untyped-def]
    x = resolve_run(
        "Bohdan Kravetsky, a Ukrainian official, said the bridge was hit.", "2023-06-01"
    )
    actor_id = actor_at(x, "Bohdan Kravetsky")
    assert actor_id is not None and actor_id.startswith("prov:")
    actor = x.actor(actor_id)
    assert actor is not None and (actor.code, actor.sector) == ("UKR", "GOV")
