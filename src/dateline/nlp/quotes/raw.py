"""A quote as the passes find it: spans in the text, before speaker resolution."""

from __future__ import annotations

from dataclasses import dataclass, field

from dateline.nlp.quotes.marks import QuoteRegion


@dataclass
class RawQuote:
    """A quote found in the text, before speaker resolution."""

    kind: str
    content: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    source_head: int | None = None  # token index of the source's head word
    cue_head: int | None = None  # token index of the cue word
    confidence: float = 0.9
    via: str = "clause"  # clause | according | after | before | continuation | bare | signature | transcript | colon | learned
    regions: list[QuoteRegion] = field(default_factory=list)
    parent: int | None = None  # index of the quote reporting this one

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def end(self) -> int:
        return self.content[-1][1]
