"""Country codes and names: ISO 3166 alpha-2 <-> alpha-3 and English names.

Backed by ``pycountry`` (the ISO 3166 tables, maintained upstream) instead of a
table of our own. What ISO does not hold stays our data: demonyms, seats of
government and aliases live in ``data/actors/countries.jsonl``. Codes ISO does
not know (``XKX`` for Kosovo, organisation codes) come back unchanged from
:func:`iso3` when they already look like alpha-3, and ``None`` otherwise.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# User-assigned codes in common use that ISO 3166 does not list.
_EXTRA: dict[str, tuple[str, str]] = {"XK": ("XKX", "Kosovo")}


@lru_cache(maxsize=1024)
def _lookup(code: str) -> tuple[str, str, str] | None:
    """``(alpha2, alpha3, name)`` for an alpha-2 or alpha-3 code (any case)."""
    import pycountry  # loaded on first use: import dateline stays cheap

    key = code.strip().upper()
    for two, (three, name) in _EXTRA.items():
        if key in (two, three):
            return two, three, name
    if len(key) == 2:
        found = pycountry.countries.get(alpha_2=key)
    elif len(key) == 3:
        found = pycountry.countries.get(alpha_3=key)
    else:
        return None
    if found is None:
        return None
    name = getattr(found, "common_name", None) or found.name
    return found.alpha_2, found.alpha_3, name


def iso3(code: str | None) -> str | None:
    """The alpha-3 code of an alpha-2 or alpha-3 country code (``"UA"`` -> ``"UKR"``)."""
    if not code:
        return None
    found = _lookup(code)
    if found is not None:
        return found[1]
    key = code.strip().upper()
    return key if len(key) == 3 and key.isalpha() else None


def iso2(code: str | None) -> str | None:
    """The alpha-2 code of an alpha-2 or alpha-3 country code (``"UKR"`` -> ``"UA"``)."""
    found = _lookup(code) if code else None
    return None if found is None else found[0]


def country_name(code: str | None) -> str | None:
    """The common English name of a country code (``"RUS"`` -> ``"Russian Federation"``)."""
    found = _lookup(code) if code else None
    return None if found is None else found[2]


# Keys under which rows, records and extraction dicts carry a country code.
COUNTRY_KEYS = frozenset({"country", "location_country"})


def iso3_countries(value: Any) -> Any:
    """A JSON-like value (dicts, lists) with every country code under :data:`COUNTRY_KEYS`
    as alpha-3, the form actor codes take. The store and the document model keep the
    gazetteer's alpha-2; output layers (CLI, web API, exports) show alpha-3. Only the
    dicts and lists on the way are copied."""
    if isinstance(value, dict):
        return {
            k: (iso3(v) or v if k in COUNTRY_KEYS and isinstance(v, str) else iso3_countries(v))
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [iso3_countries(v) for v in value]
    return value
