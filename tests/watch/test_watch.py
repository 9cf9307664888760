"""``dateline watch`` against a local feed server and a folder: it ingests what is new,
nothing twice, loses nothing, and survives sources that fail.

Texts are invented for these tests. The pipeline runs with the segment stage only
(spaCy loads once): what is tested is what gets stored, not what is extracted.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from dateline.config import Config
from dateline.errors import StoreError
from dateline.store import open_store
from dateline.store.base import Store
from dateline.watch import state as st
from dateline.watch.runner import Watcher, parse_duration
from tests.store.pg import BACKENDS, backend_store
from tests.watch.server import FeedItem, FeedState, feed_server

pytestmark = pytest.mark.model

CONFIG = Config(stages=("segment",))
A = FeedItem("a-1", "Harbour reopens", "The port authority of Varna reopened the northern harbour on Monday after repairs.")
B = FeedItem("b-2", "Talks resume", "Delegations from both ministries resumed talks in Geneva on Tuesday.")
B2 = FeedItem("b-2", "Talks resume", "Delegations from both ministries resumed talks in Geneva on Tuesday, officials said, and agreed to meet again in May.")
C = FeedItem("c-3", "Bridge closed", "Engineers closed the river bridge at Ruse on Wednesday for an inspection.")


def texts(store: Store) -> list[str]:
    return sorted(r["text"] for r in store.select("SELECT text FROM documents"))


def watcher(sources: list[str], store: Store, **kwargs: Any) -> Watcher:
    kwargs.setdefault("every", 0.0)
    kwargs.setdefault("timeout", 1.0)
    # in this process: fast; the worker pool is tested in test_isolated.py and by the CLI tests
    kwargs.setdefault("document_timeout", None)
    return Watcher(sources, CONFIG, store, **kwargs)


@pytest.mark.parametrize("backend", BACKENDS)
def test_feed_that_adds_repeats_changes_and_fails(backend: str, tmp_path: Path) -> None:
    feed = FeedState(items=[A, B])
    folder = tmp_path / "inbox"
    folder.mkdir()
    with backend_store(backend) as store, feed_server(feed) as url:
        w = watcher([url, str(folder)], store)
        r = w.poll_round()
        assert [s.stored for s in r.sources] == [2, 0]
        assert texts(store) == sorted([A.text, B.text])

        # the same feed again: a conditional GET answered 304, nothing read
        r = w.poll_round()
        assert r.sources[0].unchanged and r.stored == 0 and feed.not_modified == 1

        # one item added, two repeated: only the new one is processed
        feed.set_items([C, A, B])
        r = w.poll_round()
        assert (r.sources[0].stored, r.sources[0].skipped) == (1, 2)

        # the feed fails three ways; the folder beside it goes on each time
        for n, mode in enumerate(["error", "garbage", "slow"], 1):
            feed.mode = mode
            (folder / f"note{n}.txt").write_text(f"Observers counted {n} convoys near the border on Friday.\n")
            r = w.poll_round()
            assert r.sources[0].error and r.sources[0].stored == 0, mode
            assert r.sources[1].stored == 1, mode
            assert st.load_source(store, url, "feed").failures == n

        # back up, with one item changed: the new version replaces the old one
        feed.mode = "ok"
        feed.set_items([C, A, B2])
        r = w.poll_round()
        assert (r.sources[0].stored, r.sources[0].replaced, r.sources[0].error) == (1, 1, None)
        state = st.load_source(store, url, "feed")
        assert (state.failures, state.retry_at, state.last_error) == (0, None, None)
        assert state.etag and state.last_modified

        expected = sorted([A.text, B2.text, C.text] +
                          [f"Observers counted {n} convoys near the border on Friday." for n in (1, 2, 3)])
        assert texts(store) == expected  # nothing twice, nothing lost
        # every stored document was fused; the replaced version left no fusion rows behind
        assert store.select("SELECT count(*) AS n FROM fusion_documents")[0]["n"] == len(expected)
        assert w.poll_round().stored == 0


def test_failures_are_logged_with_the_reason(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    feed = FeedState(items=[A])
    with open_store(":memory:") as store, feed_server(feed) as url:
        w = watcher([url], store)
        caplog.set_level(logging.INFO, logger="dateline.watch")
        for mode, reason in [("error", "HTTP 500"), ("garbage", "not a usable feed"), ("slow", "cannot fetch")]:
            feed.mode = mode
            caplog.clear()
            assert w.poll_round().sources[0].error
            assert any(reason in r.getMessage() and r.levelname == "WARNING" for r in caplog.records), mode
        feed.mode = "ok"
        caplog.clear()
        w.poll_round()
        assert "1 new" in caplog.text


def test_a_store_error_loses_nothing() -> None:
    """A document the store failed to save is read again next round: the feed's
    validators are not kept, so the next GET is not answered 304."""
    feed = FeedState(items=[A, B])
    with open_store(":memory:") as store, feed_server(feed) as url:
        real_save = store.save
        calls: list[str] = []

        def flaky_save(extraction: Any, **kwargs: Any) -> Any:
            calls.append(extraction.document.id)
            if len(calls) == 1:
                raise StoreError("disk full (a test)")
            return real_save(extraction, **kwargs)

        store.save = flaky_save  # type: ignore[method-assign]
        r = watcher([url], store).poll_round().sources[0]
        assert (r.stored, len(r.failures), r.error) == (1, 1, None)
        assert st.load_source(store, url, "feed").etag is None
        r = watcher([url], store).poll_round().sources[0]
        assert (r.stored, r.skipped, feed.not_modified) == (1, 1, 0)
        assert texts(store) == sorted([A.text, B.text])
        r = watcher([url], store).poll_round().sources[0]
        assert r.unchanged and feed.not_modified == 1  # now the feed is known in full


def test_server_without_validators_still_ingests_nothing_twice() -> None:
    feed = FeedState(items=[A, B], validators=False)
    with open_store(":memory:") as store, feed_server(feed) as url:
        w = watcher([url], store)
        assert w.poll_round().stored == 2
        r = w.poll_round()
        assert (r.stored, r.sources[0].skipped, feed.not_modified) == (0, 2, 0)
        feed.set_items([A, B, C])
        assert w.poll_round().stored == 1
        assert len(texts(store)) == 3


def test_a_restarted_watcher_goes_on_where_it_stopped(tmp_path: Path) -> None:
    feed = FeedState(items=[A, B])
    db = tmp_path / "watch.db"
    with feed_server(feed) as url:
        with open_store(db) as store:
            assert watcher([url], store).poll_round().stored == 2
        with open_store(db) as store:
            r = watcher([url], store).poll_round()
            assert r.sources[0].unchanged and feed.conditional == 1 and feed.not_modified == 1
            assert len(texts(store)) == 2


def test_folder_source_new_changed_appended_and_bad_files(tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    first = folder / "a.txt"
    first.write_text("Customs officers seized a shipment of drones at Constanta on Monday.\n")
    lines = folder / "wire.jsonl"
    lines.write_text('{"text": "The ferry service to Odesa was suspended on Sunday.", "published": "2024-03-03"}\n')
    (folder / "empty.txt").write_text("")
    with open_store(":memory:") as store:
        w = watcher([str(folder)], store)
        r = w.poll_round().sources[0]
        assert (r.stored, len(r.failures)) == (2, 1)  # the empty file fails once, for good
        r = w.poll_round().sources[0]
        assert r.unchanged and (r.stored, r.failures) == (0, [])  # nothing is read again

        # a file edited in place replaces its document; a line appended is one new document
        first.write_text("Customs officers seized two shipments of drones at Constanta on Monday.\n")
        with lines.open("a") as out:
            out.write('{"text": "Ferries to Odesa resumed on Thursday.", "published": "2024-03-07"}\n')
        os.utime(first, ns=(time.time_ns(), time.time_ns() + 10**9))
        r = w.poll_round().sources[0]
        assert (r.stored, r.replaced, r.skipped) == (2, 1, 1)
        assert texts(store) == sorted([
            "Customs officers seized two shipments of drones at Constanta on Monday.",
            "Ferries to Odesa resumed on Thursday.",
            "The ferry service to Odesa was suspended on Sunday.",
        ])
        seen = st.items(store, str(folder))
        assert {"a.txt", "wire.jsonl", "wire.jsonl:1", "wire.jsonl:2", "empty.txt"} <= set(seen)


def test_a_round_fuses_what_was_stored_but_not_fused(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Fusion completeness: a document stored and not fused (killed between the two, a
    failed fusion, --no-fuse) is fused by the next round, even of an unchanged source."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Divers searched the harbour at Izmail on Tuesday for mines.\n")
    with open_store(":memory:") as store:
        assert watcher([str(folder)], store, fuse=False).poll_round().stored == 1
        (unfused,) = store.unfused()
        caplog.set_level(logging.WARNING, logger="dateline.watch")
        r = watcher([str(folder)], store).poll_round().sources[0]
        assert r.unchanged and (r.stored, r.failures) == (0, [])
        assert store.unfused() == [] and store.verify() == []
        assert f"{unfused}: stored earlier but not fused: fused now" in caplog.text
        assert store.select("SELECT count(*) FROM fusion_documents")[0][0] == 1


def test_missing_folder_is_a_failing_source_not_a_crash(tmp_path: Path) -> None:
    with open_store(":memory:") as store:
        r = watcher([str(tmp_path / "nowhere")], store).poll_round()
        assert r.sources[0].error and "E700" in r.sources[0].error


def test_backoff_doubles_up_to_the_limit_and_resets() -> None:
    now = [1000.0]
    feed = FeedState(items=[A], mode="error")
    with open_store(":memory:") as store, feed_server(feed) as url:
        w = watcher([url], store, every=60.0, max_backoff=200.0, clock=lambda: now[0])
        delays = []
        for _ in range(4):
            report = w.poll_round().sources[0]
            assert report.polled and report.error and report.retry_in is not None
            delays.append(report.retry_in)
            # not polled again before its time
            now[0] += report.retry_in - 1
            assert not w.poll_round().sources[0].polled
            now[0] += 1
        assert delays == [60.0, 120.0, 200.0, 200.0]
        feed.mode = "ok"
        assert w.poll_round().stored == 1
        assert st.load_source(store, url, "feed").retry_at is None


def test_stop_ends_the_loop_between_rounds() -> None:
    with open_store(":memory:") as store:
        w = watcher([], store, every=3600.0)
        rounds: list[int] = []

        def on_round(report: Any) -> None:
            rounds.append(report.number)
            if report.number == 2:
                w.stop()

        w.every = 0.0
        assert w.run(on_round=on_round) == 2 and rounds == [1, 2]
        assert watcher([], store).run(max_rounds=3) == 3


def test_parse_duration() -> None:
    assert [parse_duration(t) for t in ("15m", "1h30m", "45s", "90", "2d", "0.5h")] == [
        900, 5400, 45, 90, 172800, 1800]
    for bad in ("", "m", "15x", "1h 30", "-5m"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_cli_once_then_sigterm_stops_a_running_watch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Rescue teams reached the flooded villages near Galati on Saturday.\n")
    db = tmp_path / "cli.db"
    settings = tmp_path / "dateline.toml"
    settings.write_text('stages = ["segment"]\n')
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    cmd = [sys.executable, "-m", "dateline.interfaces.cli", "--config", str(settings),
           "watch", str(folder), "--db", str(db)]
    once = subprocess.run([*cmd, "--once"], env=env, capture_output=True, text=True, timeout=120)
    assert once.returncode == 0, once.stderr
    assert "1 new" in once.stderr and "1 round(s), 1 document(s) stored" in once.stderr

    for sig in (signal.SIGINT, signal.SIGTERM):
        proc = subprocess.Popen([*cmd, "--every", "1h"], env=env, stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        line = proc.stderr.readline()  # the first round's log line: the loop is waiting
        assert "unchanged" in line, line
        proc.send_signal(sig)
        rest = proc.communicate(timeout=30)[1]
        assert proc.returncode == 0, rest
        assert "stopping" in rest and "1 round(s)" in rest
