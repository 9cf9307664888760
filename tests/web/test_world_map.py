"""The bundled world map and the script that builds it."""

from __future__ import annotations

import json
from pathlib import Path

from scripts.build_world_map import OUT, build, ring_path

STATIC_MAP = Path(__file__).resolve().parents[2] / "src/dateline/interfaces/web/static/world-110m.json"


def test_committed_map_is_the_scripts_output() -> None:
    assert OUT == STATIC_MAP
    data = json.loads(STATIC_MAP.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["credit"]
    assert data["viewBox"] == [0, 0, 360, 180]
    names = {c["name"] for c in data["countries"]}
    assert {"Ukraine", "Russia", "Poland", "Turkey", "United States of America"} <= names
    assert all(c["d"].startswith("M") and c["d"].endswith("Z") for c in data["countries"])


def test_build_decodes_quantised_delta_arcs(tmp_path: Path) -> None:
    # one square country, 10..20 E and 40..50 N, quantised on a 1-degree grid
    topology = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [10, 40]},
        "arcs": [[[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0]], "id": "999", "properties": {"name": "Square"}},
            {"type": "Point", "coordinates": [0, 0]},
        ]}},
    }
    source = tmp_path / "countries.json"
    source.write_text(json.dumps(topology), encoding="utf-8")
    data = build(source)
    assert data["countries"] == [
        {"id": "999", "name": "Square", "d": "M190,50L200,50L200,40L190,40Z"}]


def test_rings_crossing_the_antimeridian_stay_continuous() -> None:
    # 179 E -> 179 W: drawn past the right edge, not as a stroke across the map
    path = ring_path([(178.0, 60.0), (179.0, 60.0), (-179.0, 60.0), (-179.0, 61.0), (178.0, 61.0)])
    xs = [float(point.split(",")[0]) for point in path[1:-1].split("L")]
    assert max(xs) - min(xs) < 5
