from __future__ import annotations

from datetime import date

from dateline.fusion.matching import EventRecord, compare_places, contradictions, day_range, match
from dateline.model import Location

from .conftest import KHARKIV, KYIV, LVIV, UKRAINE


def rec(doc: str, **kw) -> EventRecord:  # type: ignore[no-untyped-def]
    value = kw.pop("date", None)
    precision = kw.pop("precision", "day" if value else None)
    lo, hi = day_range(value, precision)
    base = {"event": "ASSAULT", "actors": ["country:RUS:MIL"], "location": KHARKIV}
    base.update(kw)
    return EventRecord(doc, "e0", day_lo=lo, day_hi=hi, date=value, date_precision=precision, **base)


def test_day_ranges_follow_precision() -> None:
    assert day_range("2022-05-03", "day") == (date(2022, 5, 3).toordinal(),) * 2
    lo, hi = day_range("2022-05", "month")
    assert (date.fromordinal(lo), date.fromordinal(hi)) == (date(2022, 5, 1), date(2022, 5, 31))
    assert day_range(None, "unknown") == (None, None)
    assert day_range("not a date", "day") == (None, None)


def test_same_day_same_place_same_actor_is_same() -> None:
    m = match(rec("a", date="2022-05-03"), rec("b", date="2022-05-03"))
    assert m.relation == "same" and "same day" in m.reasons


def test_sector_variant_counts_as_shared_actor() -> None:
    m = match(rec("a", date="2022-05-03"), rec("b", date="2022-05-03", actors=["country:RUS"]))
    assert "shared actor" in m.reasons


def test_recurring_shelling_weeks_apart_never_merges() -> None:
    m = match(rec("a", date="2022-05-03"), rec("b", date="2022-05-24"))
    assert m.relation is None and m.blocked


def test_two_undated_reports_are_at_most_possibly_same() -> None:
    m = match(rec("a"), rec("b"))
    assert m.relation == "possible"


def test_month_precision_is_at_most_possibly_same() -> None:
    m = match(rec("a", date="2022-05", precision="month"), rec("b", date="2022-05-03"))
    assert m.relation == "possible"


def test_far_apart_places_block() -> None:
    m = match(rec("a", date="2022-05-03"), rec("b", date="2022-05-03", location=LVIV))
    assert m.blocked and m.relation is None


def test_same_document_and_other_type_block() -> None:
    assert match(rec("a", date="2022-05-03"), rec("a", date="2022-05-03")).blocked
    assert match(rec("a", date="2022-05-03"), rec("b", date="2022-05-03", event="AID")).blocked


def test_compare_places() -> None:
    assert compare_places(KHARKIV, KHARKIV) == "same"
    assert compare_places(KHARKIV, UKRAINE) == "within"
    assert compare_places(KHARKIV, Location("Kharkiv", "RU", None, None, "city")) == "block"
    assert compare_places(KHARKIV, Location("Chuhuiv", "UA", 49.84, 36.69, "city")) == "other"
    assert compare_places(None, KYIV) is None


def test_contradictions_name_each_source() -> None:
    a = rec("a", date="2022-05-03", size={"dead": 3})
    b = rec("b", date="2022-05-04", size={"dead": 5}, asserted=False, aux=["negation"])
    found = {c.attribute: (c, docs) for c, docs in contradictions("fused:1", [a, b])}
    assert set(found) == {"date", "asserted", "size.dead"}
    c, docs = found["size.dead"]
    assert c.values == [3, 5] and docs == ["a", "b"] and c.event_id == "fused:1"


def test_duplicates_are_one_source_and_cannot_disagree() -> None:
    a = rec("a", date="2022-05-03", size={"dead": 3})
    b = rec("b", date="2022-05-03", size={"dead": 5}, canonical_document="a")
    assert contradictions("fused:1", [a, b]) == []


def test_country_level_reports_on_adjacent_days_are_only_possibly_same() -> None:
    a = rec("a", date="2022-05-03", location=UKRAINE, recipients=["country:UKR"])
    b = rec("b", date="2022-05-04", location=UKRAINE, recipients=["country:UKR"])
    m = match(a, b)
    assert m.relation == "possible" and any("nothing specific" in r for r in m.reasons)


def test_same_day_actor_and_target_without_a_town_is_same() -> None:
    a = rec("a", date="2022-05-03", location=None, recipients=["country:UKR"])
    b = rec("b", date="2022-05-03", location=UKRAINE, recipients=["country:UKR:MIL"])
    assert match(a, b).relation == "same"


def test_forecast_and_happening_are_at_most_possibly_same() -> None:
    threat = rec("a", date="2022-05-03", aux=["future"], asserted=False)
    m = match(threat, rec("b", date="2022-05-03"))
    assert m.relation == "possible" and "one report is future or hypothetical" in m.reasons
    # Two forecasts of the same strike are one claim.
    assert match(threat, rec("c", date="2022-05-03", aux=["hypothetical"], asserted=False)).relation == "same"


def test_a_forecast_is_no_whether_it_happened_contradiction() -> None:
    a = rec("a", date="2022-05-03")
    b = rec("b", date="2022-05-03", aux=["future"], asserted=False)
    assert contradictions("fused:1", [a, b]) == []
