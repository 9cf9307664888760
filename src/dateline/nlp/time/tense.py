"""Which way does a clause point in time? (-1 past, +1 future, 0 unknown)

Read from the spaCy parse: the verb governing the expression, its auxiliaries
("will", "had"), verbs of planning above it ("is expected to speak on July 4"),
and cue words inside the expression itself ("next", "last"). The cue words are
data (``lexicon.json``: ``future_cues``, ``past_cues``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PAST_TAGS = {"VBD"}
_MAX_CLIMB = 12


class TenseReader:
    def __init__(self, lexicon: dict[str, Any]) -> None:
        future = lexicon.get("future_cues", {})
        self.future_aux = {w.lower() for w in future.get("aux", [])}
        self.future_verbs = {w.lower() for w in future.get("verbs", [])}
        self.future_words = {w.lower() for w in future.get("words_in_span", [])}
        self.past_words = {w.lower() for w in lexicon.get("past_cues", {}).get("words_in_span", [])}
        self.plan_verbs = {w.lower() for w in future.get("plan_verbs", [])}
        self.reporting = {w.lower() for w in lexicon.get("reporting_verbs", [])}
        cues = sorted((w.lower() for w in future.get("deadline_before", [])), key=len, reverse=True)
        self.deadline = re.compile(
            r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\s+$" if cues else r"(?!)", re.IGNORECASE
        )

    def orientation(self, doc: Doc | None, text: str, start: int, end: int) -> int:
        words = {w.strip(".,").lower() for w in text[start:end].split()}
        if words & self.future_words:
            return 1
        if words & self.past_words:
            return -1
        deadline = self.deadline.search(text[max(0, start - 24) : start])
        if deadline:
            # "given until Tuesday", "postponed until Tuesday morning", "as soon as
            # Tuesday": a deadline lies ahead; "Up until Thursday, they had ..." and a
            # sentence that opens with "Until" look back.
            lead = text[max(0, start - 24) : start][: deadline.start()].rstrip()
            retrospective = lead.lower().endswith("up") or not lead or lead.endswith((".", "\n", '"'))
            if not retrospective and doc is not None:
                # "had filed their reports by Wednesday": a deadline already met
                found = doc.char_span(start, end, alignment_mode="expand")
                verb = self._governing_verb(found.root) if found is not None and len(found) else None
                retrospective = verb is not None and _past_perfect(verb)
            return -1 if retrospective else 1
        if doc is None:
            return 0
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return 0
        if span.root.dep_ == "poss":
            return 0  # "Thursday's closing price": the clause's tense says nothing about it
        verb = self._governing_verb(span.root)
        if verb is None:
            return 0
        if verb.lemma_.lower() in self.plan_verbs and any(c.dep_ == "dobj" for c in verb.children):
            return 1  # "protesters planned a demonstration on Saturday": what was planned lies ahead
        return self._verb_orientation(verb)

    def flashback(self, doc: Doc | None, text: str, start: int, end: int) -> bool:
        """Is the expression's clause in the past perfect ("forces that had invaded
        Burma in late 1943"): a time before the story's, which it then leaves? Not
        after a deadline word ("By June, they had taken Henan": June is the story's
        time)."""
        if doc is None or self.deadline.search(text[max(0, start - 24) : start]):
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return False
        verb = self._governing_verb(span.root)
        return verb is not None and _past_perfect(verb)

    @staticmethod
    def _governing_verb(token: Token) -> Token | None:
        current = token
        for _ in range(_MAX_CLIMB):
            if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("aux", "auxpass"):
                return current
            if current.head == current:
                return None
            current = current.head
        return None

    def _verb_orientation(self, verb: Token) -> int:
        node: Token | None = verb
        via = ""  # the dependency climbed through to reach ``node``
        for depth in range(3):
            if node is None:
                break
            aux = [c for c in node.children if c.dep_ in ("aux", "auxpass")]
            if any(a.lower_ in self.future_aux for a in aux):
                return 1
            if any(a.lemma_ == "have" and a.tag_ in _PAST_TAGS for a in aux):
                return -1  # past perfect: "had been due to expire Friday"
            if node.tag_ == "VBN" and not aux and node.dep_ in ("advcl", "acl", "amod"):
                # A reduced participle clause is past ("the terms, announced Friday",
                # "the record set on Aug. 6"), unless a verb of planning governs an
                # infinitive: "the talks, set to resume Monday, ...".
                planned = node.lemma_.lower() in self.future_verbs and via == "xcomp"
                return 1 if planned else -1
            if node.lemma_.lower() in self.future_verbs and (depth > 0 or node.tag_ != "VBD"):
                if _past_perfect(node.head):
                    return -1  # "it had been due to expire Friday": a plan seen from the past
                return 1  # "is expected to meet on Monday", "scheduled for Friday"
            if node.tag_ in _PAST_TAGS or any(a.tag_ in _PAST_TAGS for a in aux):
                return -1
            if node.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux):
                return -1
            if node.tag_ in ("VBZ", "VBP") and node.lemma_.lower() not in self.reporting:
                # Plain present of an event verb: news uses it for what is coming
                # ("the ministers meet Monday", "the truce is to start Friday").
                return 1 if depth > 0 and via == "xcomp" else 0
            # Climb through "to"-infinitives and clausal complements.
            if node.dep_ in ("xcomp", "ccomp", "advcl", "conj", "relcl") and node.head != node:
                via = node.dep_
                node = node.head
                continue
            break
        return 0


def _past_perfect(token: Token) -> bool:
    """Is ``token`` a verb in the past perfect ("had been")?"""
    return token.pos_ in ("VERB", "AUX") and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in _PAST_TAGS for c in token.children
    )
