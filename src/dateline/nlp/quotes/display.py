"""The name a group speaker is shown by: the article's own words for it.

A speaker resolved to a country or to a country's sector (``country:UKR``,
``country:UKR:GOV``) keeps that id -- queries and events read its codes -- but a
reader is told who spoke as the article says it, the most specific actor it
gives: *a Kremlin spokesman* is the Kremlin, *Ukrainian officials* are
Ukrainian officials, *a Mariupol police official* speaks for the Mariupol
police, *the German government* is the German government, and *they* or *it*
after one of them is that group again. A bare country or seat (*Kyiv said*)
and an unnamed agent of a country alone (*a senior Ukrainian official*) keep
the country's name with its sector.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.model import Actor
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.speaker_phrases import _core

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_PRONOUNS = frozenset({"it", "they", "we", "its", "their", "them"})


class GroupNames:
    """Display names of group speakers within one document (remembers the
    name each group was last called by, for "they said")."""

    def __init__(self, lexicon: Lexicon, doc: Doc, text: str, actors: list[Actor] | None = None) -> None:
        self.lex = lexicon
        self.doc = doc
        self.text = text
        self.actors = actors or []
        self.called: dict[str, str] = {}
        self._institutions = sorted(lexicon.institutions, key=len, reverse=True)
        # nouns naming a group of speakers (word lists in data/quotes/groups.json)
        self._groups = lexicon.agent_nouns | lexicon.plural_group_nouns

    def name(self, actor_id: str | None, name: str | None, source: tuple[int, int] | None, head: int | None) -> str | None:
        """The name to show for a speaker (``name`` unchanged unless a group)."""
        if actor_id is None or not actor_id.startswith("country:"):
            return name
        token = self.doc[head] if head is not None and 0 <= head < len(self.doc) else None
        if source is None or token is None or token.lower_ in _PRONOUNS or token.pos_ == "PRON":
            return self.called.get(actor_id) or self._mentioned(actor_id, token.idx if token is not None else None) or name
        written = self._written(token, source)
        if written is None:
            return self.called.get(actor_id, name) if token.lower_ in self.lex.sector_heads else name
        if written.islower() and name and not name.islower():
            written = name  # "the authorities" given a country by their sentence: "Ukraine authorities"
        self.called[actor_id] = written
        return written

    def _mentioned(self, actor_id: str, before: int | None) -> str | None:
        """'Ukrainian officials ... They said': the group as last written before."""
        actor = next((a for a in self.actors if a.id == actor_id), None)
        if actor is None or before is None:
            return None
        for mention in sorted((m for m in actor.mentions if m.end <= before), key=lambda m: -m.start):
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None or span.root.pos_ == "PRON":
                continue
            return self._written(span.root, (mention.start, mention.end))
        return None

    def _body_after(self, token: Token, source: tuple[int, int]) -> str | None:
        """The body an agent noun is 'of', 'from' or 'for' ("a spokesman for the
        Ukrainian military"), when it is one."""
        for prep in token.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "for", "at"):
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj" or obj.lower_ not in self.lex.body_heads or obj.idx + len(obj.text) > source[1]:
                    continue
                start = obj.left_edge.idx
                words = self._trimmed(self.text[start : obj.idx + len(obj.text)])
                if len(words) >= 2:
                    return " ".join(words)
        return None

    def remember(self, actor_id: str | None, name: str | None) -> None:
        """A group's speaker name given elsewhere (a continuation keeps it)."""
        if actor_id is not None and actor_id.startswith("country:") and name:
            self.called.setdefault(actor_id, name)

    def _trimmed(self, phrase: str) -> list[str]:
        """The phrase's words without the leading ones a shown name leaves off ("some senior")."""
        words = phrase.split()
        while words and words[0].lower() in self.lex.name_skip_words:
            words = words[1:]
        return words

    def _written(self, token: Token, source: tuple[int, int]) -> str | None:
        start, end = _core(token, source)
        phrase = self.text[start:end]
        folded = phrase.lower()
        for institution in self._institutions:
            match = re.search(rf"(?<![\w]){re.escape(institution)}(?![\w])", folded)
            if match:
                # "a Kremlin spokesman", "representatives of the White House"
                return phrase[match.start() : match.end()]
        words = self._trimmed(phrase)
        lemma = token.lemma_.lower()
        if lemma in self._groups:
            named = self._body_after(token, source)
            if named is not None:
                return named  # "officials of the American administration"
        if len(words) < 2:
            return None  # "Kyiv", "Washington", "officials": the country's name stays
        if token.tag_ in ("NNS", "NNPS") and lemma in self._groups:
            return " ".join(words)  # "Ukrainian officials", "UK defence sources"
        if lemma in self.lex.agent_nouns:
            # "a Mariupol police official": the body the agent speaks for, when one is named
            body = words[:-1]
            if len(body) >= 2 and body[-1].lower() in self.lex.body_heads:
                return " ".join(body)
            return None
        if token.lower_ in self.lex.body_heads:
            return " ".join(words)  # "the German government", "Ukraine's presidency"
        return None
