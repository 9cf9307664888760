"""The story's clock in narratives (issue #19): dates in a history anchor to the
narrative's own last year, not to the publication date, and glances away from it
(end points, names, a month of another year) leave it where it was."""

from __future__ import annotations

from datetime import date

DCT = date(2010, 1, 1)


def test_a_historys_tomorrow_is_not_the_publication_day(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag('In March 1936 the army entered the capital. The exiled king warned: "It is us today. '
                'It will be you tomorrow." On May 4, he sailed from the port.', DCT, narrative=True)
    assert (found["today"].value, found["tomorrow"].value) == ("XXXX-XX-XX", "XXXX-XX-XX")
    assert not found["tomorrow"].resolved
    assert found["May 4"].value == "1936-05-04"  # the story's year, not 2010's


def test_news_keeps_its_deictic_days(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("The minister will speak tomorrow.", date(2025, 7, 4))["tomorrow"].value == "2025-07-05"


def test_a_later_end_point_leaves_the_story_where_it_was(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In September 1944 the front moved west, and the siege lasted until the fall of the "
                "city in February 1945. On October 20 the capital was freed.", DCT, narrative=True)
    assert found["February 1945"].value == "1945-02"
    assert found["October 20"].value == "1944-10-20"


def test_an_end_point_still_sets_a_clock_the_story_lacks(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Tension grew until 1980. In April the border flared up.", DCT, narrative=True)
    assert found["April"].value == "1980-04"


def test_a_year_naming_a_thing_is_not_the_story_time(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1979 the army crossed the border, complying with the 1978 treaty of friendship. "
                "On December 27 the palace fell.", DCT, narrative=True)
    assert found["December 27"].value == "1979-12-27"
    # ... but a year before a season still dates it and moves the story.
    found = tag("In 1985 the front was quiet. After the failure of their 1982 summer offensives, "
                "they regrouped.", DCT, narrative=True)
    assert {t.value for t in found.values()} >= {"1985", "1982"}
    assert found["summer"].value == "1982-SU"


def test_a_month_of_another_year_is_a_glance_aside(tag) -> None:  # type: ignore[no-untyped-def]
    text = ("The government took office on May 20, 2006. This followed the general election in "
            "December 2005. On November 23 the deadliest attack struck the city. In 2006 alone, "
            "thousands fled.")
    assert tag(text, DCT, narrative=True)["November 23"].value == "2006-11-23"


def test_a_return_to_the_year_just_left_is_no_glance_aside(tag) -> None:  # type: ignore[no-untyped-def]
    # The story was in 1946, looked back at late 1945, and returns to 1946: the months
    # after the return are 1946's, not the flashback's.
    text = ("By the start of 1946 the southern front was quiet. The first landing, in late 1945, "
            "failed and forced a retreat by May 1946. The second raid went in February and, by "
            "the end of April, had achieved little. In June 1945 the other army had crossed the river.")
    found = tag(text, DCT, narrative=True)
    assert (found["February"].value, found["the end of April"].value) == ("1946-02", "1946-04")


def test_a_month_range_without_a_year_wraps_into_the_year_before(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("They landed in January 1945. The northern army fought on from October to March, "
                "then pushed south.", DCT, narrative=True)
    assert (found["October"].value, found["March"].value) == ("1944-10", "1945-03")
    # News: the end month's year as any undated month's; an ascending range keeps one year.
    found = tag("Prices rose from June to August, the ministry said.", date(2025, 9, 10), orientation=-1)
    assert (found["June"].value, found["August"].value) == ("2025-06", "2025-08")
    # A day after the second month is another rule's ("from May to June 5").
    assert tag("It ran from May to June 5.", date(2025, 9, 10))["June 5"].value == "2025-06-05"


def test_a_new_section_may_go_back_for_good(tag) -> None:  # type: ignore[no-untyped-def]
    text = ("The British left the city on March 17, 1776.\n\nQuebec\n\nOn September 28, 1775, "
            "the expedition set out, and it took the fort on November 2. By July 1776 it was over.")
    assert tag(text, DCT, narrative=True)["November 2"].value == "1775-11-02"


def test_two_months_of_one_year_with_a_slash(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In August/September 1956, the assembly voted.", DCT, narrative=True)
    assert (found["August"].value, found["September 1956"].value) == ("1956-08", "1956-09")


def test_by_a_date_is_a_deadline_unless_already_met(analyse) -> None:  # type: ignore[no-untyped-def]
    # Published Friday 2025-07-04.
    _, extraction = analyse("The company agreed to repay the bridge loan by February.")
    assert {t.span.text: t.value for t in extraction.timexes}["February"] == "2026-02"
    _, extraction = analyse("The members had filed their reports by Wednesday, officials said.")
    assert {t.span.text: t.value for t in extraction.timexes}["Wednesday"] == "2025-07-02"
    _, extraction = analyse("The licence had been due to expire Thursday, the regulator said.")
    assert {t.span.text: t.value for t in extraction.timexes}["Thursday"] == "2025-07-03"


def test_the_past_year_in_news_is_the_calendar_year_before(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Hate groups grew over the past year, and in the past week more rallies were held.",
                date(1998, 3, 3))
    assert (found["the past year"].type, found["the past year"].value) == ("DATE", "1997")
    assert (found["the past week"].type, found["the past week"].value) == ("DURATION", "P1W")
    story = tag("The army entered Seoul in 1950. In the past year it had grown.", DCT, narrative=True)
    assert story["the past year"].type == "DURATION"


def test_months_end_is_the_end_of_the_month_the_text_is_in(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The city fell on 19 October 1950. At month's end, the army held the line.", DCT,
                narrative=True)
    assert (found["month's end"].value, found["month's end"].mod) == ("1950-10", "END")
    news = tag("The rules should be in place by year's end.", date(1989, 10, 30))
    assert (news["year's end"].value, news["year's end"].mod) == ("1989", "END")


def test_a_military_clock_time_with_hrs(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The division was deployed by 05:30hrs on the front.", date(2025, 7, 4))
    assert found["05:30hrs"].type == "TIME" and found["05:30hrs"].value.endswith("T05:30")


def test_decades_later_in_news_is_a_gap(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The plant closed in 2003. Two decades later, the town is still empty.", date(2023, 3, 19))
    assert (found["Two decades"].type, found["Two decades"].value) == ("DURATION", "P20Y")


def test_a_sets_period_in_either_spelling() -> None:
    from dateline.eval.timex import values_agree
    from dateline.model import Span, Timex

    def timex(kind: str, value: str) -> Timex:
        return Timex(Span(0, 5, "daily"), kind, value)

    assert values_agree(timex("DATE", "XXXX-XX-XX"), timex("SET", "P1D"))  # WikiWars' converted set
    assert values_agree(timex("SET", "P1Y"), timex("SET", "XXXX"))
    assert not values_agree(timex("DATE", "XXXX-XX-XX"), timex("DURATION", "P1D"))  # not a set
    assert not values_agree(timex("SET", "P1W"), timex("SET", "XXXX-XX-XX"))


def test_timex2_only_gold_is_dropped() -> None:
    from dateline.eval.timeml import parse_timeml
    from dateline.eval.timex import timex3_gold

    doc = parse_timeml(
        '<TimeML><TEXT>The <TIMEX3 tid="t1" type="DATE" value="PAST_REF">former</TIMEX3> king left '
        '<TIMEX3 tid="t2" type="DATE" value="1936">in 1936</TIMEX3>.</TEXT></TimeML>'
    )
    assert [g.value for g in timex3_gold(doc).gold] == ["1936"]


def test_on_the_ordinal_day_of_the_month_the_text_is_in(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The attack began on 18 September 1917. The onslaught on the 20th was successful, "
                "and the 20th Division held.", DCT, narrative=True)
    assert found["the 20th"].value == "1917-09-20"
    assert len([t for t in found.values() if t.value == "1917-09-20"]) == 1  # not the division


def test_seasons_counted_from_the_story(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1812 the army marched east. The following spring it came back. By the autumn of "
                "that year it was gone, and in the summer of the following year it left again.",
                DCT, narrative=True)
    assert found["The following spring"].value == "1813-SP"
    assert found["the autumn of that year"].value == "1812-FA"
    assert found["the summer of the following year"].value == "1813-SU"


def test_an_amount_with_its_unit_before_long(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The garrison held out through a 3 year long siege and a two-day-long storm.", DCT,
                narrative=True)
    assert (found["3 year long"].type, found["3 year long"].value) == ("DURATION", "P3Y")
    assert found["two-day-long"].value == "P2D"


def test_a_period_the_story_does_not_fix_has_no_value(tag) -> None:  # type: ignore[no-untyped-def]
    text = "In 1950 the front moved south. During this period the navy waited, and at that time few knew."
    found = tag(text, DCT, narrative=True)
    assert (found["this period"].value, found["that time"].value) == (None, None)
    assert not found["this period"].resolved
    assert "this period" not in tag(text, DCT)  # news leaves such phrases unmarked
    assert tag("In 1980 the war began. The ports were shut for the duration of the war.", DCT,
               narrative=True)["the duration of the war"].value is None
    # A recent story read as a narrative: a report's "at that time" is a plain phrase.
    assert "that time" not in tag("The vote took place on March 16, 2014. At that time, troops "
                                  "held the city.", date(2023, 3, 20), narrative=True)


def test_an_amount_beside_a_date_names_that_date(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("On 27 June 1950, two days after the invasion, the fleet sailed. It was approved in "
                "July 1979, six months before the deployment.", DCT, narrative=True)
    assert found["two days"].value == "1950-06-27"
    assert found["six months"].value == "1979-07"
    # ... but not when nothing stands beside it: counted from the story's last date.
    assert tag("The city fell on 3 May 1950. Two days after the landing, the fleet sailed.", DCT,
               narrative=True)["Two days"].type == "DATE"


def test_a_year_with_an_apostrophe_takes_the_storys_century(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1790 the deputies founded the Club of '89.", DCT, narrative=True)
    assert found["'89"].value == "1789"
    assert tag("The class of '89 met again.", date(1998, 3, 4))["'89"].value == "1989"
    assert "'12" not in tag("He scored '12 points' that night.", date(1998, 3, 4))
