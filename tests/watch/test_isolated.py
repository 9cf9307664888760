"""``dateline watch`` extracts in a worker process under a per-document deadline: an item
whose parse runs away fails alone with E203 (its worker killed and replaced), the other
items of the same feed are stored and fused, and the watcher never waits past the deadline.

The feed and its texts are written for these tests. The deadline is tiny (a few seconds):
one runaway item is a long run-on text that spaCy really parses for tens of seconds, the
other spins in a test stage (``test_hang``) that only a kill stops.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from dateline.api import extract_document, ingest_items
from dateline.config import Config
from dateline.errors import DocumentTimeoutError
from dateline.ingest import document_from_text
from dateline.model import Document, Extraction
from dateline.store import open_store
from dateline.watch import state as st
from dateline.watch.runner import RoundReport, Watcher
from tests.processes import pid_alive
from tests.scale.conftest import PLUGINS
from tests.scale.plugin_stages import HANG_MARKER
from tests.watch.server import FeedItem, FeedState, feed_server
from tests.watch.test_watch import A, B, C, texts

pytestmark = [pytest.mark.model, pytest.mark.slow]

# stage_timeout 0: only the worker's deadline stops a runaway (as for spaCy's C code)
CONFIG = Config(stages=("segment", "test_hang"), stage_timeout=0)
DEADLINE = 2.0
# Each sentence-capped chunk of this costs the parser ~80 us per character: 120k
# characters take ~10 s on an idle machine, five times the deadline.
RUN_ON = ("the convoy moved north while the ministry said that the talks would go on "
          "and the observers counted trucks near the river crossing ")
RUNAWAY = FeedItem("run-on", "Run-on", (RUN_ON * (120_000 // len(RUN_ON) + 1))[:120_000])
HANG = FeedItem("hang", "Hang", f"Officials met in Ruse on Monday to discuss the bridge. {HANG_MARKER}")


def _bounded_round(w: Watcher, seconds: float) -> tuple[RoundReport, float]:
    """One poll round in a thread: fail (not hang) if the deadline did not hold."""
    done: list[RoundReport] = []
    runner = threading.Thread(target=lambda: done.append(w.poll_round()), daemon=True)
    started = time.monotonic()
    runner.start()
    runner.join(seconds)
    assert done, f"the round did not end within {seconds:g} s: a runaway document was not stopped"
    return done[0], time.monotonic() - started


def test_a_runaway_item_fails_alone_and_the_others_are_stored(tmp_path: Any) -> None:
    feed = FeedState(items=[A, RUNAWAY, B, HANG, C])
    with open_store(tmp_path / "watch.db") as store, feed_server(feed) as url, Watcher(
            [url], CONFIG, store, every=0.0, timeout=5.0, document_timeout=DEADLINE,
            plugins=PLUGINS) as w:
        report, _ = _bounded_round(w, 300)
        source = report.sources[0]
        assert source.error is None and (source.stored, source.skipped) == (3, 0)
        assert texts(store) == sorted([A.text, B.text, C.text])
        # each runaway failed alone, with its code, named by its feed item
        failed = sorted(source.failures)
        assert [f[1][:7] for f in failed] == ["[E203] ", "[E203] "]
        assert [f[0].rsplit(":", 1)[-1] for f in failed] == ["item2", "item4"]
        assert all(f"longer than {DEADLINE:g} s" in f[1] for f in failed)
        assert w.pool is not None and w.pool.replaced == 2
        # the three others were stored and fused, and the store is sound
        assert store.select("SELECT count(*) FROM fusion_documents")[0][0] == 3
        assert store.unfused() == [] and store.verify() == []

        # a document that ran past its deadline failed for good: the feed's validators
        # were kept, so an unchanged feed is not fetched (nor the runaway parsed) again
        assert st.load_source(store, url, "feed").etag
        report, seconds = _bounded_round(w, 60)
        assert report.sources[0].unchanged and feed.not_modified == 1
        assert w.pool.replaced == 2
        pids = w.pool.pids()
    # closing the watcher stops its worker
    assert pids and not any(pid_alive(p) for p in pids)


SEGMENT = Config(stages=("segment",))


class _Deadline:
    """An extractor like ExtractionPool.extract: the extraction, or its document's coded error."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, document: Document) -> Extraction:
        self.seen.append(document.source or document.id)
        if "late" in document.text:
            raise DocumentTimeoutError("extraction took longer than 1 s", source=document.source)
        return extract_document(document, SEGMENT)


def test_ingest_items_with_an_extractor_records_each_failure_with_its_code(tmp_path: Any) -> None:
    docs = [document_from_text(f"Talks resumed in Geneva on day {i}. " + ("late" if i == 1 else ""),
                               title=f"Day {i}", source=f"feed:item{i}") for i in range(3)]
    extractor = _Deadline()
    with open_store(tmp_path / "x.db") as store:
        report = ingest_items([*docs, docs[0]], SEGMENT, store, extractor=extractor)
        assert (report.stored, report.duplicates) == (2, 1)
        assert report.failures == [("feed:item1", "[E203] feed:item1: extraction took longer than 1 s")]
        assert extractor.seen == ["feed:item0", "feed:item1", "feed:item2"]  # the repeat skipped
        assert store.unfused() == []
        # already stored: not extracted again
        again = ingest_items(docs, SEGMENT, store, extractor=extractor)
        assert (again.stored, again.skipped, len(again.failures)) == (0, 2, 1)
        assert extractor.seen[3:] == ["feed:item1"]
