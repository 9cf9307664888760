"""The polling loop behind ``dateline watch``.

Each round polls every source that is due, one after the other, and ingests what is
new through :func:`dateline.api.ingest_items` (the same reading, pipeline, store and
fusion as ``dateline ingest``). A source that fails (down, HTTP error, timeout,
garbage) is logged and backed off -- ``every``, then twice, four times ... as long,
up to ``max_backoff`` -- while the others go on. What was seen is kept in the store
(:mod:`dateline.watch.state`), so a restarted watcher ingests nothing twice.

Extraction runs in a worker process (:class:`~dateline.scale.isolated.ExtractionPool`),
one document at a time under a hard deadline (``document_timeout``): a document whose
parse runs away is stopped there, its worker killed and replaced, and it fails alone
with E203 while the others are stored; nothing else in the watcher waits on it.

Nothing is lost: a feed's validators (ETag, Last-Modified) and a file's fingerprint
are kept only once everything they cover was stored or failed for good -- bad input,
or a document that ran past its deadline (it would again: retrying it every round
would spend the deadline and a worker restart each time; it is read again when the
feed or file changes). After a store error, a lost worker or an interrupted round the
next poll reads it all again, and documents already stored are skipped without
running the pipeline.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.config import Config
from dateline.errors import DatelineError, DocumentTimeoutError, InputError, SourceError
from dateline.ingest.readers import InputFailure
from dateline.model import Document
from dateline.pipeline import Outcome, StageTimeout
from dateline.store.base import Store
from dateline.store.migrations import utc_now
from dateline.watch import state as st
from dateline.watch.sources import Poll, item_key, kind_of, poll_feed, poll_folder

if TYPE_CHECKING:
    from dateline.scale.isolated import ExtractionPool

log = logging.getLogger("dateline.watch")

DEFAULT_TIMEOUT = 30.0
# Seconds one document may take to extract (as ``dateline serve``'s --document-timeout).
DEFAULT_DOCUMENT_TIMEOUT = 60.0
STOP_POLL = 0.2  # seconds: how soon a waiting watch notices a stop request
# Failures of the document itself, not of the moment: the item is not read again
# until it changes (see the module's docstring).
_FOR_GOOD = (InputError, DocumentTimeoutError, StageTimeout)
DEFAULT_MAX_BACKOFF = 6 * 3600.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")


def parse_duration(text: str) -> float:
    """Seconds in ``15m``, ``1h30m``, ``45s``, ``2d`` or a bare number of seconds."""
    value = text.strip().lower()
    pos, total = 0, 0.0
    for match in _DURATION.finditer(value):
        if match.start() != pos or (not match.group(2) and match.end() != len(value)):
            break
        total += float(match.group(1)) * _UNITS[match.group(2) or "s"]
        pos = match.end()
    if not value or pos != len(value):
        raise ValueError(f"not a duration: {text!r} (e.g. 15m, 1h30m, 45s)")
    return total


@dataclass
class SourceReport:
    """One source in one round."""

    source: str
    polled: bool = False
    unchanged: bool = False
    stored: int = 0
    skipped: int = 0
    replaced: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None  # the source itself failed (backed off)
    retry_in: float | None = None


@dataclass
class RoundReport:
    number: int
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return sum(s.stored for s in self.sources)


class Watcher:
    """Poll ``sources`` (feed URLs, folders, files) into ``store``.

    ``clock`` gives epoch seconds (tests pass their own to test backoff);
    :meth:`stop` (the CLI calls it on SIGINT/SIGTERM) ends the loop after the
    document being processed.

    Documents are extracted one at a time in a worker process, each within
    ``document_timeout`` seconds (``plugins``: modules that register extra stages,
    imported there); the worker starts on first use and stops at :meth:`close` (or the
    end of a ``with`` block). ``document_timeout=None`` extracts in this process
    instead, with no deadline on the parse (``stage_timeout`` still bounds each
    stage, on the main thread).
    """

    def __init__(
        self,
        sources: Sequence[str],
        config: Config,
        store: Store,
        *,
        every: float,
        timeout: float = DEFAULT_TIMEOUT,
        max_backoff: float = DEFAULT_MAX_BACKOFF,
        fuse: bool = True,
        clock: Callable[[], float] = time.time,
        document_timeout: float | None = DEFAULT_DOCUMENT_TIMEOUT,
        plugins: tuple[str, ...] = (),
    ) -> None:
        if document_timeout is not None and document_timeout <= 0:
            raise ValueError("document_timeout must be more than 0 s (None: in this process)")
        self.sources = list(dict.fromkeys(sources))
        self.config = config
        self.store = store
        self.every = every
        self.timeout = timeout
        self.max_backoff = max_backoff
        self.fuse = fuse
        self.clock = clock
        self.document_timeout = document_timeout
        self.plugins = plugins
        self._pool: ExtractionPool | None = None
        self._stopping = False

    # -- extraction -------------------------------------------------------------------
    @property
    def pool(self) -> ExtractionPool | None:
        """The worker pool (started on first use); ``None`` when extracting in process."""
        if self._pool is None and self.document_timeout is not None:
            from dateline.scale.isolated import ExtractionPool

            self._pool = ExtractionPool(self.config, size=1,
                                        deadline=self.document_timeout, plugins=self.plugins)
        return self._pool

    def close(self) -> None:
        """Stop the extraction worker (a later poll starts a new one)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop -------------------------------------------------------------------
    def stop(self) -> None:
        # a plain flag, not a threading.Event: stop() runs in signal handlers, and
        # Event.set takes the lock an interrupted Event.wait may hold (a deadlock
        # that left a SIGTERM'd watch running)
        self._stopping = True

    @property
    def stopped(self) -> bool:
        return self._stopping

    def _pause(self, seconds: float) -> None:
        """Sleep ``seconds``, waking within ``STOP_POLL`` of a stop request."""
        end = time.monotonic() + seconds
        while not self._stopping and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, STOP_POLL))

    def run(self, *, max_rounds: int | None = None,
            on_round: Callable[[RoundReport], None] | None = None) -> int:
        """Poll every ``every`` seconds until stopped (or ``max_rounds`` rounds); returns
        the number of rounds run."""
        rounds = 0
        while not self.stopped:
            started = time.monotonic()
            report = self.poll_round(rounds + 1)
            rounds += 1
            if on_round is not None:
                on_round(report)
            if max_rounds is not None and rounds >= max_rounds:
                break
            # wait out the rest of the interval; a stop request ends the wait at once
            self._pause(max(0.0, self.every - (time.monotonic() - started)))
        return rounds

    def poll_round(self, number: int = 1) -> RoundReport:
        report = RoundReport(number)
        for source in self.sources:
            if self.stopped:
                break
            report.sources.append(self.poll_source(source))
        return report

    # -- one source -------------------------------------------------------------------
    def backoff(self, failures: int) -> float:
        """Seconds before a source that failed ``failures`` times in a row is tried again."""
        return float(min(self.every * 2 ** max(0, failures - 1), self.max_backoff))

    def poll_source(self, source: str) -> SourceReport:
        report = SourceReport(source)
        state = st.load_source(self.store, source, kind_of(source))
        now = self.clock()
        if state.retry_at is not None and now < state.retry_at:
            report.retry_in = state.retry_at - now
            log.debug("%s: backing off, next try in %.0f s", source, report.retry_in)
            return report
        report.polled = True
        state.last_polled = utc_now()
        try:
            seen = st.items(self.store, source)
            poll = (poll_feed(source, state, self.config, timeout=self.timeout)
                    if state.kind == "feed" else poll_folder(source, seen, self.config))
            complete = self._ingest(source, poll, seen, report)
        except DatelineError as exc:
            complete = False
            self._failed(state, report, exc)
        except Exception as exc:  # noqa: BLE001 - one source's bug must not stop the others
            complete = False
            log.exception("%s: unexpected error", source)
            self._failed(state, report, exc)
        else:
            state.failures, state.retry_at, state.last_error = 0, None, None
            report.unchanged = poll.unchanged
            if complete:
                state.etag, state.last_modified = poll.etag, poll.last_modified
                st.save_items(self.store, source, poll.files, state.last_polled)
            if report.stored or report.replaced:
                state.last_changed = state.last_polled
            self._log(report)
        try:
            st.save_source(self.store, state)
        except DatelineError as exc:  # the store is down: the next round tries again
            log.warning("%s: cannot save the watch state: %s", source, exc)
        return report

    def _failed(self, state: st.SourceState, report: SourceReport, exc: BaseException) -> None:
        state.failures += 1
        delay = self.backoff(state.failures)
        state.retry_at = self.clock() + delay if delay > 0 else None
        state.last_error = str(exc) if isinstance(exc, DatelineError) else f"{type(exc).__name__}: {exc}"
        report.error, report.retry_in = state.last_error, delay
        log.warning("%s: %s (failure %d in a row; next try in %.0f s)",
                    state.source, state.last_error, state.failures, delay)

    def _ingest(self, source: str, poll: Poll, seen: dict[str, st.Item], report: SourceReport) -> bool:
        """Ingest the poll's documents; whether all of them were dealt with for good."""
        from dateline.api import ingest_items

        complete = True
        new_items: list[st.Item] = []

        def progress(outcome: Outcome | None) -> None:
            nonlocal complete
            if outcome is None:
                return
            if outcome.error is not None:
                if not isinstance(outcome.error, _FOR_GOOD):
                    complete = False  # a store error, a lost worker: read it again next time
                return
            if outcome.extraction is not None:
                document = outcome.extraction.document
                new_items.append(st.Item(self._key(source, outcome.source, document), None, document.id))

        pool = self.pool
        result = ingest_items(self._until_stopped(poll.items), self.config, self.store,
                              progress=progress, fuse=self.fuse,
                              extractor=pool.extract if pool is not None else None)
        if self.stopped:
            complete = False
        report.stored, report.skipped, report.failures = result.stored, result.skipped, result.failures
        for failed, message in result.failures:
            log.warning("%s: failed: %s", failed, message)
        for where, message in result.warnings:  # not fused, fused late, what reading found
            log.warning("%s: %s", where, message)
        # files keep their fingerprint (read once); items remember what they became
        fingerprints = {f.item: f for f in poll.files}
        merged = [st.Item(i.item, fingerprints.pop(i.item).fingerprint if i.item in fingerprints else None,
                          i.document_id) for i in new_items]
        poll.files = [*fingerprints.values(), *merged] if complete else merged
        st.save_items(self.store, source, merged, utc_now())
        report.replaced = self._replace(seen, merged)
        return complete

    def _until_stopped(self, items: Iterator[Document | InputFailure]) -> Iterator[Document | InputFailure]:
        for item in items:
            if self.stopped:
                return
            yield item

    @staticmethod
    def _key(source: str, where: str, document: Document) -> str:
        if kind_of(source) == "feed":
            # a feed item is known by its guid, else its link: a changed text is a new version
            return document.external_id or document.url or f"document:{document.id}"
        return item_key(source, where)

    def _replace(self, seen: dict[str, st.Item], now: list[st.Item]) -> int:
        """Delete the documents that changed items used to be (when nothing else leads to
        them), then let fusion drop what they left behind."""
        replaced = 0
        for item in now:
            old = seen.get(item.item)
            gone = old.document_id if old is not None else None
            if gone is None or gone == item.document_id or st.still_referenced(self.store, gone):
                continue
            try:
                self.store.delete(gone)
            except DatelineError as exc:  # already gone (deleted by hand): nothing to replace
                log.debug("%s: %s", gone, exc)
                continue
            replaced += 1
        if replaced and self.fuse:
            from dateline.fusion.engine import prune

            prune(self.store)
        return replaced

    @staticmethod
    def _log(report: SourceReport) -> None:
        if report.unchanged and not report.stored:
            log.info("%s: unchanged", report.source)
            return
        log.info("%s: %d new, %d replaced, %d already stored, %d failed", report.source,
                 report.stored, report.replaced, report.skipped, len(report.failures))


__all__ = ["DEFAULT_DOCUMENT_TIMEOUT", "RoundReport", "SourceError", "SourceReport", "Watcher",
           "parse_duration"]
