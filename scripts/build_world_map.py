"""Build the web UI's bundled world map from Natural Earth 110m country boundaries.

Input: ``countries-110m.json`` (TopoJSON) from the npm package ``world-atlas``
(``npm pack world-atlas`` and unpack it; its data is Natural Earth, public domain).
Output: ``src/dateline/interfaces/web/static/world-110m.json``, one SVG path per
country in an equirectangular projection (x = lon + 180, y = 90 - lat, so the
viewBox is ``0 0 360 180``), coordinates rounded to 0.1 degree. The UI draws
located events on it without a tile server. Run once; the output is committed.

    python scripts/build_world_map.py /tmp/package/countries-110m.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parents[1] / "src/dateline/interfaces/web/static/world-110m.json"
CREDIT = "Made with Natural Earth (public domain), via the world-atlas package."


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (undo quantisation and delta encoding)."""
    scale = topology.get("transform", {}).get("scale", [1, 1])
    translate = topology.get("transform", {}).get("translate", [0, 0])
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # consecutive arcs share their joining point
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Keep a ring continuous where it crosses the antimeridian (lon jumps by > 180):
    the part beyond +180 is drawn past the right edge (and clipped) instead of a
    stroke across the whole map."""
    out: list[tuple[float, float]] = []
    shift = 0.0
    for i, (lon, lat) in enumerate(points):
        if i:
            previous = points[i - 1][0]
            if lon - previous > 180:
                shift -= 360
            elif previous - lon > 180:
                shift += 360
        out.append((lon + shift, lat))
    return out


def ring_path(points: list[tuple[float, float]]) -> str:
    points = unwrap(points)
    out: list[str] = []
    last = None
    for lon, lat in points:
        xy = (round(lon + 180, 1), round(90 - lat, 1))
        if xy == last:
            continue
        out.append(f"{xy[0]:g},{xy[1]:g}")
        last = xy
    if len(out) > 1 and out[-1] == out[0]:
        out.pop()  # "Z" closes the ring
    if len(out) < 3:
        return ""
    return "M" + "L".join(out) + "Z"


def build(source: Path) -> dict[str, Any]:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        d = "".join(ring_path(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        if d:
            countries.append({
                "id": geometry.get("id"),
                "name": (geometry.get("properties") or {}).get("name"),
                "d": d,
            })
    return {"credit": CREDIT, "projection": "equirectangular", "viewBox": [0, 0, 360, 180],
            "countries": countries}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    data = build(Path(argv[1]))
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(data['countries'])} countries -> {OUT} ({OUT.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
