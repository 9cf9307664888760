"""Anchoring rules added for value accuracy: quarters the text talks about, BC
narratives, speech inside quotes, reduced participle clauses, narrative winters."""

from __future__ import annotations

from datetime import date

from dateline.nlp.time.stage import is_narrative


def test_bare_quarter_refers_to_the_quarter_under_discussion(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag(
        "Profit rose in the second quarter of 2024. Sales in that quarter doubled, "
        "and margins in the quarter widened from the year-ago quarter.",
        date(2024, 10, 20),
    )
    assert found["that quarter"].value == "2024-Q2"
    assert found["the quarter"].value == "2024-Q2"  # not reset by the year-ago comparison
    assert found["the year-ago quarter"].value == "2023-Q2"


def test_latest_quarter_is_the_one_just_reported(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Earnings for the latest quarter beat forecasts.", date(2024, 10, 20), orientation=1)
    assert found["the latest quarter"].value == "2024-Q3"


def test_year_before_an_ordinal_quarter(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Net income fell from the 2023 third quarter.", date(2024, 10, 20))
    assert found["the 2023 third quarter"].value == "2023-Q3"


def test_bc_years_make_a_narrative(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("The league was founded in 478 BC. By 454 BC its treasury had moved, and in 431 BC war "
            "came. Athens fell in 404 BC; in 378 BC a second league was formed.")
    assert is_narrative(tagger.find(text), date(2010, 1, 1), text)


def test_a_few_old_years_in_a_short_item_stay_news(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("The case goes back to 1985. The plant closed in 1986 and the suit was filed in 1987. "
            "The judge will rule in May.")
    assert not is_narrative(tagger.find(text), date(1991, 3, 1), text)


def test_deictic_words_inside_quotes_do_not_make_news(tagger) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The empire invaded in 1911. In 1912 the treaty was signed, and in 1913 the "
        'envoy warned: "It is them today, it will be us tomorrow." Fighting resumed in 1914 '
        "and lasted until 1915."
    )
    matches = tagger.find(text)
    assert is_narrative(matches, date(2010, 1, 1), text)
    assert not is_narrative(matches, date(2010, 1, 1))  # counted as deictic without the text


def test_bc_narrative_seasons_take_the_story_year(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 480 BC the fleet sailed. In the spring the army marched, and it camped there "
                "for the winter.", date(2010, 1, 1), narrative=True)
    assert found["the spring"].value == "BC0480-SP"
    # The winter after a BC year's campaigns is counted to the year it ends in (as
    # "the winter" after December 1777 is 1778's).
    assert found["the winter"].value == "BC0479-WI"


def test_narrative_winter_after_december_is_the_next_year(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The army camped there in December 1777. Over the winter many fell ill.",
                date(2010, 1, 1), narrative=True)
    assert found["the winter"].value == "1778-WI"


def test_narrative_counts_from_the_last_date_after_an_event(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The fort fell on April 12, 1861. Eight days after Sumter the port was closed.",
                date(2010, 1, 1), narrative=True)
    assert (found["Eight days"].type, found["Eight days"].value) == ("DATE", "1861-04-20")
    news = tag("The fort fell on April 12. Eight days after Sumter the port was closed.")
    assert news["Eight days"].type == "DURATION"  # TimeBank: the amount, anchored to an event


def test_relative_years_do_not_move_the_narrative_clock(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The offensive opened in early January 1942, regaining ground lost the previous year. "
                "In February the front held.", date(2010, 1, 1), narrative=True)
    assert found["February"].value == "1942-02"


def test_participle_clause_is_past(analyse) -> None:  # type: ignore[no-untyped-def]
    # Published Friday 2025-07-04; the terms were announced on Monday of that week.
    _, extraction = analyse("Under the new terms, announced Monday, holders would receive cash.")
    values = {t.span.text: t.value for t in extraction.timexes}
    assert values["Monday"] == "2025-06-30"
