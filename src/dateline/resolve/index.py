"""Look up which actor a character span refers to.

Built from ``Extraction.actors`` (their mentions), so any stage after the
actors stage -- quotes, events -- can ask "who is this noun phrase?" without
knowing how the actor was linked.
"""

from __future__ import annotations

import bisect

from dateline.model import Actor, Mention


class ActorIndex:
    def __init__(self, actors: list[Actor]) -> None:
        entries: list[tuple[int, int, Actor, Mention]] = []
        for actor in actors:
            for mention in actor.mentions:
                entries.append((mention.start, mention.end, actor, mention))
        entries.sort(key=lambda e: (e[0], e[1]))
        self._entries = entries
        self._starts = [e[0] for e in entries]
        self._by_id = {a.id: a for a in actors}

    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id)

    def mentions_in(self, start: int, end: int) -> list[tuple[Mention, Actor]]:
        """Actor mentions lying wholly inside ``[start, end)``, in text order."""
        i = bisect.bisect_left(self._starts, start)
        found = []
        while i < len(self._entries) and self._entries[i][0] < end:
            m_start, m_end, actor, mention = self._entries[i]
            if m_end <= end:
                found.append((mention, actor))
            i += 1
        return found

    def at(self, start: int, end: int) -> Actor | None:
        """The actor whose mention overlaps ``[start, end)`` the most (ties: the longest mention)."""
        best: tuple[int, int, Actor] | None = None
        i = max(0, bisect.bisect_left(self._starts, start) - 8)
        while i < len(self._entries) and self._entries[i][0] < end:
            m_start, m_end, actor, _ = self._entries[i]
            overlap = min(end, m_end) - max(start, m_start)
            if overlap > 0:
                key = (overlap, m_end - m_start, actor)
                if best is None or key[:2] > best[:2]:
                    best = key
            i += 1
        return None if best is None else best[2]
