"""document_from_text: header, title, byline, boilerplate, dates (texts written for these tests)."""

from __future__ import annotations

import pytest

from dateline.config import Config
from dateline.ingest import document_from_text, parse_date, wire_dateline
from dateline.ingest.text import normalize_newlines
from dateline.textnorm import content_id

BODY = (
    "The foreign ministers of Estonia and Latvia met in Riga on Monday to discuss border "
    "security.\n\n"
    "\u201cWe will not be intimidated,\u201d the Estonian minister said after the talks.\u00a0"
    "Officials said a joint statement would follow.\n"
)


def test_title_from_first_line_and_byline_date() -> None:
    text = (
        "Baltic ministers pledge closer border cooperation\n\n"
        "By Baltic Wire Service March 3, 2024\n\n" + BODY + "\nShare\n\nRead more\n"
    )
    doc = document_from_text(text, source="t.txt")
    assert doc.title == "Baltic ministers pledge closer border cooperation"
    assert doc.published == "2024-03-03"
    assert doc.published_source == "byline"
    assert doc.byline == "Baltic Wire Service"
    assert doc.publisher == "Baltic Wire Service"  # "Service": an outlet, not a person
    assert doc.text == BODY.strip()
    assert "Share" not in doc.text.splitlines() and "Read more" not in doc.text
    assert doc.metadata["byline_line"] == "By Baltic Wire Service March 3, 2024"
    assert set(doc.metadata["boilerplate"]) == {"Share", "Read more"}


def test_body_keeps_published_characters_and_id_is_from_body() -> None:
    doc = document_from_text("Title: A test\n\n" + BODY)
    assert "\u00a0" in doc.text and "\u201c" in doc.text
    assert doc.id == content_id(doc.text)
    # Same body with different metadata: same id.
    assert document_from_text(BODY, title="Other").id == doc.id
    assert [doc.text[p.start : p.end][:15] for p in doc.paragraphs] == [
        "The foreign min",
        "\u201cWe will not be",
    ]


def test_person_byline_is_not_the_publisher() -> None:
    doc = document_from_text("Talks resume in Geneva\nBy Anna Kowalska\n\n" + BODY)
    assert doc.byline == "Anna Kowalska"
    assert doc.publisher is None
    assert doc.published is None


@pytest.mark.parametrize(
    ("line", "byline", "publisher"),
    [
        ("By Jane Doe, Reuters", "Jane Doe, Reuters", "Reuters"),
        ("By Jane Doe and John Smith | Associated Press",
         "Jane Doe and John Smith | Associated Press", "Associated Press"),
        ("By JAAN TAMM", "JAAN TAMM", None),
    ],
)
def test_byline_forms(line: str, byline: str, publisher: str | None) -> None:
    doc = document_from_text("Talks resume in Geneva\n" + line + "\n\n" + BODY)
    assert (doc.byline, doc.publisher) == (byline, publisher)
    assert doc.text == BODY.strip()


def test_sentence_starting_with_by_is_body() -> None:
    text = "By the end of the week, the ministers had agreed on a plan.\n\n" + BODY
    doc = document_from_text(text)
    assert doc.byline is None
    assert doc.text.startswith("By the end of the week")


def test_metadata_header() -> None:
    text = (
        "Title: Ministers meet in Riga\nPublished: 2024-03-04T08:00:00Z\nPublisher: Baltic Wire\n"
        "URL: https://example.invalid/a\nAuthor: Jaan Tamm\nID: x-1\n\n" + BODY
    )
    doc = document_from_text(text)
    assert (doc.title, doc.published, doc.published_source) == (
        "Ministers meet in Riga",
        "2024-03-04T08:00:00Z",
        "metadata",
    )
    assert (doc.publisher, doc.url, doc.byline, doc.external_id) == (
        "Baltic Wire",
        "https://example.invalid/a",
        "Jaan Tamm",
        "x-1",
    )
    assert doc.text == BODY.strip()


def test_unknown_key_means_no_header() -> None:
    text = "Warning: storms ahead in the Baltic\n\n" + BODY
    doc = document_from_text(text)
    assert doc.title == "Warning: storms ahead in the Baltic"
    assert doc.metadata.get("header") is None


def test_repeated_title_standfirst_credit_and_trailing_labels() -> None:
    text = (
        "Ceasefire talks stall in Vienna\n\n"
        "Ceasefire talks stall in Vienna\n"
        "Negotiators said they were \u201cfar apart\u201d after a third day. / Alpine Daily\n"
        "By Alpine Daily 12 May 2023\n\n" + BODY + "\nNews\n\nDismiss\n"
    )
    doc = document_from_text(text)
    assert doc.title == "Ceasefire talks stall in Vienna"
    assert doc.publisher == "Alpine Daily"
    assert doc.published == "2023-05-12"
    lines = doc.text.splitlines()
    assert lines[0] == "Negotiators said they were \u201cfar apart\u201d after a third day."
    assert "News" not in lines and "Dismiss" not in lines
    assert not any(line.startswith("By ") for line in lines)
    assert doc.text.count("Ceasefire talks stall") == 0


def test_source_map_points_back_into_the_input() -> None:
    text = "Headline here for the map\r\n\r\nAdvertisement\r\n" + BODY.replace("\n", "\r\n")
    doc = document_from_text(text)
    original = normalize_newlines(text)
    runs = doc.metadata["source_map"]
    assert runs
    for body_offset, input_offset, length in runs:
        assert doc.text[body_offset : body_offset + length] == original[
            input_offset : input_offset + length
        ]
    assert "Advertisement" not in doc.text and "\r" not in doc.text


def test_furniture_removed_anywhere_and_credits_kept() -> None:
    text = (
        BODY
        + "\nADVERTISEMENT\n\nThe talks will resume in June.\n\n"
        + "Reporting by Jaan Tamm; Editing by Anna Kowalska\n"
    )
    doc = document_from_text(text)
    assert "ADVERTISEMENT" not in doc.text
    assert doc.text.endswith("The talks will resume in June.")
    assert doc.metadata["credits"] == ["Reporting by Jaan Tamm; Editing by Anna Kowalska"]
    assert "\n\n\n" not in doc.text


@pytest.mark.parametrize(
    "line",
    ["16:14", "The minister resigned.", "\u2013 said the minister \u2013", "officials said"],
)
def test_lines_that_are_not_titles(line: str) -> None:
    doc = document_from_text(line + "\n\n" + BODY)
    assert doc.title is None
    assert doc.text.startswith(line.strip())


def test_wire_dateline_needs_a_year() -> None:
    text = "VILNIUS, May 9 (Baltic Wire) - Lithuania closed two border crossings on Thursday.\n"
    doc = document_from_text(text)
    assert doc.published is None and doc.published_source is None
    assert doc.publisher == "Baltic Wire"
    assert doc.metadata["dateline"]["place"] == "VILNIUS"
    assert any("no year" in w for w in doc.metadata["warnings"])
    # The year from the URL resolves it.
    dated = document_from_text(text, url="https://example.invalid/world/2024/05/09/story")
    assert (dated.published, dated.published_source) == ("2024-05-09", "dateline")
    # A year in the dateline itself.
    full = document_from_text(text.replace("May 9", "May 9, 2024"))
    assert (full.published, full.published_source) == ("2024-05-09", "dateline")


def test_dateline_forms() -> None:
    assert wire_dateline("KYIV, July 4 (Reuters) - Text")["agency"] == "Reuters"
    info = wire_dateline("Hong Kong CNN \u2014")
    assert info is not None and (info["place"], info["agency"]) == ("Hong Kong", "CNN")
    info = wire_dateline("RIGA, Latvia, March 3 \u2013 The parliament voted")
    assert info is not None and (info["month"], info["day"]) == (3, 3)
    info = wire_dateline("KYIV/MOSCOW, Feb 24 (Baltic Wire) - Text")
    assert info is not None and info["place"] == "KYIV/MOSCOW"
    assert wire_dateline("Officials in Kyiv said on Monday - without giving details") is None


def test_title_case_headline_with_full_stop() -> None:
    doc = document_from_text("Estonian Minister Rejects Moscow Claims.\n\n" + BODY)
    assert doc.title == "Estonian Minister Rejects Moscow Claims."
    lede = document_from_text("The Estonian minister rejected the claims.\n\n" + BODY)
    assert lede.title is None


def test_markdown_heading_is_the_title() -> None:
    doc = document_from_text("# Ministers meet in Riga\n\n" + BODY)
    assert doc.title == "Ministers meet in Riga"
    assert doc.text == BODY.strip()


def test_no_date_is_never_today() -> None:
    doc = document_from_text(BODY)
    assert doc.published is None
    assert any("no publication date" in w for w in doc.metadata["warnings"])


def test_override_wins() -> None:
    config = Config(published_override="2020-02-02")
    doc = document_from_text("Title: T\nPublished: 2024-01-01\n\n" + BODY, config=config)
    assert (doc.published, doc.published_source) == ("2020-02-02", "override")


def test_given_date_is_input_and_bad_date_warns() -> None:
    doc = document_from_text(BODY, published="4 July 2025")
    assert (doc.published, doc.published_source) == ("2025-07-04", "input")
    bad = document_from_text(BODY, published="sometime soon")
    assert bad.published is None
    assert any("sometime soon" in w for w in bad.metadata["warnings"])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-07-04", "2025-07-04"),
        ("2022-01-25T09:00:00Z", "2022-01-25T09:00:00Z"),
        ("2023-09-30T10:00:00+02:00", "2023-09-30T10:00:00+02:00"),
        ("Fri, 04 Jul 2025 10:00:00 GMT", "2025-07-04T10:00:00Z"),
        ("July 4, 2025", "2025-07-04"),
        ("4th July 2025", "2025-07-04"),
        ("July 4", None),
        ("2025-13-01", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, expected: str | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "We need your consent to show this video. Our video partner may set cookies.",
        "Please check your settings and accept them to load the content",
        "Thanks for reading.Sign up for the Daily Brief newsletter to get more stories like this.",
        "More stories about the region on the Northern Herald's main page",
        "You can read more about this here.",
        "Click here, external, to follow our channel.",
        "Watch our evening news live on the internet",
    ],
)
def test_outlet_furniture_lines_removed(line: str) -> None:
    doc = document_from_text(BODY + "\n" + line + "\n\nThe talks will resume in June.\n")
    assert line not in doc.text
    assert doc.text.endswith("The talks will resume in June.")


@pytest.mark.parametrize(
    "line",
    [
        "A message appeared on the ministry's home page, officials said.",
        "Countries that subscribe to the treaty met in Vienna.",
        "More than 300 people gathered on the main square.",
    ],
)
def test_news_sentences_near_furniture_words_kept(line: str) -> None:
    doc = document_from_text(BODY + "\n" + line + "\n")
    assert line in doc.text
