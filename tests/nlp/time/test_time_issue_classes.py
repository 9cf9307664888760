"""Error classes of issue #19, each on sentences of our own: gaps and amounts from
now, sets, ranges, anaphoric "that same day", years in headings and plans."""

from __future__ import annotations

from datetime import date


def _found(tag, text: str, **kw: object) -> list[tuple[str, str, str | None]]:  # type: ignore[no-untyped-def]
    return [(surface, t.type, t.value) for surface, t in tag(text, **kw).items()]


def test_an_amount_from_now_is_a_duration_and_now(tag) -> None:  # type: ignore[no-untyped-def]
    assert _found(tag, "Three years from now, the plant will close.") == [
        ("Three years", "DURATION", "P3Y"), ("now", "DATE", "PRESENT_REF")]


def test_news_measures_gaps_later_and_earlier(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("A month earlier the talks had failed. Two days later he left. Weeks later the army returned.")
    assert (found["A month"].type, found["A month"].value) == ("DURATION", "P1M")
    assert found["Two days"].value == "P2D"
    assert found["Weeks"].value == "PXW"


def test_a_year_earlier_stays_a_date_of_comparison(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("Sales rose 5% from a year earlier.")["a year earlier"].value == "2024"


def test_a_narrative_dates_its_gaps(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("On May 3, 1915 the siege began. Two days later the fort fell.", dct=date(2009, 12, 19), narrative=True)
    assert found["Two days later"].value == "1915-05-05"


def test_the_next_decade_in_news_is_ten_years(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("Over the next decade the army will grow.")["the next decade"].value == "P10Y"
    story = tag("In 1925 the party split. The following decade saw war.", dct=date(2009, 12, 19), narrative=True)
    assert story["The following decade"].value == "193"


def test_sets_of_parts_of_day_and_seasons(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("It rains every evening. Each winter the river floods. Every night they meet.")
    assert (found["every evening"].type, found["every evening"].value) == ("SET", "XXXX-XX-XXTEV")
    assert found["Each winter"].value == "XXXX-WI"
    assert found["Every night"].value == "P1D"


def test_ranges_of_amounts_give_both_ends(tag) -> None:  # type: ignore[no-untyped-def]
    assert _found(tag, "It lasts between two and three years.") == [
        ("two", "DURATION", "P2Y"), ("three years", "DURATION", "P3Y")]
    assert _found(tag, "He got 10 to 15 years.") == [("10", "DURATION", "P10Y"), ("15 years", "DURATION", "P15Y")]


def test_that_same_day_is_the_day_just_named(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("On May 10, 1940 he came. On that same day, the army moved.")["that same day"].value == "1940-05-10"


def test_for_an_amount_before_an_event_is_how_long(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1917 each battalion held its sector for about a week before moving back.",
                dct=date(2009, 12, 19), narrative=True)
    assert (found["about a week"].type, found["about a week"].value) == ("DURATION", "P1W")


def test_old_years_in_plans_and_headings(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("The British planned operations for 1777 in the north.")["1777"].value == "1777"
    assert tag("The blockade, 1861\n\nThe navy closed the ports.")["1861"].value == "1861"
    assert "1500" not in tag("The army had 1,200 men, 1500 of them sick.")


def test_a_fiscal_year_before_a_plural_noun_is_a_year(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("It expects fiscal 1989 sales of $155 million.")["fiscal 1989"].value == "1989"


def test_false_alarms_stay_out(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("Children aged 5 and up may enter.") == {}
    assert tag("It is a two-hour-drive town.") == {}
    assert tag("They visited the Summer Palace.") == {}


def test_bare_vague_durations_are_the_amount(tag) -> None:  # type: ignore[no-untyped-def]
    found = _found(tag, "The shelling lasted minutes. They waited for weeks. It took hours. "
                        "Then days later the army left. It was the first rain in years.")
    assert found == [("minutes", "DURATION", "PTXM"), ("weeks", "DURATION", "PXW"), ("hours", "DURATION", "PTXH"),
                     ("days", "DURATION", "PXD"), ("years", "DURATION", "PXY")]
    # the preposition is outside the amount, as TimeML marks it
    assert _found(tag, "Within days the town fell, after fighting for several years.") == [
        ("days", "DURATION", "PXD"), ("several years", "DURATION", "PXY")]
    # "in" alone is no measure when a noun or "to come" follows
    assert _found(tag, "In days gone by it rained.") == []


def test_a_story_leaves_bare_gaps_unfixed(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1915 the army attacked. But days later, they retreated. Months earlier the king died.",
                dct=date(2009, 12, 19), narrative=True)
    assert (found["days later"].value, found["days later"].resolved) == ("XXXX-XX-XX", False)
    assert found["Months earlier"].value == "XXXX-XX"


def test_term_nouns_are_the_future_only_as_a_time(tag) -> None:  # type: ignore[no-untyped-def]
    assert _found(tag, "We face the challenges of the near term. In the long term, prices fall.") == [
        ("the near term", "DATE", "FUTURE_REF"), ("the long term", "DATE", "FUTURE_REF")]
    # an adjective ("the long term debt") and an office the text does not date are no time
    assert _found(tag, "The long term debt grew during his presidency, in her tenure and his second term.") == []
    # a term the text measures is the amount
    assert _found(tag, "She won a four-year term.") == [("four-year", "DURATION", "P4Y")]


# Issue 19 classes (our own sentences).


def test_a_counted_unit_naming_how_long_an_event_lasted_is_a_duration(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Both sides remembered the Six-Day War and the Seven Years' War.")
    assert found["Six-Day"].type == "DURATION" and found["Six-Day"].value == "P6D"
    assert found["Seven Years"].value == "P7Y"  # "the" belongs to the name
    # A programme's name stays a name.
    assert tag("He said so on 60 Minutes and on This Week.") == {}


def test_weekdays_with_a_plural_part_of_day_are_a_set(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The new flights leave on Tuesday nights.")
    assert found["Tuesday nights"].type == "SET"
    assert found["Tuesday nights"].value == "XXXX-WXX-2TNI"
    # Two past nights, the plural shared by coordinated days, are dates.
    found = tag("On Monday and Tuesday nights, crowds marched.", date(2001, 5, 10), orientation=-1)
    assert found["Tuesday nights"].value == "2001-05-08TNI"


def test_a_sentence_opening_word_before_march_is_no_name(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("In March, the army left the city.", date(2000, 6, 1))["March"].value == "2000-03"
    assert "March" not in tag("Veterans of the Long March met in 1984.")


def test_the_day_before_or_after_counts_from_the_reference_time(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The talks opened on May 3, 2001. The day after the vote, he resigned.")
    assert found["The day after"].value == "2001-05-04"
    found = tag("The talks opened on May 3, 2001. The day before, he had resigned.")
    assert found["The day before"].value == "2001-05-02"
    # In apposition to a date it is that date.
    found = tag("Shares fell on Oct. 12, 2001, the day before the crash.")
    assert found["the day before"].value == "2001-10-12"
    assert tag("He left the day before yesterday.", date(2001, 5, 10))["the day before yesterday"].value == "2001-05-08"


def test_an_age_is_no_time_in_news(tagger) -> None:  # type: ignore[no-untyped-def]
    text = "Mr. Smith, 52 years old, will succeed her; staff 55 years of age may retire."
    assert tagger.tag(text, date(2001, 5, 1)) == []
    # Histories annotated in TIMEX2 mark an age as a duration.
    found = {t.span.text: t.value for t in tagger.tag(text, date(2001, 5, 1), narrative=True)}
    assert found == {"52 years": "P52Y", "55 years": "P55Y"}


def test_a_recent_year_before_a_plural_noun_after_the_or_in(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The clerics who led the 1992 protests have moved. In 1956 demonstrations spread.")
    assert (found["1992"].value, found["1956"].value) == ("1992", "1956")
    assert not tag("The 1500 rebels fled, and the army freed 1200 prisoners.")  # counts, not years


def test_a_rate_is_no_time_in_news(tag) -> None:  # type: ignore[no-untyped-def]
    text = "The plan saves $500 million a year, and four flights a week leave; rooms cost $55 a night."
    assert not tag(text)
    assert tag("They withdrew within a week.")["a week"].value == "P1W"
    assert tag("He calls twice a week.")["twice a week"].type == "SET"
    # A history (TIMEX2) marks the rate: "averaging 30 a day".
    assert tag("Attacks rose, averaging 30 a day.", date(2009, 12, 19), narrative=True)["a day"].value == "P1D"


def test_last_month_name_just_gone_is_a_year_before(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("Two helicopters crashed last February; the vote is due next April.", date(1998, 3, 1))
    assert (found["last February"].value, found["next April"].value) == ("1997-02", "1999-04")
    assert tag("The doctor was killed last October.", date(1999, 2, 6))["last October"].value == "1998-10"


def test_the_year_after_of_or_for_is_the_year_the_text_is_in(tag) -> None:  # type: ignore[no-untyped-def]
    dct = date(1989, 10, 30)
    assert tag("The stock rose to a high for the year in June.", dct)["the year"].value == "1989"
    assert tag("Profit fell in the first nine months of the year.", dct)["the year"].value == "1989"
    found = tag("Revenue for the year ended March 31 fell.", dct)
    assert (found["the year"].type, found["the year"].value) == ("DURATION", "P1Y")
    assert not tag("It was the Constitution of the Year III.", dct, narrative=True)
    assert not tag("The year was hard.", dct)


def test_a_growth_rate_per_year_is_no_time_in_news(tag) -> None:  # type: ignore[no-untyped-def]
    # Issue #19, sixth round: "N% annually" is a rate of change, like "5% a year".
    assert not tag("The firm expects exports to grow 7% annually.")
    assert not tag("Fees have risen 12 percent yearly.")
    assert tag("The mill pays out $40 million annually.")["annually"].type == "SET"
    story = tag("Grain output rose 3% annually.", date(2009, 12, 19), narrative=True)
    assert story["annually"].value == "P1Y"  # a history (TIMEX2) marks it


def test_a_lower_case_season_before_the_games_is_a_name(tag) -> None:  # type: ignore[no-untyped-def]
    assert not tag("Skaters arrived for the winter Olympics.")
    assert not tag("She ran at the summer Games.")
    assert tag("The river froze in the winter.")["the winter"].value == "2025-WI"


def test_eastern_and_pacific_time_join_the_clock_and_the_day(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The ministers will speak at 11:00 a.m. ET Friday.", orientation=1)
    assert found["11:00 a.m. ET Friday"].value == "2025-07-04T11:00"
    assert tag("Polls close at 8 p.m. PT.")["8 p.m. PT"].value == "2025-07-04T20:00"


def test_one_day_after_a_modal_is_some_future_day(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("The town will one day rebuild its bridge.")["one day"].value == "FUTURE_REF"
    assert tag("Voters may someday regret it.")["someday"].value == "FUTURE_REF"
    found = tag("The strike lasted one day.")
    assert (found["one day"].type, found["one day"].value) == ("DURATION", "P1D")
    story = tag("Its fall would one day prove the point.", date(2009, 12, 19), narrative=True)
    assert story["one day"].value == "XXXX-XX-XX"  # a history's day it does not fix


def test_a_history_splits_a_clock_time_from_its_date(tag) -> None:  # type: ignore[no-untyped-def]
    story = tag("At 6:10 am local time on 2 May 1898 the fleet sailed.", date(2009, 12, 19), narrative=True)
    assert story["6:10 am"].value == "1898-05-02T06:10"
    assert story["2 May 1898"].value == "1898-05-02"
    news = tag("The vote opens at 7 a.m. on July 10.", orientation=1)
    assert news["7 a.m. on July 10"].value == "2025-07-10T07:00"


def test_a_history_dates_hours_before_an_event_to_its_day(tag) -> None:  # type: ignore[no-untyped-def]
    text = "The pact was signed on 9 May 1905. Two hours before the news broke, riots began."
    story = tag(text, date(2009, 12, 19), narrative=True)
    assert (story["Two hours"].type, story["Two hours"].value) == ("DATE", "1905-05-09")
    news = tag("Two hours before the vote, the polls closed.")
    assert news["Two hours"].type == "DURATION"


def test_to_this_day_ending_a_clause_is_the_present(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("The rift persists to this day.")["this day"].value == "PRESENT_REF"
    assert "to this day" not in tag("The rift persists to this day.")  # TimeML leaves "to" outside
    assert tag("Its scars remain to this very day, she said.")["this very day"].value == "PRESENT_REF"
    found = tag("The king referred to this day as his finest.", date(2009, 12, 19), narrative=True)
    assert "to this day" not in found  # 'to' belongs to the verb


def test_a_clock_time_glossed_in_another_zone_takes_the_day_after_the_gloss(tag) -> None:  # type: ignore[no-untyped-def]
    # Wire style: the bracket restates the time in GMT; the day belongs to the clock time.
    found = tag("The blast came at about 10:35 a.m. (0735 GMT) Friday, officials said.")
    assert (found["about 10:35 a.m."].value, found["about 10:35 a.m."].mod) == ("2025-07-04T10:35", "APPROX")
    assert (found["Friday"].type, found["Friday"].value, found["Friday"].mod) == ("DATE", "2025-07-04", None)
    assert not any("GMT" in surface for surface in found)
    talks = tag("Talks resume at 3 p.m. (1200 GMT) on Tuesday.", orientation=1)
    assert talks["3 p.m."].value == "2025-07-08T15:00" and talks["Tuesday"].value == "2025-07-08"
    # no day after the gloss: the pattern is unchanged
    assert tag("Shelling resumed at 0500 GMT Friday.")["0500 GMT Friday"].value == "2025-07-04T05:00Z"


def test_a_part_of_day_before_its_day(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("At mid-afternoon yesterday shares fell; by midmorning Tuesday they rose.")
    assert (found["mid-afternoon yesterday"].type, found["mid-afternoon yesterday"].value) == ("TIME", "2025-07-03TAF")
    assert found["midmorning Tuesday"].value == "2025-07-01TMO"
    assert tag("The raid came early morning Sunday.")["early morning Sunday"].value == "2025-06-29TMO"
    # a comma and another clause between them: two things
    assert "mid-morning, traders said on Tuesday" not in tag("Shares fell at mid-morning, traders said on Tuesday.")


def test_a_quarter_of_something_is_a_fraction(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("Three quarters of the army was lost; about a quarter of the voters stayed home.") == {}
    assert tag("The plan drew criticism in some quarters.") == {}
    # fiscal quarters stay
    assert tag("Profit rose in the past three quarters.")["the past three quarters"].value == "P3Q"
    assert tag("It lost money for several quarters of the year.")["several quarters"].value == "PXQ"
    assert tag("Sales fell for three quarters in a row.")["three quarters"].value == "P3Q"


def test_fractions_of_a_unit(tag) -> None:  # type: ignore[no-untyped-def]
    assert tag("He waited half an hour.")["half an hour"].value == "PT30M"
    assert tag("The war lasted a quarter of a century.")["a quarter of a century"].value == "P25Y"
    assert tag("It took a quarter of an hour.")["a quarter of an hour"].value == "PT15M"
    assert tag("They talked for three quarters of an hour.")["three quarters of an hour"].value == "PT45M"
    assert tag("It took a year and a half.")["a year and a half"].value == "P1Y6M"
    assert tag("It took three and a half days.")["three and a half days"].value == "P3DT12H"
