"""Regenerate src/dateline/data/actors/given_names.tsv from Faker's first-name lists.

Faker (MIT, https://github.com/joke2k/faker) ships per-locale lists of male and
female first names (US census and national registers). We keep the names in
Latin script of every locale, folded to lower-case ASCII, and give each name the
gender of the lists it appears in; a name in both the male and the female lists
keeps a gender only when at least 80% of the locales listing it agree, else it
is written with gender ``u`` (a known given name of either gender: "Andrea",
"Jean", "Sasha").

Usage: pip install 'faker>=30,<41'; python scripts/build_given_names.py
The output is committed; dateline never needs Faker at run time.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections import Counter, defaultdict
from pathlib import Path

import faker.providers.person as person

from dateline.resolve.actors.kb import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "actors" / "given_names.tsv"
_LATIN = re.compile(r"^[a-z][a-z'\-]+$")
AGREEMENT = 0.8


def main() -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for gender, attribute in (("m", "first_names_male"), ("f", "first_names_female")):
            names = {fold(str(n)).strip() for n in getattr(provider, attribute, ())}
            for name in names:
                if _LATIN.match(name) and len(name) > 1:
                    votes[name][gender] += 1
    rows = []
    for name, count in sorted(votes.items()):
        total = count["m"] + count["f"]
        top, n = count.most_common(1)[0]
        rows.append(f"{name}\t{top if n >= AGREEMENT * total else 'u'}")
    OUT.write_text(
        "# given name (folded)\tgender m/f/u; from Faker's first-name lists (MIT), scripts/build_given_names.py\n"
        + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main()
