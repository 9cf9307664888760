"""The aggregates behind the analyst's desk, over the hand-built web corpus: events per
day/week by type and dyad, the daily counts by dyad and type, map points by quad class,
a story by id, and the actor chart's window on a long history."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from dateline.interfaces.web import queries
from dateline.model import Extraction
from dateline.store import open_store
from tests.fusion.conftest import report
from tests.web.conftest import make_client


def test_daily_counts_by_dyad_and_type(client: TestClient) -> None:
    body = client.get("/api/counts/daily").json()
    rows = [(r["date"], r["actor"], r["recipient"], r["event"], r["events"]) for r in body["items"]]
    # day-dated events only: the month-dated CONSULT (2023-05) is not a day
    assert rows == [
        ("2023-01-20", "country:RUS", "country:UKR", "CONSULT", 1),
        ("2023-03-07", "country:RUS:MIL", "country:UKR", "ASSAULT", 1),
        ("2023-03-08", "country:RUS", "country:UKR", "ASSAULT", 1),
        ("2023-03-08", "country:UKR", "country:RUS:MIL", "REJECT", 1),
        ("2023-04-03", "country:USA", "country:UKR", "AID", 1),
        ("2023-04-03", "person:volodymyr-zelensky", "country:USA", "COOPERATE", 1),
    ]
    assert body["items"][0]["actor_name"] == "Russia" and body["items"][0]["quad_class"] == 1
    # the event filters apply; pages page
    asserted = client.get("/api/counts/daily?include_negated=false&type=ASSAULT").json()["items"]
    assert [r["date"] for r in asserted] == ["2023-03-07"]
    assert len(client.get("/api/counts/daily?limit=2&offset=4").json()["items"]) == 2
    assert client.get("/api/counts/daily?limit=0").status_code == 400


def test_events_per_day_by_type_with_the_rest_summed(client: TestClient) -> None:
    data = client.get("/api/charts/daily?top=2").json()
    assert (data["group"], data["bucket"], data["total"]) == ("type", "day", 6)
    assert data["buckets"][0] == "2023-01-20" and data["buckets"][-1] == "2023-04-03"
    assert len(data["buckets"]) == 74  # every day in between, for an honest time axis
    assert [(s["key"], s["total"], s["quad_class"]) for s in data["series"]] == [("ASSAULT", 2, 4), ("AID", 1, 2)]
    assert data["series"][0]["counts"][data["buckets"].index("2023-03-07")] == 1
    assert (data["other"]["label"], data["other"]["total"]) == ("3 other", 3)
    assert sum(map(sum, [s["counts"] for s in data["series"]] + [data["other"]["counts"]])) == 6


def test_events_per_week_by_dyad(client: TestClient) -> None:
    data = client.get("/api/charts/daily?group=dyad&bucket=week").json()
    assert data["buckets"][0] == "2023-01-16" and data["buckets"][-1] == "2023-04-03"  # Mondays
    first = data["series"][0]
    assert (first["label"], first["total"], first["actor"], first["recipient"]) == (
        "Russia → Ukraine", 2, "country:RUS", "country:UKR")
    assert first["counts"][data["buckets"].index("2023-03-06")] == 1
    assert client.get("/api/charts/daily?group=other").status_code == 400
    assert client.get("/api/charts/daily?bucket=month").status_code == 400


def test_map_points_carry_quad_classes_and_the_date_extent(client: TestClient) -> None:
    data = client.get("/api/map").json()
    points = {p["name"]: p for p in data["points"]}
    assert points["Kyiv"]["quads"] == {"q1": 0, "q2": 1, "q3": 1, "q4": 0}
    assert points["Kyiv"]["quad_class"] == 3  # a tie goes to the more conflictual class
    assert points["Kharkiv"]["quad_class"] == 4 and points["Istanbul"]["quad_class"] == 1
    # the extent ignores the date filter: it is the time control's full range
    assert data["extent"] == {"first": "2023-01-20", "last": "2023-05"}
    narrowed = client.get("/api/map?date_to=2023-03-07").json()
    assert narrowed["extent"] == data["extent"] and {p["name"] for p in narrowed["points"]} == {"Istanbul", "Kharkiv"}


def test_month_window_keeps_the_most_recent_months() -> None:
    months = queries.month_range("1986-01", "2022-03")
    assert len(months) == queries.MAX_MONTHS and months[-1] == "2022-03" and months[0] == "2002-04"
    assert queries.month_range("2022-11", "2023-02") == ["2022-11", "2022-12", "2023-01", "2023-02"]


def _meeting(year: int, month: str = "06") -> Extraction:
    text = f"Envoys of Lakeland met officials of Hillmark in {year}."
    return report(f"doc-{year}-{month}", text, f"{year}-{month}-15", [
        {"date": f"{year}-{month}-15", "event": "CONSULT", "trigger": "met",
         "actor": ["country:LKL"], "recipient": ["country:HLM"]}], actors=("country:LKL", "country:HLM"))


def test_actor_profile_on_decades_ends_now_and_counts_what_it_leaves_out() -> None:
    with open_store(":memory:") as store:
        for extraction in [*(_meeting(y) for y in range(1986, 2022, 5)), _meeting(2022, "02"), _meeting(2022, "03")]:
            store.save(extraction)
        client = make_client(store)
        data: dict[str, Any] = client.get("/api/actors/country:LKL?limit=3").json()
        assert data["months"][-1]["month"] == "2022-03" and len(data["months"]) == 240
        assert data["months"][-1]["as_actor"] == 1
        assert data["earlier"] == {"as_actor": 4, "as_recipient": 0, "from": "1986-06"}
        # the lists: the most recent first, and how many there are
        assert [e["date"] for e in data["as_actor"]] == ["2022-03-15", "2022-02-15", "2021-06-15"]
        assert data["as_actor_total"] == 10
        recipient = client.get("/api/actors/country:HLM").json()
        assert recipient["earlier"]["as_recipient"] == 4 and recipient["as_recipient_total"] == 10
