"""Speakers named earlier in the article than the quote that refers back to them.

The part of :class:`~dateline.nlp.quotes.speakers.SpeakerResolver` that reads
back from a definite description the resolver could not place:

- *the statement said* / *reads the statement* when no earlier quote named the
  statement: the one who issued it in an earlier sentence (*The ministry issued
  a statement*, *In a tweet the ministry said*, *the statement from X*);
- *the sources said* / *the diplomats note* when no earlier quote was theirs:
  the group an earlier sentence named with the same noun (*UK defence sources
  later sought to clarify ...*), else the people given that role before (*the
  authors said* after *X, a co-author of the report*), through the first named.

Both only look back about two paragraphs and never into quoted words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from dateline.model import Actor, Span, Speaker
from dateline.nlp.quotes.source_names import SourceNames
from dateline.nlp.quotes.speaker_phrases import _strip_name
from dateline.resolve.actors.kb import slugify
from dateline.resolve.actors.local import in_quotation_marks

if TYPE_CHECKING:
    from spacy.tokens import Token

# the resolver's reading of a source phrase: (start, end), head -> (speaker, confidence factor)
Lookup = Callable[[tuple[int, int], "Token | None"], tuple[Speaker, float]]
# how far back (characters) a description may refer: about two paragraphs of news
_REACH = 1500
# prepositions naming who a publication is from ('the statement from the EU')
_FROM = frozenset({"from", "of", "by"})
_PERSONAL = {"he": "m", "she": "f"}
_FIRST_PERSON = frozenset({"i", "me", "my", "we", "us", "our"})

# clauses inside a sentence: their subjects are not what the sentence is about
_INNER_CLAUSES = frozenset({"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "pcomp"})


def _main_clause(verb: Token, limit: int) -> bool:
    """``verb`` is the main clause's (of the words before ``limit``), not one inside it."""
    node = verb
    for _ in range(8):
        if node.head.i == node.i or node.head.idx >= limit:
            return True
        if node.dep_ in _INNER_CLAUSES:
            return False
        node = node.head
    return False


class EarlierMentions(SourceNames):
    """Readings of a description through the sentences before it (the resolver holds the state)."""

    history: list[tuple[int, int, Speaker]]
    # extents of the dash quotations, computed when first asked (see ``_in_words``)
    dash_finder: Callable[[], list[tuple[int, int]]] | None = None
    _dashed: list[tuple[int, int]] | None = None

    def _in_words(self, offset: int) -> bool:
        """Inside quotation marks or a dash quotation: someone's words, not the narrator's."""
        if in_quotation_marks(self.text, offset):
            return True
        if self._dashed is None:
            self._dashed = self.dash_finder() if self.dash_finder is not None else []
        return any(start <= offset < end for start, end in self._dashed)

    def _actor_of(self, token: Token) -> Actor | None:
        """The actor a subject word stands for: coref, else the index over its phrase."""
        key = (token.idx, token.idx + len(token.text))
        owner = self.coref.get(key)
        if owner is not None:
            return self.index.get(owner)
        actor = self.index.at(*key)
        if actor is None:
            actor = self.index.at(token.left_edge.idx, key[1])
        return actor

    def _earlier_same_noun(self, token: Token, lemmas: frozenset[str] | None = None) -> list[Token]:
        """Earlier nouns with ``token``'s lemma (or one of ``lemmas``), nearest first,
        outside quotation marks."""
        wanted = lemmas or frozenset({token.lemma_.lower()})
        found = []
        i = token.i - 1
        while i >= 0 and token.idx - self.doc[i].idx <= _REACH:
            word = self.doc[i]
            if word.lemma_.lower() in wanted and word.pos_ == "NOUN" and not in_quotation_marks(self.text, word.idx):
                found.append(word)
            i -= 1
        return found

    def _issuer(self, token: Token | None, lookup: Lookup) -> Speaker | None:
        """'The ministry issued a statement. ... "...," reads the statement': the
        subject of the sentence that last named that publication outside quotes,
        or the one it is from ('the statement from the EU's high representative',
        'a report published by X'). Mentions that are themselves a subject
        ('the statement said') refer back too and are passed over."""
        if token is None or token.lemma_.lower() not in self.lex.publication_nouns:
            return None
        # the same word first ('a statement' ... 'the statement'), else the last
        # publication named ('In a tweet X said ...' ... 'the statement added';
        # 'The Senate passed a resolution' ... 'according to the document')
        for lemmas in (None, self.lex.publication_nouns):
            for earlier in self._earlier_same_noun(token, lemmas):
                if earlier.dep_.startswith("nsubj"):
                    continue
                issuer = self._issuer_of(earlier, lookup)
                if issuer is not None:
                    return issuer
        return None

    def _issuer_of(self, earlier: Token, lookup: Lookup) -> Speaker | None:
        """Who issued the publication named at ``earlier``: the one it is from or
        by, else the subject of the verb that has it for object ('X published a
        report', 'X said in a statement')."""
        for child in earlier.children:
            if child.dep_ == "prep" and child.lower_ in _FROM:
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        actor = self._actor_of(obj)
                        if actor is not None:
                            return Speaker(None, actor.id, actor.name)
        for child in earlier.children:
            if child.dep_ == "acl":  # 'a report published by X'
                for agent in child.children:
                    if agent.dep_ == "agent":
                        for obj in agent.children:
                            if obj.dep_ == "pobj":
                                found = self._issuer_phrase(obj, lookup)
                                if found is not None:
                                    return found
        verb = earlier.head
        if earlier.dep_ == "pobj" and verb.dep_ == "prep":
            verb = verb.head  # 'X said in a statement', 'In a tweet X said'
        if earlier.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
            return None  # the nearest mention is not something someone issued
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects:
            return None
        return self._issuer_phrase(subjects[0], lookup)

    def _issuer_phrase(self, head: Token, lookup: Lookup) -> Speaker | None:
        """The actor a subject or agent names: its own word, a name in apposition
        ('The upper house of the parliament, the Senate,'), an organisation no
        stage linked after 'by' ('published by the Conflict Observatory'), else
        the resolver's reading of the phrase."""
        if head.dep_ == "pobj" and head.head.dep_ == "agent" and head.ent_type_ in ("ORG", "FAC"):
            entity = next((e for e in self.doc.ents if e.start <= head.i < e.end), None)
            if entity is not None:
                linked = self.index.at(entity.start_char, entity.end_char)
                if linked is not None:
                    return Speaker(None, linked.id, linked.name)
                name = _strip_name(entity.text)
                if name[:1].isupper():
                    body = self._local_actor(
                        f"prov:org:{slugify(name)}", name, entity.start_char, entity.end_char, kind="organization"
                    )
                    return Speaker(None, body.id, body.name)
        actor = self._actor_of(head)
        if actor is not None:
            return Speaker(None, actor.id, actor.name)
        for child in head.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                actor = self._actor_of(child)
                if actor is not None:
                    return Speaker(None, actor.id, actor.name)
        last = head.right_edge
        while last.i > head.i and last.is_punct:
            last = last.nbor(-1)
        for end in sorted({head.idx + len(head.text), last.idx + len(last.text)}):
            # the head phrase, then the whole ('The office of the US intelligence director')
            speaker, _factor = lookup((head.left_edge.idx, end), head)
            if speaker.actor_id is not None:
                return speaker
        return None

    def _earlier_group(self, token: Token | None, lookup: Lookup) -> Speaker | None:
        """'The sources said' after 'UK defence sources later sought to clarify':
        the group the nearest earlier subject with that plural noun names."""
        if token is None or token.tag_ != "NNS" or token.left_edge.lower_ != "the" or token.left_edge.i != token.i - 1:
            return None
        for earlier in self._earlier_same_noun(token):
            if earlier.tag_ != "NNS" or not earlier.dep_.startswith("nsubj"):
                continue
            if earlier.left_edge.lower_ == "the" and earlier.left_edge.i == earlier.i - 1:
                continue  # another bare 'the sources': no name there either
            speaker, _factor = lookup((earlier.left_edge.idx, earlier.idx + len(earlier.text)), earlier)
            return speaker if speaker.actor_id is not None else None
        return self._role_holders(token)

    def _earlier_country(self, token: Token | None) -> Speaker | None:
        """'Poland sent troops ... The country said': the latest country named
        before, outside quoted words, within about two paragraphs."""
        if token is None or token.lemma_.lower() not in self.lex.country_nouns or token.tag_ != "NN":
            return None
        if token.i == 0 or token.left_edge.i != token.i - 1 or token.left_edge.lower_ != "the":
            return None  # 'the neighbouring country', 'the country's army': not the bare noun
        best: tuple[int, Actor] | None = None
        for actor in self.actors:
            if actor.kind != "country":
                continue
            for mention in actor.mentions:
                if (
                    token.idx - _REACH <= mention.start < token.idx and (best is None or mention.start > best[0])
                    and not in_quotation_marks(self.text, mention.start)
                ):
                    best = (mention.start, actor)
        return None if best is None else Speaker(None, best[1].id, best[1].name)

    def _earlier_outlet(self, token: Token | None) -> Speaker | None:
        """'"...," wrote the New York Times. ... the newspaper added': a news
        outlet named by what it is is the latest outlet named before, outside
        quoted words, within about two paragraphs."""
        if token is None or token.lemma_.lower() not in self.lex.outlet_nouns:
            return None
        # a common noun ('the daily' may be tagged a proper noun, but is written in lower case;
        # in 'The Ukrainian daily reports' an adjective, but it is the subject)
        common = token.pos_ == "NOUN" and token.tag_ == "NN"
        lower = token.text.islower()
        if not (common or (lower and token.tag_ == "NNP") or (lower and token.tag_ == "JJ" and token.dep_ == "nsubj")):
            return None
        if token.left_edge.lower_ not in ("the", "this") or token.left_edge.i < token.i - 3:
            return None
        best: tuple[int, Actor] | None = None
        for mention, actor in self.index.mentions_in(max(0, token.idx - _REACH), token.idx):
            if not self._prose_at(mention.start):
                continue  # 'For more information, please visit Onet': page furniture, no source
            if actor.kind == "media" and (
                not in_quotation_marks(self.text, mention.start) or _title_in_marks(self.text, mention.start, mention.end)
            ):
                best = (mention.start, actor)
        if best is None:
            # a name the quotation marks hide (a stray mark before it: ', "New York
            # Times said'): the outlet that spoke last
            for _start, end, speaker in reversed(self.history):
                if token.idx - end > _REACH:
                    break
                known = self.index.get(speaker.actor_id) if speaker.actor_id is not None else None
                if known is not None and known.kind == "media" and end <= token.idx:
                    return Speaker(None, known.id, known.name)
        return None if best is None else Speaker(None, best[1].id, best[1].name)

    def _prose_at(self, offset: int) -> bool:
        """The paragraph at ``offset`` is prose: it ends as a sentence does or holds
        a quotation (the test of ``prose_ranks``), not a line of page furniture."""
        start = self.text.rfind("\n", 0, offset) + 1
        end = self.text.find("\n", offset)
        body = self.text[start : end if end >= 0 else len(self.text)].strip()
        return bool(re.search(r"[.!?:;\u201d\"')]$", body)) or "\u201c" in body or '"' in body

    def _role_holders(self, token: Token) -> Speaker | None:
        """'the authors said' after 'X, a co-author of the report, said': the people
        the article gave that role before, through the first one named."""
        role = token.lemma_.lower()
        if role == token.lower_:
            return None
        holders = [
            a for a in self.actors
            if a.kind == "person" and a.mentions and a.mentions[0].start < token.idx
            and any(r == role or r.endswith(f"-{role}") for r in a.roles)
        ]
        if not holders:
            return None
        first = min(holders, key=lambda a: a.mentions[0].start)
        return Speaker(None, first.id, first.name)

    def _introducer(self, token: Token | None, speaker: Speaker, content: tuple[int, int] | None) -> Actor | None:
        """'X was talking about the invasion. - If this happens, Putin ... - he
        said': a *he/she* closing a quotation that coreference gave to a person
        named inside that quotation is the person the sentence introducing the
        quotation is about (its subject, a person of agreeing gender, named
        outside quoted words), not someone the speaker talks about."""
        if (
            token is None or content is None or token.lower_ not in _PERSONAL or not token.dep_.startswith("nsubj")
            or speaker.actor_id is None or token.idx < content[1]
        ):
            return None
        named = self.index.get(speaker.actor_id)
        if named is None or named.kind != "person":
            return None
        inside = any(
            content[0] <= m.start < content[1] and m.text.lower() not in _FIRST_PERSON and self._in_words(m.start)
            for m in named.mentions
        )  # ("I" in the words is the speaker's own; a name the narrator gives is no one talked about)
        opening = self.doc.char_span(content[0], content[1], alignment_mode="expand")
        if opening is None:
            return None
        sentence = opening[0].sent
        if sentence.start_char >= content[0] - 2 and sentence.start > 0:
            sentence = self.doc[sentence.start - 1].sent  # the sentence before the quotation
        if self.text.count("\n", sentence.start_char, content[0]) > 2:
            return None  # the introduction must stand in the paragraph before or the same one
        if not inside and not self._glued_intro(sentence.start_char, content[0], named):
            return None
        subjects = [
            w for w in sentence
            if w.idx < content[0] and not in_quotation_marks(self.text, w.idx)
            and (
                (w.dep_.startswith("nsubj") and _main_clause(w.head, content[0]))
                # 'Similar declarations were made by the minister X.- A - he said': the agent
                or (not inside and w.dep_ == "pobj" and w.head.dep_ == "agent" and _main_clause(w.head.head, content[0]))
            )
        ]
        if not inside:
            subjects = [w for w in subjects if w.dep_ == "pobj"] + [w for w in subjects if w.dep_ != "pobj"]
        if not subjects:
            return None
        subject = subjects[0]  # the main clause's subject, not a clause inside it
        if any(start <= subject.idx < end for start, end, _ in self.history):
            return None  # the sentence before is someone's words too (a dash quotation)
        actor = self._actor_of(subject) if subject.dep_ != "pobj" else self._person_in(subject)
        if actor is None or actor.kind != "person" or actor.id == named.id:
            return None
        from dateline.resolve.coref import actor_gender, coref_lexicon  # coref imports this package

        gender = actor_gender(actor, coref_lexicon())
        return actor if gender in (None, _PERSONAL[token.lower_]) else None

    def _person_in(self, token: Token) -> Actor | None:
        """The one person the phrase of ``token`` names ('by the head of the union X')."""
        end = token.right_edge.idx + len(token.right_edge.text)
        people = {a.id: a for _m, a in self.index.mentions_in(token.left_edge.idx, end) if a.kind == "person"}
        return next(iter(people.values())) if len(people) == 1 else None

    def _glued_intro(self, start: int, content: int, named: Actor) -> bool:
        """The words open in the middle of their paragraph right after the sentence
        introducing them ('... the minister X.- A - he said'), and that sentence
        does not name the one coreference gave the pronoun."""
        before = self.text[start:content].rstrip(" \t-\u2013\u2014")
        if not before or before[-1] not in ".!?" or "\n" in before:
            return False
        return not any(start <= m.start < content for m in named.mentions)

    def _rebind(self, span: Span, before: str | None, actor: Actor) -> None:
        """The pronoun is ``actor``'s from now on, not the one coreference gave it:
        later pronouns, the speaker in focus and events read the new owner."""
        key = (span.start, span.end)
        old = self.index.get(before or "")
        if old is None or self.coref.get(key) != before:
            return
        self.coref[key] = actor.id
        old.mentions = [m for m in old.mentions if (m.start, m.end) != key]
        self._add_mention(actor, *key)


def _title_in_marks(text: str, start: int, end: int) -> bool:
    """'we read in "Washington Post"': marks holding only an outlet's name are its title, not quoted words."""
    return text[start - 1 : start] in _TITLE_MARKS and text[end : end + 1] in _TITLE_MARKS


_TITLE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"})
