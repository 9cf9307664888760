"""From article text to a :class:`~dateline.model.Document`: layout, metadata, boilerplate.

Every reader (plain text, HTML, JSONL, feeds, stdin) and the web API's
``POST /documents`` go through :func:`document_from_text`, which

1. reads an optional **metadata header**: ``Key: value`` lines at the very top,
   ended by a blank line, with keys from ``data/ingest/header_fields.json``
   (``Title``, ``Published``/``Date``, ``Publisher``/``Source``, ``URL``,
   ``Byline``/``Author``, ``Language``, ``ID``). The header is recognised only
   when every line of the block is such a key; otherwise it is text;
2. drops **page furniture**: lines from ``boilerplate_lines.txt`` and
   ``boilerplate_patterns.txt`` anywhere, and section labels / UI words
   (``edge_labels.txt``: "News", "Dismiss", "Share", ...) and credit lines
   (``credit_patterns.txt``: "Reporting by ...", "Photo: ...") at the top and
   bottom. Credits are kept in ``metadata["credits"]``, dropped lines in
   ``metadata["boilerplate"]``;
3. takes the **title** from the first line when it looks like one (short, no
   final period, more text follows) and drops repeats of the title;
4. takes **byline** lines near the top ("By Jane Doe", "By bne IntelliNews
   July 4, 2025", "Published: 4 July 2025") out of the body, and strips a
   "``/ Publisher``" credit suffix from the standfirst (the standfirst itself
   stays in the body);
5. finds the **publication date**: ``config.published_override`` (source
   ``override``), else a date given by the input (``metadata``, or ``input``
   when a caller passes it), else the byline's date (``byline``), else a wire
   dateline at the start of the body ("KYIV, July 4 (Reuters) -", source
   ``dateline``), which is only used when its year is known (written in the
   dateline, or one year found in the URL or a copyright line). Otherwise
   ``published`` is ``None`` and ``metadata["warnings"]`` says so -- the
   current date is never used.

``document.text`` is the body exactly as published, minus the lines above
(newlines normalised to ``\\n``); ``metadata["source_map"]`` lists
``[body_offset, input_offset, length]`` runs that map it back to the input text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dateline.config import Config
from dateline.errors import (
    DocumentTooLargeError,
    EmptyInputError,
    InputError,
    NoArticleBodyError,
)
from dateline.ingest import dates
from dateline.ingest.lexicon import Lexicon, lexicon
from dateline.model import Document
from dateline.textnorm import canonical_text, content_id, normalize_for_nlp, paragraph_spans

# How many non-blank lines after the title may hold a byline, date line or credit.
_TOP_ZONE_LINES = 4
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_TITLE_CASE_MAX_WORDS = 20  # a headline ending with a full stop must be short and Title Case
_BYLINE_MAX_WORDS = 14
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_MARKDOWN_HEADING = re.compile(r"^#{1,2}\s+")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass
class _Line:
    start: int  # offset of the line in the input text
    end: int  # end offset, without the newline
    text: str
    keep: bool = True

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class _Found:
    """What the layout analysis learned besides the body."""

    header: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    byline: str | None = None
    byline_line: str | None = None
    byline_date: str | None = None
    credit_publisher: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)


def unexpected(exc: Exception, source: str | None) -> InputError:
    """An error no reader anticipated, as an input failure (code E100)."""
    return InputError(f"could not read ({type(exc).__name__}: {exc})", source=source)


def outlet_in(byline: str | None, lex: Lexicon) -> str | None:
    """The outlet named in a byline: "bne IntelliNews", or "AP" in "Jane Doe, AP"."""
    if not byline:
        return None
    parts = [p for p in re.split(r"\s*[,|/;]\s*|\s+[-–—]\s+", byline) if p]
    for part in parts:
        if lex.looks_like_outlet(part):
            return part
    return None


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_lines(text: str) -> list[_Line]:
    lines, start = [], 0
    for piece in text.split("\n"):
        lines.append(_Line(start, start + len(piece), piece))
        start += len(piece) + 1
    return lines


_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*:\s*(.*?)\s*$")


def _read_header(lines: list[_Line], lex: Lexicon) -> dict[str, str]:
    """Parse and drop the metadata header block, if the text starts with one."""
    i = 0
    while i < len(lines) and lines[i].blank:
        i += 1
    header: dict[str, str] = {}
    j = i
    while j < len(lines) and not lines[j].blank:
        match = _HEADER_LINE.match(lines[j].text)
        if not match or match[1].lower() not in lex.header_fields:
            return {}
        header[lex.header_fields[match[1].lower()]] = match[2]
        j += 1
    # A header must be followed by a blank line and then the text.
    if not header or j >= len(lines):
        return {}
    for line in lines[: j + 1]:
        line.keep = False
    return header


def _looks_like_title(line: str, lex: Lexicon) -> bool:
    s = line.strip()
    if not 3 <= len(s) <= _TITLE_MAX_CHARS or len(s.split()) > _TITLE_MAX_WORDS:
        return False
    core = s.rstrip(_CLOSERS)
    if not core or core.endswith("..."):
        return False
    if core[-1] == "." and not _title_case(core):
        return False  # a sentence; but "Minister Rejects Moscow Claims." is a headline
    if core[-1] in ",;:-–—":
        return False
    if len(re.findall(r"[^\W\d_]{2,}", s)) < 2:
        return False  # "16:14", "VIDEO": not a headline
    first = s.lstrip(_OPENERS)[:1]
    if not (first.isupper() or first.isdigit()):
        return False
    return not (
        _byline(s, lex) or wire_dateline(s, lex) or lex.is_credit(s) or lex.is_boilerplate(s)
    )


def _title_case(text: str) -> bool:
    """Headline-style capitalisation: most longer words start with a capital."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if len(w) >= 4]
    if len(words) < 3 or len(text.split()) > _TITLE_CASE_MAX_WORDS:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _byline(line: str, lex: Lexicon) -> tuple[str | None, str | None] | None:
    """``(name, iso_date)`` when ``line`` is a byline or a date line, else ``None``."""
    s = line.strip()
    if not s or len(s) > 160:
        return None
    found = dates.find_date(s)
    match = re.match(r"(?i)^by\s+(.+)$", s)
    if match:
        rest = match[1]
        name = rest[: found[0] - (len(s) - len(rest))] if found else rest
        name = re.sub(r"[\s,|•·–—-]+$", "", name).strip()
        # Drop trailing words like "Published"/"Updated" before the date.
        name = re.sub(r"(?i)[\s,|]*(published|updated|posted|on)$", "", name).strip()
        words = re.findall(r"[^\s,|/;&]+", name)
        if not words or len(words) > _BYLINE_MAX_WORDS or words[0].lower() in lex.byline_stopwords:
            return None
        if s.endswith(".") and not found and not re.search(r"\b[A-Z]\.$", s):
            return None
        if not found and not all(w[:1].isupper() or w.lower() in {"and", "of", "de", "van", "von"}
                                 for w in words):
            return None
        return name, found[2] if found else None
    # "Published: 4 July 2025", "Updated July 4, 2025 10:00 ET"
    dated = re.match(r"(?i)^(published|updated|posted|first published)( on)?\s*:?\s*(.+)$", s)
    if dated and found and len(s.split()) <= 10:
        return None, found[2]
    return None


_DASH = r"\s*[-–—]+(?:\s|$)"


def _wire_patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    word = r"[A-Z][A-Za-z'’./\-]*"  # "KYIV/MOSCOW"
    place = rf"{word}(?: {word}){{0,3}}(?:,\s*{word}(?: {word}){{0,2}}){{0,2}}"
    month_day = r"(?P<date>[A-Z][a-z]{2,8}\.? [0-3]?\d(?:,? (?:19|20)\d\d)?)"
    agencies = "|".join(re.escape(a) for a in sorted(lex.wire_agencies, key=len, reverse=True))
    agency = rf"(?:\((?P<agency>[A-Za-z][\w .&/-]{{0,40}})\)|(?P<wire>{agencies}))"
    with_agency = re.compile(rf"^(?P<place>{place})?\s*,?\s*(?:{month_day}\s*)?{agency}{_DASH}")
    # "KYIV, July 4 -" without an agency: the place must be in capitals.
    caps = r"[A-Z][A-Z'’./\-]+(?: [A-Z][A-Z'’./\-]+){0,3}"
    capitals = re.compile(rf"^(?P<place>{caps})(?:,\s*{word}(?: {word}){{0,2}})*,\s*{month_day}{_DASH}")
    return with_agency, capitals


_WIRE_CACHE: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}


def wire_dateline(paragraph: str, lex: Lexicon | None = None) -> dict[str, Any] | None:
    """Parse a wire dateline at the start of ``paragraph``.

    Returns ``{"text", "place", "agency", "date", "month", "day", "year"}``
    (absent parts are ``None``) or ``None`` when there is no dateline.
    """
    lex = lex or lexicon()
    patterns = _WIRE_CACHE.get(id(lex))
    if patterns is None:
        patterns = _WIRE_CACHE[id(lex)] = _wire_patterns(lex)
    probe = normalize_for_nlp(paragraph[:160])
    for pattern in patterns:
        match = pattern.match(probe)
        if not match:
            continue
        groups = match.groupdict()
        info: dict[str, Any] = {
            "text": paragraph[: match.end()].rstrip(),
            "place": (groups.get("place") or "").strip(" ,") or None,
            "agency": groups.get("agency") or groups.get("wire"),
            "date": None,
            "month": None,
            "day": None,
            "year": None,
        }
        raw_date = groups.get("date")
        if raw_date:
            md = dates.find_month_day(raw_date)
            if md is None:
                continue  # "Capitalised Word 12" that is not a date
            info["month"], info["day"] = md[2], md[3]
            year = _YEAR.search(raw_date)
            info["year"] = int(year[1]) if year else None
            info["date"] = raw_date
        if info["agency"] is None and info["date"] is None:
            continue
        return info
    return None


def _strip_credit_suffix(line: _Line, lex: Lexicon) -> str | None:
    """Cut a trailing "/ Publisher" credit off a standfirst line; return the publisher."""
    match = re.search(r"\s+/\s*([^/]{2,60}?)\s*$", line.text)
    if not match:
        return None
    name = match[1]
    before = line.text[: match.start()].rstrip()
    words = name.split()
    if not before or len(words) > 6 or name.endswith(".") or before[-1:] not in ".!?\"”’)":
        return None
    line.end = line.start + len(before)
    line.text = before
    return name


def _mark_edges(lines: list[_Line], found: _Found, lex: Lexicon, *, top: bool) -> None:
    order = lines if top else list(reversed(lines))
    for line in order:
        if not line.keep or line.blank:
            continue
        text = line.text.strip()
        if lex.is_edge_label(text) or lex.is_boilerplate(text):
            line.keep = False
            found.boilerplate.append(text)
        elif lex.is_credit(text):
            line.keep = False
            found.credits.append(text)
        else:
            break


def _analyse(lines: list[_Line], found: _Found, lex: Lexicon, detect_title: bool) -> None:
    for line in lines:
        if line.keep and not line.blank and lex.is_boilerplate(line.text):
            line.keep = False
            found.boilerplate.append(line.text.strip())
    _mark_edges(lines, found, lex, top=True)
    _mark_edges(lines, found, lex, top=False)
    content = [line for line in lines if line.keep and not line.blank]
    if not content:
        return
    pos = 0
    if found.title is None and detect_title and len(content) > 1:
        candidate = _MARKDOWN_HEADING.sub("", content[0].text.strip())
        if _looks_like_title(candidate, lex):
            found.title = candidate
            content[0].keep = False
            pos = 1
    elif found.title is not None and canonical_text(content[0].text) == canonical_text(found.title):
        content[0].keep = False
        pos = 1
    # Pages often print the headline twice (page title, then article heading).
    while (
        found.title is not None
        and pos < len(content) - 1
        and canonical_text(content[pos].text) == canonical_text(found.title)
    ):
        content[pos].keep = False
        pos += 1
    for line in content[pos : pos + _TOP_ZONE_LINES]:
        text = line.text.strip()
        parsed = _byline(text, lex)
        if parsed is not None:
            line.keep = False
            name, iso = parsed
            if found.byline_line is None:
                found.byline_line = text
            if name and found.byline is None:
                found.byline = name
            if iso and found.byline_date is None:
                found.byline_date = iso
            continue
        if lex.is_credit(text):
            line.keep = False
            found.credits.append(text)
            continue
        credit = _strip_credit_suffix(line, lex)
        if credit and found.credit_publisher is None:
            found.credit_publisher = credit
    # A byline may also close the text ("By Jane Doe" under the last paragraph).
    tail = [line for line in lines if line.keep and not line.blank]
    if len(tail) > 1:
        parsed = _byline(tail[-1].text, lex)
        if parsed is not None and parsed[0]:
            tail[-1].keep = False
            found.byline = found.byline or parsed[0]
            found.byline_line = found.byline_line or tail[-1].text.strip()
            found.byline_date = found.byline_date or parsed[1]


def _assemble(text: str, lines: list[_Line]) -> tuple[str, list[list[int]]]:
    """The body from the kept lines, and its ``[body_offset, input_offset, length]`` runs."""
    parts: list[str] = []
    runs: list[list[int]] = []
    offset = 0
    removed_since_kept = False
    previous_blank = True
    for line in lines:
        if not line.keep:
            removed_since_kept = True
            continue
        # Removing a line between two blank lines would leave a double gap.
        if line.blank and previous_blank and (removed_since_kept or not parts):
            continue
        content = text[line.start : line.end]
        mapped = len(content)
        if text[line.end : line.end + 1] == "\n":
            mapped += 1  # the line's own newline; a shortened line gets a new one
        if runs and runs[-1][0] + runs[-1][2] == offset and runs[-1][1] + runs[-1][2] == line.start:
            runs[-1][2] += mapped
        else:
            runs.append([offset, line.start, mapped])
        parts.append(content + "\n")
        offset += len(content) + 1
        previous_blank, removed_since_kept = line.blank, False
    body = "".join(parts)
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    trimmed: list[list[int]] = []
    for b, i, n in runs:
        b -= lead
        if b < 0:
            i, n, b = i - b, n + b, 0
        n = min(n, len(body) - b)
        if n > 0:
            trimmed.append([b, i, n])
    return body, trimmed


def _year_hints(url: str | None, header_published: str | None, found: _Found) -> set[int]:
    hints: set[int] = set()
    if url:
        hints.update(int(y) for y in re.findall(r"[/_-]((?:19|20)\d\d)(?=[/_-])", url))
    if header_published:
        hints.update(int(y) for y in _YEAR.findall(header_published))
    for line in found.credits + found.boilerplate:
        if re.search(r"(?i)©|copyright|\(c\)", line):
            hints.update(int(y) for y in _YEAR.findall(line))
    return hints


def document_from_text(
    text: str,
    *,
    source: str | None = None,
    title: str | None = None,
    published: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    external_id: str | None = None,
    language: str | None = None,
    published_source: str | None = None,
    metadata: dict[str, Any] | None = None,
    detect_title: bool = True,
    config: Config | None = None,
) -> Document:
    """Build a :class:`Document` from article text (see the module docstring).

    Keyword values given here win over the text's own header and byline.
    ``published_source`` names where a given ``published`` came from
    (default ``input``). Raises :class:`~dateline.errors.EmptyInputError`,
    :class:`~dateline.errors.DocumentTooLargeError` or
    :class:`~dateline.errors.NoArticleBodyError`.
    """
    config = config or Config()
    lex = lexicon()
    if len(text) > config.max_chars:
        raise DocumentTooLargeError(
            f"document has {len(text):,} characters, over the limit of {config.max_chars:,} "
            "(max_chars)",
            source=source,
        )
    text = normalize_newlines(text).removeprefix("\ufeff")
    if not text.strip():
        raise EmptyInputError("no text (the input is empty or only whitespace)", source=source)
    lines = _split_lines(text)
    found = _Found()
    found.header = _read_header(lines, lex)
    header = found.header
    found.title = title or header.get("title") or None
    _analyse(lines, found, lex, detect_title)
    body, source_map = _assemble(text, lines)
    if not body:
        raise NoArticleBodyError(
            "no article text left after removing the title, byline and page furniture",
            source=source,
        )

    meta: dict[str, Any] = dict(metadata or {})
    warnings: list[str] = list(meta.get("warnings", []))
    paragraphs = paragraph_spans(body)
    dateline = None
    for paragraph in paragraphs[:3]:
        dateline = wire_dateline(body[paragraph.start : paragraph.end], lex)
        if dateline:
            meta["dateline"] = {k: v for k, v in dateline.items() if v is not None}
            break

    url = url or header.get("url") or None
    chosen_published, chosen_source = _choose_published(
        config, published, published_source, header, found, dateline, url, warnings
    )
    publisher = (
        publisher
        or header.get("publisher")
        or found.credit_publisher
        or outlet_in(found.byline, lex)
        or (dateline or {}).get("agency")
        or None
    )
    if found.byline_line:
        meta["byline_line"] = found.byline_line
    if found.credits:
        meta["credits"] = found.credits
    if found.boilerplate:
        meta["boilerplate"] = found.boilerplate
    if header:
        meta["header"] = header
    meta["source_map"] = source_map
    if warnings:
        meta["warnings"] = warnings
    return Document(
        id=content_id(body),
        text=body,
        title=found.title,
        published=chosen_published,
        published_source=chosen_source,
        publisher=publisher,
        byline=byline or header.get("byline") or found.byline,
        url=url,
        language=language or header.get("language") or "en",
        source=source,
        external_id=external_id or header.get("id") or None,
        paragraphs=paragraphs,
        metadata=meta,
    )


def _choose_published(
    config: Config,
    published: str | None,
    published_source: str | None,
    header: dict[str, str],
    found: _Found,
    dateline: dict[str, Any] | None,
    url: str | None,
    warnings: list[str],
) -> tuple[str | None, str | None]:
    if config.published_override:
        value = dates.parse_date(config.published_override)
        if value is None:
            warnings.append(
                f"--published value {config.published_override!r} is not a date; ignored"
            )
        else:
            return value, "override"
    for raw, origin in ((published, published_source or "input"), (header.get("published"), "metadata")):
        if raw:
            value = dates.parse_date(raw)
            if value and dates.is_placeholder(value):
                warnings.append(f"publication date {raw!r} is a 'no date' placeholder; ignored")
            elif value:
                return value, origin
            else:
                warnings.append(f"publication date {raw!r} could not be read as a full date")
    if found.byline_date:
        return found.byline_date, "byline"
    if dateline and dateline.get("month"):
        year = dateline.get("year")
        if year is None:
            hints = _year_hints(url, header.get("published") or published, found)
            if len(hints) == 1:
                year = hints.pop()
        if year is not None:
            value = dates.with_year(dateline["month"], dateline["day"], year)
            if value:
                return value, "dateline"
        warnings.append(
            f"the wire dateline gives {dateline['date']!r} but no year, and no year is known "
            "from elsewhere: publication date left unknown (pass --published to set it)"
        )
        return None, None
    warnings.append(
        "no publication date found (no metadata date, byline date or dated wire dateline): "
        "published is null (pass --published to set it)"
    )
    return None, None
