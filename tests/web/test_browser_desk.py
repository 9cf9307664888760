"""The analyst's desk in a real browser (Debian's chromium via Playwright): what a user
sees on the map (zoom, pan, colours, the date range), the events-over-time chart, the
fused-event and story pages, the actor chart on data spanning decades, and TIMEX values
in words. Data: the hand-built web corpus, its invented second Kharkiv report, and
invented yearly meetings from 1986 to 2022 (texts written for these tests).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dateline.model import Extraction, Location
from tests.fusion.conftest import report
from tests.web.browser import goto, serve_record, shot, wait_route
from tests.web.corpus import corpus
from tests.web.test_fusion_api import SECOND

DECADES = list(range(1986, 2022, 5))  # one meeting every five years, then many in 2022


def second_report() -> Extraction:
    return report("doc-second", SECOND, "2023-03-07", [
        {"date": "2023-03-07", "location": Location("Kharkiv", "UA", 49.99, 36.23, "city"),
         # two groups summed (the figures keep their spans: not shown, not compared)
         "size": {"dead": 6, "scope": "cumulative", "figures": [
             {"kind": "dead", "value": 4, "start": 0, "end": 7, "summed": True},
             {"kind": "dead", "value": 2, "start": 9, "end": 14, "summed": True}]},
         "recipient": ["country:UKR"], "trigger": "shelled"}],
        title="Rockets hit Kharkiv block")


def meetings() -> list[Extraction]:
    """An actor with events from 1986 to 2022 (a span longer than the chart's 240 months)."""
    dated = [(f"{y}-06-15", "day") for y in DECADES]
    dated += [("2022-02-10", "day"), ("2022-02-17", "day"), ("2022-03-03", "day"), ("2022-W14", "week")]
    out = []
    for i, (date, precision) in enumerate(dated):
        text = f"Envoys of Lakeland met officials of Hillmark on the border, report number {i} said."
        out.append(report(f"doc-meet-{i}", text, date if precision == "day" else "2022-04-08", [
            {"date": date, "precision": precision, "event": "CONSULT", "trigger": "met",
             "actor": ["country:LKL"], "recipient": ["country:HLM"]}],
            title=f"Envoys meet ({date})", actors=("country:LKL", "country:HLM")))
    return out


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_record(tmp_path_factory.mktemp("desk") / "desk.db", [*corpus(), second_report(), *meetings()], fuse=True) as url:
        yield url


def dots(page: Any) -> dict[str, dict[str, Any]]:
    return {d["place"]: d for d in page.evaluate("""[...document.querySelectorAll('#map path.event-dot')]
        .map(e => { const b = e.getBoundingClientRect();
                    return {place: e.dataset.place, count: +e.dataset.count, cls: e.getAttribute('class'),
                            fill: e.getAttribute('fill'), x: b.x + b.width / 2, y: b.y + b.height / 2,
                            r: b.width / 2}; })""")}


def test_map_zooms_pans_colours_and_filters_by_date(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/map?type=ASSAULT")
    mapbox = page.locator("#map")
    assert page.locator("#map path.country-shape").count() > 150  # the bundled base layer
    before = dots(page)
    assert set(before) == {"Kharkiv", "Odesa"}
    # coloured by quad class (material conflict), sized by count (Kharkiv: 2 reports, Odesa: 1)
    assert "q4" in before["Kharkiv"]["cls"] and before["Kharkiv"]["fill"] == "#c0392b"
    assert before["Kharkiv"]["r"] > before["Odesa"]["r"]

    # zoom in with the + button: the two places move apart on screen
    zoom = float(mapbox.get_attribute("data-zoom"))
    gap = abs(before["Kharkiv"]["x"] - before["Odesa"]["x"]) + abs(before["Kharkiv"]["y"] - before["Odesa"]["y"])
    page.click(".leaflet-control-zoom-in")
    page.wait_for_function(f"+document.getElementById('map').dataset.zoom > {zoom}")
    settle(page)
    after = dots(page)
    assert abs(after["Kharkiv"]["x"] - after["Odesa"]["x"]) + abs(after["Kharkiv"]["y"] - after["Odesa"]["y"]) > 1.5 * gap

    # pan by dragging: the centre moves, the dots go with the map
    after = dots(page)
    centre = mapbox.get_attribute("data-center")
    box = mapbox.bounding_box()
    page.mouse.move(box["x"] + 600, box["y"] + 300)
    page.mouse.down()
    page.mouse.move(box["x"] + 380, box["y"] + 260, steps=8)
    page.mouse.up()
    page.wait_for_function(f"document.getElementById('map').dataset.center !== '{centre}'")
    settle(page)
    moved = dots(page)
    # dragged to the left: the view went east and Kharkiv (kept on screen) moved left with the map
    assert float(mapbox.get_attribute("data-center").split(",")[1]) > float(centre.split(",")[1])
    assert moved["Kharkiv"]["x"] < after["Kharkiv"]["x"] - 150
    shot(page, "desk-map-zoomed")

    # the date range: up to 7 Mar 2023 leaves the Kharkiv shelling, not the Odesa denial of 8 Mar
    set_range(page, "2023-03-07")
    page.wait_for_function("document.getElementById('map').dataset.points === '1' && !document.getElementById('map').dataset.loading")
    assert set(dots(page)) == {"Kharkiv"}
    assert "7 Mar 2023" in page.locator("#range-label").inner_text()
    assert "date_to=2023-03-07" in page.evaluate("location.hash")  # shareable
    shot(page, "desk-map-range")
    page.click("#range-reset")
    page.wait_for_function("document.getElementById('map').dataset.points === '2'")


def settle(page: Any) -> None:
    """Wait until the map has stopped moving (zoom animation, drag inertia)."""
    last = None
    for _ in range(40):
        now = page.evaluate("JSON.stringify([document.getElementById('map').dataset.center, "
                            "document.getElementById('map').dataset.zoom, "
                            "[...document.querySelectorAll('#map path.event-dot')].map(e => e.getAttribute('d'))])")
        if now == last and not page.locator("#map .leaflet-zoom-anim").count():
            return
        last = now
        page.wait_for_timeout(250)


def set_range(page: Any, last_day: str) -> None:
    """Move the 'to' slider to ``last_day`` as a user would (input, then change)."""
    # arrow keys from the right end, one day each, until the label shows the day
    slider = page.locator("#range-to")
    slider.focus()
    label = page.locator("#range-label")
    for _ in range(400):
        if label.inner_text().endswith(page.evaluate("(d) => humanDate(d)", last_day)):
            break
        page.keyboard.press("ArrowLeft")
    else:
        raise AssertionError(f"the slider never reached {last_day}")
    slider.dispatch_event("change")


def test_map_point_lists_its_events(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/map")
    page.locator("#map path.event-dot[data-place=Kharkiv]").click()
    detail = page.locator("#map-detail")
    assert detail.locator("li").count() == 2 and "Kharkiv" in detail.locator("h2").inner_text()


def test_events_chart_by_type_and_dyad_per_day_and_week(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline?date_from=2023-01-01")
    chart = page.locator("#events-chart")
    chart.locator("rect.count-bar").first.wait_for()
    assert "ASSAULT (3)" in chart.locator(".series-legend").inner_text()
    page.select_option("#chart-group", "dyad")
    page.wait_for_function("document.getElementById('events-chart').dataset.group === 'dyad'")
    assert "→" in chart.locator(".series-legend").inner_text()
    page.select_option("#chart-bucket", "week")
    page.wait_for_function("document.getElementById('events-chart').dataset.bucket === 'week'")
    titles = chart.locator("rect.count-bar title").all_text_contents()
    assert any(t.startswith("week of 6 Mar 2023") for t in titles), titles
    assert "chart_group=dyad" in page.evaluate("location.hash")
    shot(page, "desk-events-chart")
    # a bar opens the timeline of its week
    chart.locator("rect.count-bar[data-bucket='2023-03-06']").first.click()
    page.wait_for_function("location.hash.includes('date_to=2023-03-12') && document.body.dataset.rendered === location.hash")
    assert "date_from=2023-03-06" in page.evaluate("location.hash")
    assert page.locator("#timeline li.event").count() == 4  # 7 and 8 March


def test_fused_event_page_sets_the_reports_side_by_side(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/event/doc-shelling/e1")
    page.click("#fused-link")
    wait_route(page)
    assert page.evaluate("decodeURIComponent(location.hash)").startswith("#/fused/fused:")
    heads = page.locator("#fused-compare thead th.source-head")
    assert heads.count() == 2
    assert {"Rockets hit Kharkiv block", "Shelling of Kharkiv kills civilians"} == {
        heads.nth(i).locator("a").inner_text() for i in range(2)}
    size = page.locator("#fused-compare tr[data-attribute=size]")
    assert "differs" in (size.get_attribute("class") or "")
    assert sorted(size.locator("td").all_inner_texts()) == ["dead: 4", "dead: 6 (cumulative)"]
    assert "differs" not in (page.locator("#fused-compare tr[data-attribute=place]").get_attribute("class") or "")
    disagree = page.locator("#fused-disagreements").inner_text()
    assert "size.dead" in disagree and "6" in disagree and "4" in disagree
    assert page.locator("#fused-compare .evidence-row mark, #fused-compare .evidence-row .evidence-mark").count() == 2
    assert "2 sources" in page.locator("h1").inner_text()
    shot(page, "desk-fused-event")


def test_fused_list_and_story_pages(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/fused?min_sources=2")
    rows = page.locator("#fused-table tbody tr")
    assert rows.count() == 1 and "⚠" in rows.first.inner_text()
    goto(page, f"{base_url}/#/stories")
    story = page.locator("#story-list li", has_text="Rockets hit Kharkiv block").first
    if story.count() == 0:  # the label is made of words; find the story by its documents
        story = page.locator("#story-list li").filter(has_text="2 document(s)").first
    story.locator("a").first.click()
    wait_route(page)
    assert page.locator("#story-documents li").count() == 2
    fused = page.locator("#story-fused li", has_text="ASSAULT")
    assert fused.count() >= 1 and "2 sources" in page.locator("#story-fused").inner_text()
    shot(page, "desk-story")


def test_actor_chart_on_decades_shows_the_most_recent_months(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/actor/country:LKL")
    chart = page.locator("#actor-chart")
    months = chart.locator("rect.bar").evaluate_all("bars => bars.map(b => b.dataset.month)")
    assert max(months) == "2022-04" and "2022-02" in months  # the recent events are drawn
    ticks = chart.locator("text.tick").all_text_contents()
    assert "Jan 2022" in ticks
    note = page.locator("#earlier-note").inner_text()
    assert "most recent 240 months" in note and "since June 1986" in note
    assert "4 earlier events" in note  # 1986, 1991, 1996 and 2001 fall before May 2002
    # the lists start with the latest events, in words
    first = page.locator("section", has_text="As actor").locator("li").first.inner_text()
    assert "week of 4 Apr 2022" in first
    shot(page, "desk-actor-decades")


def test_timex_values_in_words(page: Any, base_url: str) -> None:
    goto(page, f"{base_url}/#/timeline")
    words = page.evaluate("""[
        '2022-01-24', '2022-W04', '2022-W05-WE', '2022-01', '2022-WI', '2022-Q1', '2022-H2',
        '2022', '199X', 'XXXX-03-05', 'PRESENT_REF', '2022-01-24T10:30', '2022-01-24TMO', 'P3D', 'odd'
    ].map(humanDate)""")
    assert words == [
        "24 Jan 2022", "week of 24 Jan 2022", "weekend of 5–6 Feb 2022", "January 2022", "winter 2022",
        "first quarter of 2022", "second half of 2022", "2022", "the 1990s", "5 Mar (year unknown)",
        "now", "24 Jan 2022, 10:30", "24 Jan 2022, morning", "3 days", "odd"]
    # on the page: the month-precise event reads "May 2023", its raw value in the tooltip
    date = page.locator("#timeline .date[data-value='2023-05']").first
    assert date.inner_text() == "May 2023" and "2023-05" in (date.get_attribute("title") or "")


def test_the_desk_runs_under_the_content_security_policy(browser: Any, base_url: str) -> None:
    """Without bypass_csp (the other tests need it to evaluate scripts): Leaflet, the
    charts and the fused page draw, and the browser reports no violation."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: messages.append(str(e)))
    try:
        page.goto(f"{base_url}/#/map")
        page.wait_for_selector("#map path.event-dot")
        page.click(".leaflet-control-zoom-in")
        page.hover("#map path.event-dot >> nth=0")
        page.wait_for_selector(".leaflet-tooltip")
        page.goto(f"{base_url}/#/timeline")
        page.wait_for_selector("#events-chart rect.count-bar")
        page.goto(f"{base_url}/#/fused/fused%3A1")
        page.wait_for_selector("#fused-compare")
        assert not messages, messages
    finally:
        page.close()
