"""A person's gender as the text shows it: honorifics, bound pronouns, given names.

Given names come from ``data/actors/given_names.tsv`` (built from Faker's
first-name lists by ``scripts/build_given_names.py``; ``u`` marks names given
to both); the curated lists of ``data/quotes/coref.json`` win over it (they
hold the transliterated names of the news we read, "Volodymyr", "Kaja").
"""

from __future__ import annotations

from functools import lru_cache

from dateline.packagedata import read_json, read_text
from dateline.resolve.actors.kb import fold


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Folded given name -> ``m``, ``f`` or ``u`` (either)."""
    names: dict[str, str] = {}
    for line in read_text("actors", "given_names.tsv").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name, gender = line.split("\t", 1)
        names[name] = gender.strip()
    curated = read_json("quotes", "coref.json")
    for gender, key in (("m", "male_names"), ("f", "female_names")):
        for name in curated[key]:
            names[name] = gender
    return names


def name_gender(name: str) -> str | None:
    """``m`` / ``f`` from the first given name of a full name; None when unknown,
    used for both, or the name is a single word (a surname)."""
    words = [w.strip(".,") for w in fold(name).split()]
    words = [w for w in words if w]
    titles = _title_words()
    while len(words) > 2 and words[0] in titles:
        words = words[1:]  # "General Anna X", "Major Dean Y": the given name follows the title
    if len(words) < 2 or words[0] in _body_words():
        return None
    gender = given_names().get(words[0])
    return gender if gender in ("m", "f") else None


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Titles and ranks that open names ("General Anna X"; "Dean Y" keeps its given name)."""
    data = read_json("quotes", "coref.json")
    return frozenset(data.get("person_nouns", [])) | frozenset(data.get("title_nouns", [])) | _body_words()


@lru_cache(maxsize=1)
def _body_words() -> frozenset[str]:
    """Bodies that open organisations' names, never given names ("Council", "Forum")."""
    data = read_json("quotes", "coref.json")
    return frozenset(data.get("organization_nouns", [])) | frozenset(data.get("unit_nouns", []))
