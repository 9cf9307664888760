import pickle

import pytest

from dateline.config import Config
from dateline.errors import ConfigError


def test_config_is_picklable_and_overridable():
    config = Config().with_overrides(db="x.db", published_override=None)
    assert config.db == "x.db"
    assert pickle.loads(pickle.dumps(config)) == config


def test_config_file_and_env(tmp_path, monkeypatch):
    path = tmp_path / "dateline.toml"
    path.write_text('[dateline]\ndb = "file.db"\nbatch_size = 4\nstages = ["segment"]\n')
    monkeypatch.setenv("DATELINE_TOKEN", "s3cret")
    config = Config.load(path)
    assert (config.db, config.batch_size, config.stages, config.api_token) == (
        "file.db", 4, ("segment",), "s3cret")
    monkeypatch.setenv("DATELINE_DB", "env.db")
    assert Config.load(path).db == "env.db"


def test_bad_config_files_are_clear_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("db = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        Config.load(bad)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('colour = "red"\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        Config.load(unknown)
    with pytest.raises(ConfigError, match="not found"):
        Config.load(tmp_path / "missing.toml")
