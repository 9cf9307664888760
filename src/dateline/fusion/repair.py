"""Fusion completeness: every stored document is fused, even after a crash.

Saving a document and fusing it are two transactions, so a process killed between
them (kill -9, power loss) leaves a document stored and unfused; re-running the same
input then finds it "already stored". :func:`fuse_unfused` finds such documents
(:meth:`~dateline.store.base.Store.unfused`) and fuses them; ingest, batch and the web
write call it, and ``verify()``/``stats`` report any that remain.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from dateline.errors import DatelineError
from dateline.store.base import Store


def fuse_unfused(
    store: Store, *, skip: Collection[str] = (), chunk: int = 500,
) -> Iterator[tuple[str, DatelineError | None]]:
    """Fuse every stored-but-unfused document: ``(document id, error or None)`` for each.

    A document whose fusion fails stays unfused and is not tried again in this call
    (the next call retries it), nor is one in ``skip`` (tried by the caller already).
    """
    from dateline.fusion.engine import fuse_or_error

    tried = set(skip)  # each document once per call, whatever its fusion did
    while True:
        pending = [doc_id for doc_id in store.unfused(limit=chunk + len(tried))
                   if doc_id not in tried]
        if not pending:
            return
        for doc_id in pending:
            try:
                error = fuse_or_error(store, store.get(doc_id))
            except DatelineError as exc:  # deleted meanwhile, unreadable: reported, skipped
                error = exc
            tried.add(doc_id)
            yield doc_id, error
