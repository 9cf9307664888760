"""Regenerate src/dateline/data/actors/given_names.tsv from Faker's first-name lists.

Faker (MIT, https://github.com/joke2k/faker) ships per-locale lists of male and
female first names (US census and national registers). We keep the names in
Latin script of every locale, folded to lower-case ASCII, and give each name the
gender of the lists it appears in; a name in both the male and the female lists
keeps a gender only when at least 80% of the locales listing it agree, else it
is written with gender ``u`` (a known given name of either gender: "Andrea",
"Jean", "Sasha").

Faker's plain ``en`` locale copies a US census list that also holds common
nouns and titles ("Council", "General", "Major", "King", "Captain",
"Governor"): before a name they read as a given name and make a person of
"Council Chair X" or "General Staff". A name listed by the ``en`` locale
alone that Webster's 2nd (the ``web2`` list of the english-words package)
gives only as a lower-case word, never capitalised as a proper name, is
dropped; names that other locales list, or that the dictionary knows as
names ("Mark", "Grace", "Chester"), are kept.

Usage: pip install 'faker>=30,<41' 'english-words==2.0.2'; python scripts/build_given_names.py
The output is committed; dateline never needs Faker at run time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter, defaultdict
from pathlib import Path

import faker.providers.person as person
from english_words import get_english_words_set

from dateline.resolve.actors.kb import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "actors" / "given_names.tsv"
_LATIN = re.compile(r"^[a-z][a-z'\-]+$")
AGREEMENT = 0.8


def common_words() -> set[str]:
    """Words the dictionary has in lower case only (never as a capitalised name)."""
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    proper = {w.lower() for w in words if w[:1].isupper()}
    return {w for w in words if w.islower() and w not in proper}


def main() -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    locales: dict[str, set[str]] = defaultdict(set)
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for gender, attribute in (("m", "first_names_male"), ("f", "first_names_female")):
            names = {fold(str(n)).strip() for n in getattr(provider, attribute, ())}
            for name in names:
                if _LATIN.match(name) and len(name) > 1:
                    votes[name][gender] += 1
                    locales[name].add(module.name)
    common = common_words()
    dropped = {name for name, where in locales.items() if where == {"en"} and name in common}
    rows = []
    for name, count in sorted(votes.items()):
        if name in dropped:
            continue
        total = count["m"] + count["f"]
        top, n = count.most_common(1)[0]
        rows.append(f"{name}\t{top if n >= AGREEMENT * total else 'u'}")
    OUT.write_text(
        "# given name (folded)\tgender m/f/u; from Faker's first-name lists (MIT), scripts/build_given_names.py\n"
        + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} names -> {OUT} ({len(dropped)} census-only common words dropped)")


if __name__ == "__main__":
    main()
