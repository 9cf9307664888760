"""The speaker in focus: who spoke last beats the nearest name.

The part of :class:`~dateline.nlp.quotes.speakers.SpeakerResolver` that gives
"he said", "the politician said", "the British minister emphasized" or "- said
PiS president" to the person who spoke last (within about three paragraphs,
gender and country agreeing) when the reading of the phrase alone named no one,
or named someone met since only inside quoted words. See ``docs/quotes.md``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dateline.model import Actor, Speaker
from dateline.nlp.quotes.dashes import unglued
from dateline.nlp.quotes.earlier import _PERSONAL
from dateline.nlp.quotes.source_names import SourceNames
from dateline.nlp.quotes.speaker_phrases import _definite, _epithets, _person_nouns
from dateline.resolve.actors.gender import PRONOUN_GENDER, answers
from dateline.resolve.actors.local import in_quotation_marks
from dateline.resolve.coref import coref_lexicon, names_its_own

if TYPE_CHECKING:
    from spacy.tokens import Token

# a photo caption closing on its credit ("... (Lauren Pelley / CBC News)"): no prose between speakers
_CAPTION = re.compile(r"\([^()\n]*/[^()\n]*\)\s*$")
# how a name closing a subject's title hangs from it ("the ambassador to the US X")
# a name closing the sentence a glued dash quotation opens after (translated layouts)
_INTRODUCES = re.compile(r"[.!?][ \t]*[-\u2013\u2014][ \t]*[A-Z\"\u201c\u201e]")
_IN_TITLE = frozenset({"appos", "compound", "pobj", "prep"})
# words opening an indirect question or an adverbial clause, whose subject is
# asked about or background ("since Putin invaded Ukraine"), not in focus
_QUESTION_MARKS = frozenset({
    "whether", "if", "since", "after", "before", "when", "while", "because", "as", "until", "although", "though", "once",
})


def _pronoun_gender(actor: Actor, before: int) -> str | None:
    """'m' / 'f' from the personal pronouns coreference gave the actor before
    ``before``, when they all agree."""
    found = {PRONOUN_GENDER[m.text.lower()] for m in actor.mentions if m.start < before and m.text.lower() in PRONOUN_GENDER}
    return found.pop() if len(found) == 1 else None


_OBJECT_PERSONAL = {"him": "m", "her": "f"}
_PRONOUN_GENDER = {**_PERSONAL, **_OBJECT_PERSONAL}  # 'he said', 'according to him'


def _according_to(token: Token) -> bool:
    """'according to the politician': the source of an according-to cue."""
    prep = token.head
    return token.dep_ == "pobj" and prep.lower_ == "to" and prep.i > 0 and prep.nbor(-1).lower_ == "according"


def _same(actor: Actor, named: Actor | None, actor_id: str) -> bool:
    """The actor, or a local copy of it the tokenizer made from a name glued to a
    dash ('Sergei X.-' beside Sergei X)."""
    if actor.id == actor_id:
        return True
    return named is not None and actor.kind == named.kind and unglued(actor.name) == named.name


class FocusSpeakers(SourceNames):
    """The person in focus for a pronoun or a description (the resolver holds the state)."""

    history: list[tuple[int, int, Speaker]]

    def _focus(
        self, token: Token | None, speaker: Speaker, content: tuple[int, int] | None, after_cue: bool = False
    ) -> Actor | None:
        """The speaker in focus beats the nearest name: the "he" of "he said" (or
        "the politician said" that nothing else resolved) is the person who spoke
        last, within two paragraphs, when the person the pronoun was given is
        named since then only inside quoted words ('"... Putin ...," he said'
        is not Putin)."""
        if token is None or not (token.dep_.startswith("nsubj") or _according_to(token) or after_cue):
            return None
        # 'According to him, ...' speaks like 'he said'
        pronoun = token.lower_ in _PERSONAL or (token.lower_ in _OBJECT_PERSONAL and _according_to(token))
        # after an inverted cue, translated news drops the article ("- said PiS president")
        bare = after_cue and not any(c.dep_ in ("det", "poss") for c in token.children)
        described = (
            not pronoun and token.pos_ == "NOUN" and token.tag_ == "NN"
            and token.lemma_.lower() in _person_nouns() and (_definite(token) or bare)
        )
        # "the head of Ukraine's railways" names its own body: someone new, unless
        # the body is of the focus speaker's country ("the head of the Hungarian
        # Ministry of Foreign Affairs" after the Hungarian minister spoke)
        own = described and names_its_own(token)
        led = self._led_by(token, speaker) if described else None
        # "the president" given to another person: the speaker in focus, if the
        # title is theirs and the other is named since only in quoted words
        other = self.index.get(speaker.actor_id or "") if described and led is None else None
        if described and speaker.actor_id is not None and led is None and (other is None or other.kind != "person"):
            return None
        # "- said Franciszek." after the pope spoke: a lone word after an inverted
        # cue naming no one named before is another spelling of the one in focus
        lone = after_cue and not pronoun and self._unnamed_before(token, speaker)
        if not (pronoun or described or lone):
            return None
        # a "she said" nothing resolved (no one of her gender near) reaches one paragraph further
        reach = 4 if pronoun and speaker.actor_id is None else 3
        last = self._last_person(token.idx, led.code if led is not None else None, reach)
        if last is None:
            return None
        start, end, focus = last
        if focus.id == speaker.actor_id:
            return None
        if described and token.lemma_.lower() not in focus.roles:
            # "the council head" after "Anna X, the head of the regional council": the
            # one given that title since the last speaker spoke, not the last speaker
            since = {
                a.id: a for a in self.actors
                if a.kind == "person" and a.id != focus.id and token.lemma_.lower() in a.roles
                and any(end <= m.start < token.idx for m in a.mentions)
            }
            if len(since) == 1:
                return next(iter(since.values()))
        if other is not None and (
            token.lemma_.lower() not in focus.roles
            or self._quoted_only(other.id, start, token.idx, content) is False
        ):
            return None
        if pronoun:
            # coref imports this package: a late import
            from dateline.resolve.coref import actor_gender, coref_lexicon

            gender = actor_gender(focus, coref_lexicon()) or _pronoun_gender(focus, token.idx)
            if gender is not None and gender != _PRONOUN_GENDER[token.lower_]:
                return None
            # the one the pronoun was given, named as a subject outside quoted words
            # in the last quote's paragraph or since, stays in focus; else the last speaker is
            paragraph = self.text.rfind("\n", 0, start) + 1
            if speaker.actor_id is not None and self._quoted_only(speaker.actor_id, paragraph, token.idx, content) is False:
                return None
        elif not lone and (
            led is None and focus.roles and token.lemma_.lower() not in focus.roles
            and token.lemma_.lower() not in _epithets() and not self._describes(token, focus)
        ):
            return None  # "the journalist" after the president spoke is someone else
        if own and not self._names_country_of(token, focus):
            return None
        return focus

    def _unnamed_before(self, token: Token, speaker: Speaker) -> bool:
        """A one-word proper noun whose person is named nowhere before it."""
        if token.pos_ != "PROPN" or any(c.pos_ == "PROPN" for c in token.children):
            return False
        actor = self.index.get(speaker.actor_id or "")
        # a knowledge-base person ('said Khamenei') is who the name says, named first or not
        return actor is None or (
            actor.kind == "person" and actor.provisional and all(m.start >= token.idx for m in actor.mentions)
        )

    def _names_country_of(self, token: Token, actor: Actor) -> bool:
        """The words after the description's head name the actor's country."""
        if not actor.code:
            return False
        after = [t for t in token.subtree if t.i > token.i]
        if not after:
            return False
        if any(self.lex.demonyms.get(t.lower_) == actor.code for t in after):
            return True
        start, end = after[0].idx, after[-1].idx + len(after[-1].text)
        return any(a.code == actor.code for _, a in self.index.mentions_in(start, end))

    def _led_by(self, token: Token, speaker: Speaker) -> Actor | None:
        """'the PiS president', 'the NATO head': a leader's title resolved to the
        organisation named in it; the person it stands for is the last speaker
        of that organisation's code."""
        actor = self.index.get(speaker.actor_id or "")
        if actor is None or actor.kind == "person" or not actor.code:
            return None
        if actor.id.startswith("country:") and token.tag_ == "NN" and token.lemma_.lower() in _person_nouns():
            # "the British minister emphasized" given the British government: one
            # person of that country, the last of them who spoke
            return actor
        if token.lemma_.lower() not in self.lex.leader_nouns:
            return None
        head = (token.idx, token.idx + len(token.text))
        return None if any(m.start <= head[0] and head[1] <= m.end for m in actor.mentions) else actor

    def _describes(self, token: Token, actor: Actor) -> bool:
        """'the head of state' fits a person of the government sector."""
        from dateline.resolve.coref import coref_lexicon

        words = [t.lower_ for t in token.subtree if not (t.i < token.i and t.dep_ == "det")]
        sectors = coref_lexicon().description_heads.get(" ".join(words))
        return sectors is not None and (actor.sector is None or actor.sector in sectors)

    def _last_person(self, offset: int, code: str | None = None, reach: int = 3) -> tuple[int, int, Actor] | None:
        """The person of the latest resolved quote, with at most ``reach`` lines
        of prose from its end to ``offset`` (captions do not count)."""
        for start, end, speaker in reversed(self.history):
            if end > offset:
                continue
            between = self.text[end:offset]
            if len([line for line in between.split("\n") if line.strip() and not _CAPTION.search(line)]) > reach:
                return None
            actor = self.index.get(speaker.actor_id or "")
            if actor is not None and actor.kind == "person" and (code is None or actor.code == code):
                return start, end, actor
        return None

    def _quoted_only(self, actor_id: str, start: int, end: int, content: tuple[int, int] | None) -> bool | None:
        """Is the actor named in ``[start, end)`` only inside quoted words or
        outside them only as no subject (True), also as a subject outside them
        (False), or not at all (None)?"""
        quoted = [(s, e) for s, e, _ in self.history]
        if content is not None:
            quoted.append(content)
        found: bool | None = None
        named = self.index.get(actor_id)
        for mention, actor in self.index.mentions_in(start, end):
            if not _same(actor, named, actor_id) or mention.text.lower() in PRONOUN_GENDER:
                continue  # a pronoun coreference gave the actor is no naming of them
            if any(s <= mention.start < e for s, e in quoted) or in_quotation_marks(self.text, mention.start):
                found = True
            elif self._subject_at(mention.start, mention.end):
                return False
            else:
                found = True  # "... business as usual with Putin": no new subject in focus
        return found

    def _subject_at(self, start: int, end: int) -> bool:
        """The mention is a subject, or the name closing one ("Russia's ambassador
        to the US Anatoly Antonov has rejected ...", parsed inside the title)."""
        if _INTRODUCES.match(self.text, end - 2 if self.text[end - 2 : end] == ".-" else end):
            return True  # '... made by the minister X.- A - he said': the name closing the introduction
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        node = span.root
        # through a preposition only a name glued to a title noun ("the ambassador to
        # the US X"), not the one a title is for ("a spokesman for X said")
        glued = span.start > 0 and self.doc[span.start - 1].pos_ in ("PROPN", "NOUN")
        for _ in range(4):
            if answers(node, coref_lexicon().question_verbs):
                return node.i == span.root.i  # "X asked Y about ...": Y answers next
            if node.dep_ in ("nsubj", "nsubjpass"):
                if any(c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in node.head.children):
                    return False  # "was asked whether Putin had decided", "since Putin invaded": not in focus
                return node.i == span.root.i or node.right_edge.i == span[-1].i
            if node.dep_ == "agent" or (node.dep_ == "pobj" and node.head.dep_ == "agent"):
                return True  # "was expressed by (the minister) X": the passive's doer
            if node.dep_ not in _IN_TITLE or node.head.i == node.i or (node.dep_ == "pobj" and not glued):
                return False
            node = node.head
        return False

    # -- a state's body speaking as an organisation -------------------------------
