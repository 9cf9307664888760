"""Issue #19, later classes: a narrative's flashbacks and forward steps, the year that
follows a month, seasons of campaigns, parts of day before an activity, and vague
present references. Texts are our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.nlp.time.tense import TenseReader

STORY = date(2009, 12, 19)  # a download date far from the story


def test_a_flashback_date_does_not_move_the_story_clock(tagger) -> None:  # type: ignore[no-untyped-def]
    text = ("In March 1944 the army crossed the river. Troops that had landed there in late 1943 "
            "joined them. By June the province had fallen.")
    flashback_at = text.index("late 1943")

    def flashback(start: int, end: int) -> bool:
        return start <= flashback_at < end

    found = {t.span.text: t for t in tagger.tag(text, STORY, narrative=True, flashback=flashback)}
    assert found["late 1943"].value == "1943"
    assert found["June"].value == "1944-06"
    # Without the flashback reading, the story's clock would go back to 1943.
    plain = {t.span.text: t for t in tagger.tag(text, STORY, narrative=True)}
    assert plain["June"].value == "1943-06"


@pytest.mark.model
def test_past_perfect_reads_as_a_flashback_but_not_after_by(nlp, tagger) -> None:  # type: ignore[no-untyped-def]
    reader = TenseReader(tagger.grammar.lexicon)
    text = "Forces that had invaded the north in late 1943 were besieged. By June, the enemy had taken the city."
    doc = nlp(text)
    late = text.index("late 1943")
    june = text.index("June")
    assert reader.flashback(doc, text, late, late + 9)
    assert not reader.flashback(doc, text, june, june + 4)  # "By June ... had taken": the story's time
    assert not reader.flashback(None, text, late, late + 9)


def test_a_month_over_half_a_year_back_is_next_years(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The army reached the coast in December 1864. The decisive battle came on April 1, "
                "and the capital fell in October.", STORY, narrative=True)
    assert found["April 1"].value == "1865-04-01"
    found = tag("The siege began in August 1864. In May the fort had been built.", STORY, narrative=True)
    assert found["May"].value == "1864-05"  # three months back: the same year


def test_the_year_that_follows_a_month(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("He still remembers that March morning in 2009 when the plant shut.", date(2012, 6, 1))
    assert found["March"].value == "2009-03"
    assert found["2009"].value == "2009"


def test_seasons_of_campaigns(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("In 1918 the generals planned a spring offensive; his fall campaign failed.", STORY,
                narrative=True)
    assert found["spring"].value == "1918-SP"
    assert found["fall"].value == "1918-FA"
    assert not tag("Prices will spring back, officials said.", STORY)


def test_parts_of_day_before_an_activity(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("The rebels relied on night attacks and limited daytime flights.", STORY)
    assert found["night"].value == "XXXX-XX-XXTNI"
    assert found["daytime"].value == "XXXX-XX-XXTDT"
    assert not tag("Soldiers wore night vision goggles.", STORY)


def test_vague_present_references(tag) -> None:  # type: ignore[no-untyped-def]
    found = tag("It was the largest operation to date, fought near present-day Belize; for the time "
                "being the troops stayed.", STORY)
    assert found["to date"].value == "PRESENT_REF"
    assert found["present-day"].value == "PRESENT_REF"
    assert found["the time being"].value == "PRESENT_REF"
    assert not tag("The list is kept up to date.", STORY)
    assert "to date" not in tag("They were able to date the bones.", STORY)


def test_a_quoted_march_to_the_sea_is_no_month(tag) -> None:  # type: ignore[no-untyped-def]
    assert "March" not in tag('The army laid waste to farms in his "March to the Sea".', STORY)


def test_adjectives_of_time_in_a_history_only(tag) -> None:  # type: ignore[no-untyped-def]
    text = "In 1920 the allies prepared for future wars; recent works doubt it."
    found = tag(text, STORY, narrative=True)
    assert found["future"].value == "FUTURE_REF"
    assert found["recent"].value == "PAST_REF"
    assert not tag("The firm expects future earnings to rise after recent declines.", STORY)
