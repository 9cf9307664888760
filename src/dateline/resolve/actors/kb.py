"""The actor knowledge base: countries, organisations, media and people.

Everything here is loaded from data files (``dateline/data/actors/*.jsonl`` and
``descriptions.json``) plus any user files named in ``Config.knowledge_base_files``;
this module only parses, validates and indexes them. Loading is done once per
process per set of user files (:func:`load_knowledge_base` is cached).

Ids are stable strings: ``person:donald-trump``, ``org:nato``, ``media:reuters``,
``country:USA`` and its sector variants ``country:USA:GOV``; provisional actors
found in a document get ``prov:<slug>``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateline.errors import KnowledgeBaseError
from dateline.packagedata import read_json, read_text

# PLOVER 2.0 sector codes (PLOVER manual, "Sector Codes").
SECTORS = frozenset(
    ["COP", "GOV", "JUD", "LEG", "MIL", "PRM", "PTY", "REB", "SPY", "UAF", "UNK", "AGR", "BUS", "CRM", "CVL", "EDU", "ELI", "JRN", "LAB", "MED", "REF", "OPP", "PRE", "REL", "SOC", "IGO", "NGO"]
)
KINDS = frozenset({"person", "organization", "media", "group", "country"})
_ID = re.compile(r"^[a-z]+:[A-Za-z0-9][A-Za-z0-9._:-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

SECTOR_NAMES = {
    "GOV": "government",
    "MIL": "military",
    "LEG": "legislature",
    "JUD": "judiciary",
    "COP": "police",
    "SPY": "intelligence",
    "REB": "rebels",
    "OPP": "opposition",
    "CVL": "civilians",
    "REF": "refugees",
    "JRN": "media",
    "BUS": "business",
    "MED": "health",
    "PRE": "breakaway authorities",
    "PRM": "paramilitary",
    "PTY": "party",
    "ELI": "former officials",
    "REL": "religious",
    "EDU": "education",
    "LAB": "labour",
    "SOC": "civil society",
    "UNK": "unidentified",
    "UAF": "unidentified armed forces",
    "CRM": "criminals",
    "AGR": "agriculture",
}


def person_surnames(entry: Entry, folded: bool = True) -> set[str]:
    """The surname of a person's name, and for a knowledge-base person those of
    its aliases too ("Lavrov", "Ławrow": an article may spell it either way)."""
    names = entry.names if entry.source != "provisional" else [entry.name]
    words = [(fold(n) if folded else n).split() for n in names]
    return {w[-1] for w in words if len(w) >= 2}


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


@lru_cache(maxsize=16384)  # a pure function of a string; the stages fold every token of a text, twice
def fold(text: str) -> str:
    """Lookup key: accents stripped, case folded, curly quotes straight, spaces single."""
    if text.isascii():  # fast path: most names (the gazetteer folds ~200,000 at load)
        return " ".join(text.split()).lower()
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip().casefold()


# Latin spellings of one Slavic name (Zelensky / Zelenskyy / Zełenski, Lavrov /
# Ławrow, Shoigu / Szojgu, Deshchytsia / Deszczyca): the letters that differ only
# by transliteration fold to one form. Applied in order, after accents are stripped.
_TRANSLIT = (
    ("\u0142", "l"), ("szcz", "shch"), ("sz", "sh"), ("cz", "ch"), ("tch", "ch"), ("ts", "c"), ("rz", "zh"), ("zh", "z"),
    ("kh", "h"), ("w", "v"), ("ff", "v"), ("x", "ks"), ("j", "i"), ("y", "i"), ("ii", "i"),
    ("ie", "e"), ("ia", "a"), ("iu", "u"),
)


@lru_cache(maxsize=4096)
def translit_key(name: str) -> str:
    """A key under which the transliterations of one name meet: 'zelenski'
    for Zelensky, Zelenskyy, Zelenskiy and Zełenski; 'lavrov' for Ławrow."""
    key = fold(name)
    for old, new in _TRANSLIT:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def one_edit(a: str, b: str, *, swaps: bool = True) -> bool:
    """Two different words one typing slip apart: a letter changed, added, dropped
    or (with ``swaps``) two neighbours swapped ("Pacek" / "Pack", "Psaki" / "Pskai")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return swaps and len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[i:] == long_[i + 1 :]


@dataclass(frozen=True, slots=True)
class Office:
    office: str  # office key, e.g. "president", "foreign_minister"
    of: str  # country or organisation code the office belongs to
    start: str | None
    end: str | None
    head: str | None = None  # "state" | "government" for heads of state / government

    def active(self, when: str | None) -> bool:
        if when is None:
            return self.end is None
        day = when[:10]
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True)
class Entry:
    """One knowledge-base actor (person, organisation, media, group or country)."""

    id: str
    name: str
    kind: str
    code: str | None
    sector: str | None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    # countries only
    iso2: str | None = None
    demonyms: list[str] = field(default_factory=list)
    seats: list[str] = field(default_factory=list)
    leader: str | None = None
    source: str = ""

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def offices_at(self, when: str | None) -> list[Office]:
        return [o for o in self.offices if o.active(when)]

    def is_head(self, when: str | None = None) -> bool:
        """Head of state or government (ever, or at ``when`` when given)."""
        offices = self.offices if when is None else self.offices_at(when)
        return any(o.head for o in offices)


class KnowledgeBase:
    """Indexed entries plus the description lexicon."""

    def __init__(self, entries: list[Entry], lexicon: dict[str, Any]) -> None:
        self.entries: dict[str, Entry] = {e.id: e for e in entries}
        self.lexicon = lexicon
        self.by_alias: dict[str, list[Entry]] = {}
        self.by_surname: dict[str, list[Entry]] = {}
        self.by_translit: dict[str, list[Entry]] = {}  # surnames under translit_key
        self.countries: dict[str, Entry] = {}
        self.country_words: dict[str, str] = {}  # folded name/demonym -> code
        self.seat_words: dict[str, str] = {}  # folded seat -> code
        self.holders: dict[tuple[str, str], list[tuple[Office, Entry]]] = {}
        for entry in entries:
            self._index(entry)

    def _index(self, entry: Entry) -> None:
        for name in entry.names:
            bucket = self.by_alias.setdefault(fold(name), [])
            if entry not in bucket:
                bucket.append(entry)
        if entry.kind == "person":
            for name in entry.names:
                parts = name.split()
                if len(parts) >= 2:
                    bucket = self.by_surname.setdefault(fold(parts[-1]), [])
                    if entry not in bucket:
                        bucket.append(entry)
                    bucket = self.by_translit.setdefault(translit_key(parts[-1]), [])
                    if entry not in bucket:
                        bucket.append(entry)
            for office in entry.offices:
                self.holders.setdefault((office.of, office.office), []).append((office, entry))
        if entry.kind == "country" and entry.code:
            self.countries[entry.code] = entry
            for word in [entry.name, *entry.aliases, *entry.demonyms]:
                self.country_words.setdefault(fold(word), entry.code)
                if not word.lower().startswith("the "):
                    self.country_words.setdefault(fold(word) + "'s", entry.code)
            for seat in entry.seats:
                self.seat_words.setdefault(fold(seat), entry.code)

    def get(self, actor_id: str) -> Entry | None:
        if actor_id in self.entries:
            return self.entries[actor_id]
        return self.sector_variant(actor_id)

    def sector_variant(self, actor_id: str) -> Entry | None:
        """``country:RUS:MIL`` -> an entry for Russia's military (built on demand)."""
        parts = actor_id.split(":")
        if len(parts) != 3 or parts[0] != "country" or parts[2] not in SECTORS:
            return None
        country = self.countries.get(parts[1])
        if country is None:
            return None
        label = SECTOR_NAMES.get(parts[2], parts[2])
        return Entry(
            id=actor_id,
            name=f"{country.name} ({label})",
            kind="group",
            code=country.code,
            sector=parts[2],
            wikidata=None,
            source=country.source,
        )

    def office_holders(self, code: str, office: str, when: str | None) -> list[Entry]:
        return [e for o, e in self.holders.get((code, office), []) if o.active(when)]

    def leader(self, code: str, when: str | None) -> list[Entry]:
        """The person holding the office a country's 'leader' refers to at ``when``."""
        country = self.countries.get(code)
        head = "state" if country is None or country.leader != "head_of_government" else "government"
        found = []
        for (of, _), pairs in self.holders.items():
            if of != code:
                continue
            for office, entry in pairs:
                if office.head == head and office.active(when) and entry not in found:
                    found.append(entry)
        return found

    def predecessor(self, entry: Entry, when: str | None) -> Entry | None:
        """Who held ``entry``'s office (at ``when``, else its latest) before them."""
        current = entry.offices_at(when) or sorted(
            entry.offices, key=lambda o: o.start or "", reverse=True
        )[:1]
        # prefer the head-of-state/government office: "his predecessor" of a president
        current = sorted(current, key=lambda o: o.head is None)
        for office in current:
            if office.start is None:
                continue
            best: tuple[str, Entry] | None = None
            for other_office, other in self.holders.get((office.of, office.office), []):
                if other is entry or other_office.end is None or other_office.end > office.start:
                    continue
                if best is None or other_office.end > best[0]:
                    best = (other_office.end, other)
            if best is not None:
                return best[1]
        return None


# ---------------------------------------------------------------------------
# loading and validation


def _fail(message: str, path: str, line: int | None) -> KnowledgeBaseError:
    where = f"{path}:{line}" if line is not None else path
    return KnowledgeBaseError(message, source=where)


def _str_list(value: Any, key: str, path: str, line: int) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(f"{key!r} must be a list of non-empty strings", path, line)
    return [v.strip() for v in value]


def _opt_str(value: Any, key: str, path: str, line: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(f"{key!r} must be a non-empty string or null", path, line)
    return value.strip()


def _check_date(value: Any, key: str, path: str, line: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DATE.match(value):
        raise _fail(f"office {key!r} must be an ISO date YYYY-MM-DD, got {value!r}", path, line)
    try:
        date.fromisoformat(value)
    except ValueError:
        raise _fail(f"office {key!r} is not a valid date: {value!r}", path, line) from None
    return value


_KNOWN_KEYS = {
    "id", "name", "aliases", "kind", "code", "country", "sector", "wikidata", "offices",
    "iso2", "demonyms", "seats", "leader", "override", "note",
}


def parse_entry(data: Any, path: str, line: int, *, default_kind: str | None = None) -> Entry:
    """Validate one JSON object and build an :class:`Entry` (raises KnowledgeBaseError)."""
    if not isinstance(data, dict):
        raise _fail("an entry must be a JSON object", path, line)
    unknown = sorted(set(data) - _KNOWN_KEYS)
    if unknown:
        raise _fail(f"unknown field(s): {', '.join(unknown)}", path, line)
    kind = data.get("kind") or default_kind
    if kind is None and "offices" in data:
        kind = "person"
    if kind not in KINDS:
        raise _fail(f"'kind' must be one of {', '.join(sorted(KINDS))}, got {kind!r}", path, line)
    name = _opt_str(data.get("name"), "name", path, line)
    if name is None:
        raise _fail("missing 'name'", path, line)
    code = _opt_str(data.get("code") or data.get("country"), "code", path, line)
    actor_id = data.get("id")
    if actor_id is None and kind == "country" and code:
        actor_id = f"country:{code}"
    if actor_id is None and kind == "person":
        actor_id = f"person:{slugify(name)}"
    if not isinstance(actor_id, str) or not _ID.match(actor_id):
        raise _fail(f"'id' must look like 'person:some-name', got {actor_id!r}", path, line)
    if actor_id.startswith("prov:"):
        raise _fail("'prov:' ids are reserved for provisional actors", path, line)
    sector = _opt_str(data.get("sector"), "sector", path, line)
    if sector is not None and sector not in SECTORS:
        raise _fail(f"unknown PLOVER sector {sector!r}", path, line)
    wikidata = _opt_str(data.get("wikidata"), "wikidata", path, line)
    if wikidata is not None and not re.match(r"^Q[1-9]\d*$", wikidata):
        raise _fail(f"'wikidata' must be a Q-id like 'Q7747', got {wikidata!r}", path, line)
    offices = []
    raw_offices = data.get("offices") or []
    if not isinstance(raw_offices, list):
        raise _fail("'offices' must be a list", path, line)
    for raw in raw_offices:
        if not isinstance(raw, dict) or not isinstance(raw.get("office"), str):
            raise _fail("each office needs an 'office' key (e.g. 'president')", path, line)
        of = raw.get("of") or code
        if not isinstance(of, str) or not of:
            raise _fail("each office needs 'of' (a country or organisation code)", path, line)
        start = _check_date(raw.get("start"), "start", path, line)
        end = _check_date(raw.get("end"), "end", path, line)
        if start and end and end < start:
            raise _fail(f"office {raw['office']!r} ends ({end}) before it starts ({start})", path, line)
        head = raw.get("head")
        if head not in (None, "state", "government"):
            raise _fail("office 'head' must be 'state', 'government' or absent", path, line)
        offices.append(Office(raw["office"], of, start, end, head))
    leader = data.get("leader")
    if leader not in (None, "head_of_state", "head_of_government"):
        raise _fail("'leader' must be 'head_of_state' or 'head_of_government'", path, line)
    return Entry(
        id=actor_id,
        name=name,
        kind=kind,
        code=code,
        sector=sector,
        wikidata=wikidata,
        aliases=_str_list(data.get("aliases"), "aliases", path, line),
        offices=offices,
        iso2=_opt_str(data.get("iso2"), "iso2", path, line),
        demonyms=_str_list(data.get("demonyms"), "demonyms", path, line),
        seats=_str_list(data.get("seats"), "seats", path, line),
        leader=leader,
        source=f"{path}:{line}",
    )


def read_jsonl(text: str, path: str, *, default_kind: str | None = None) -> list[tuple[Entry, bool]]:
    """Entries of a JSONL file (blank lines and ``#`` comments allowed), with their
    ``override`` flag."""
    entries = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise _fail(f"invalid JSON: {exc.msg} (column {exc.colno})", path, number) from None
        entry = parse_entry(data, path, number, default_kind=default_kind)
        entries.append((entry, bool(isinstance(data, dict) and data.get("override"))))
    return entries


_BUILTIN_FILES = (
    ("countries.jsonl", "country"),
    ("organizations.jsonl", None),
    ("people.jsonl", "person"),
)


def _builtin_entries() -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[str, Entry] = {}
    for name, kind in _BUILTIN_FILES:
        text = read_text("actors", name)
        for entry, _ in read_jsonl(text, f"dateline/data/actors/{name}", default_kind=kind):
            if entry.id in seen:
                raise KnowledgeBaseError(
                    f"id {entry.id!r} is defined twice (also at {seen[entry.id].source})",
                    source=entry.source,
                )
            seen[entry.id] = entry
            entries.append(entry)
    return entries


def _lexicon() -> dict[str, Any]:
    data: dict[str, Any] = read_json("actors", "descriptions.json")
    return data


def merge_user_entries(
    entries: list[Entry], user: list[tuple[Entry, bool]]
) -> list[Entry]:
    """Add user entries; an id that already exists is a conflict unless ``"override": true``."""
    by_id = {e.id: i for i, e in enumerate(entries)}
    merged = list(entries)
    user_seen: dict[str, Entry] = {}
    for entry, override in user:
        if entry.id in user_seen:
            raise KnowledgeBaseError(
                f"id {entry.id!r} is defined twice (also at {user_seen[entry.id].source})",
                source=entry.source,
            )
        user_seen[entry.id] = entry
        if entry.id in by_id:
            if not override:
                raise KnowledgeBaseError(
                    f"id {entry.id!r} conflicts with the built-in entry "
                    f"({merged[by_id[entry.id]].source}); set \"override\": true to replace it",
                    source=entry.source,
                )
            merged[by_id[entry.id]] = entry
        else:
            by_id[entry.id] = len(merged)
            merged.append(entry)
    return merged


def load_knowledge_base(user_files: tuple[str, ...] = ()) -> KnowledgeBase:
    """The built-in knowledge base merged with the user's files.

    Cached per process, keyed by each user file's path, size and modification time,
    so an edited file (``dateline actors add``) is read again.
    """
    stamps = []
    for name in user_files:
        try:
            stat = Path(name).stat()
            stamps.append((name, stat.st_size, stat.st_mtime_ns))
        except OSError:
            stamps.append((name, -1, -1))
    return _load_cached(tuple(stamps))


@lru_cache(maxsize=8)
def _load_cached(stamps: tuple[tuple[str, int, int], ...]) -> KnowledgeBase:
    user_files = [name for name, _, _ in stamps]
    entries = _builtin_entries()
    user: list[tuple[Entry, bool]] = []
    for name in user_files:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise KnowledgeBaseError("knowledge-base file not found", source=str(path)) from None
        except UnicodeDecodeError:
            raise KnowledgeBaseError("knowledge-base file is not UTF-8", source=str(path)) from None
        user.extend(read_jsonl(text, str(path)))
    return KnowledgeBase(merge_user_entries(entries, user), _lexicon())


def speaker_query(text: str, kb: KnowledgeBase) -> str:
    """A speaker filter as typed ("Zelenskiy", "Zelensky", "Lavrov") -> the
    knowledge-base actor id it names, so every spelling finds the same quotes;
    anything else (an id, a local name) is returned as it is."""
    key = fold(text)
    entries = kb.by_alias.get(key) or kb.by_surname.get(key) or []
    ids = {e.id for e in entries}
    return next(iter(ids)) if len(ids) == 1 else text
