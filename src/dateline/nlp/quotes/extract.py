"""Find quotes in a parsed document: cue, source and content spans.

Three passes, each leaving what earlier passes claimed alone:

1. **Clausal cues** (dependency parse): a cue verb with a clausal complement
   ("X said (that) ...", "..., X said", "X confirmed he is ...") or, for
   directive verbs, an object plus infinitive ("asked Y to leave").
   "according to X" is handled here too.
2. **Quotation-mark regions** that no clause covered: the cue is looked for
   right after the closing mark ("...," he added), before the opening mark
   (telling reporters: "..."), or the quote continues the previous speaker's
   quote in the paragraph before; otherwise it is a scare quote or a title and
   not a quote at all.
3. **Kinds**: content that is all quotation is direct, content that contains a
   quoted fragment is mixed (the fragment is not a second quote), the rest is
   indirect.

Everything here is about spans; resolving the source to an actor is done by
:mod:`dateline.nlp.quotes.speakers`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dateline.model import Paragraph
from dateline.nlp.quotes.frames import CUE_POS, FrameModel, cue_features, speaker_of
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.marks import QuoteRegion, find_regions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_PARTICIPLE_DEPS = ("advcl", "xcomp", "conj", "acl", "dep", "pcomp")
_CUE_LEFT_DEPS = ("aux", "auxpass", "neg")
_SOURCE_STOP_DEPS = ("relcl", "acl", "appos", "advcl", "punct", "cc", "conj", "parataxis")
_EDGE_PUNCT = set(",.;:-\u2014\u2013 \n")


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


def _indirect(
    content: list[tuple[int, int]],
    cue: list[Token],
    source: list[Token],
    subject: Token | None,
    cue_head: Token,
    confidence: float,
    via: str = "clause",
) -> RawQuote:
    """An indirect quote read from the parse (its kind is settled later)."""
    return RawQuote(
        kind="indirect",
        content=content,
        cue=_chars(cue),
        source=_chars(source) if source else None,
        source_head=subject.i if subject is not None else None,
        cue_head=cue_head.i,
        confidence=confidence,
        via=via,
    )


def _chars(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _trim(text: str, start: int, end: int, *, keep_closing: bool = True) -> tuple[int, int]:
    """Strip edge whitespace and punctuation; a closing quotation mark and the
    punctuation inside it stay (PolNeAR keeps them in the content)."""
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def source_tokens(subject: Token) -> list[Token]:
    """The subject's whole noun phrase, appositions and relative clauses included
    ("Jane Roe, a spokeswoman for the ministry,"), as PolNeAR marks sources; the
    comma closing an apposition belongs to it. Resolution uses the head word."""
    tokens = sorted(subject.subtree, key=lambda t: t.i)
    for child in subject.rights:
        # "Trump, speaking to veterans in Virginia, said": the participle is
        # circumstance, not source (an apposition or relative clause stays).
        if child.dep_ == "acl" and child.tag_ in ("VBG", "VBN") and child.left_edge.i > 0 and (
            subject.doc[child.left_edge.i - 1].text == ","
        ):
            tokens = [t for t in tokens if t.i < child.left_edge.i - 1 or t.i > child.right_edge.i + 1]
    dash = next((i for i, t in enumerate(tokens) if t.text in ("--", "\u2014", "\u2013")), None)
    if dash is not None and dash > 0 and all(t.is_upper or t.is_punct for t in tokens[:dash]):
        tokens = tokens[dash + 1 :]  # a dateline ("WASHINGTON -- President Obama")
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "preconj"):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text != ")":
        tokens.pop()
    if not tokens:
        return tokens
    doc = subject.doc
    after = tokens[-1].i + 1
    inner_comma = any(t.text == "," for t in tokens)
    if inner_comma and after < len(doc) and doc[after].text == ",":
        tokens.append(doc[after])
    return tokens


def subject_of(verb: Token) -> Token | None:
    """The verb's subject; for a participle ("..., telling reporters") the subject
    of the verb it hangs from; for a passive, the agent ("by X")."""
    current: Token | None = verb
    for _ in range(3):
        if current is None:
            return None
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "csubj")]
        if subjects:
            # '"Negotiations must happen," he said' can get two subjects: the nearest speaks.
            return min(subjects, key=lambda c: abs(c.i - current.i))  # type: ignore[union-attr]
        for child in current.children:
            if child.dep_ == "agent":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        return grandchild
        head = current.head
        if current.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN", "PRON") and head != current:
            # "one (of the postings) saying that ...": the noun the participle
            # modifies speaks.
            return head
        if current.dep_ == "pcomp" and head.dep_ == "prep" and head.head != head:
            # "by telling them ...", "In defending himself, Trump ...": through the
            # preposition to the verb it belongs to.
            current = head.head
        elif current.dep_ in _PARTICIPLE_DEPS and head != current:
            current = head
        else:
            return None
    return None


def cue_tokens(verb: Token, subject: Token | None) -> list[Token]:
    """The cue verb with its auxiliaries, negation and particles ("has not said",
    "also said", "pointed out")."""
    tokens = [verb]
    lower = subject.i if subject is not None and subject.i < verb.i else -1
    for child in verb.lefts:
        if child.i > lower and (
            child.dep_ in _CUE_LEFT_DEPS or (child.dep_ == "advmod" and child.i == verb.i - 1)
        ):
            tokens.append(child)
    for child in verb.rights:
        if child.dep_ == "prt":
            tokens.append(child)
    tokens.sort(key=lambda t: t.i)
    # Keep the cue contiguous: drop left material separated from the verb by
    # something that is not part of the cue.
    contiguous = [verb]
    chosen = {t.i for t in tokens}
    i = verb.i - 1
    while i in chosen:
        contiguous.insert(0, verb.doc[i])
        i -= 1
    i = verb.i + 1
    while i in chosen:
        contiguous.append(verb.doc[i])
        i += 1
    return contiguous


class Extractor:
    """Quote extraction for one configuration (``mode`` speech | attribution)."""

    def __init__(self, lexicon: Lexicon, mode: str = "speech", frames: FrameModel | None = None) -> None:
        self.lex = lexicon
        self.mode = mode
        self.verbs = lexicon.cue_verbs(mode)
        # Learned frames only widen attribution mode (PolNeAR's broad notion).
        self.frames = frames if mode == "attribution" else None

    # -- entry point -------------------------------------------------------
    def extract(self, doc: Doc, text: str, paragraphs: list[Paragraph]) -> list[RawQuote]:
        regions = find_regions(text, paragraphs)
        # Transcript lines ("PENCE: ...") are read first: their paragraphs'
        # quotation marks (often one opening mark per line, never closed) do not
        # make regions, and what is reported inside a line is nested in it.
        transcript = _named_labels(
            text, [q for q in (self._transcript_line(doc, text, p) for p in paragraphs) if q is not None]
        )
        if len(transcript) < 2:
            # One "LABEL: words" line is a headline or a kicker, not a transcript.
            transcript = []
        if transcript:
            regions = _outside_lines(regions, [(q.start, q.end) for q in transcript])
        quotes: list[RawQuote] = []
        claimed: list[tuple[int, int]] = []
        for sent in doc.sents:
            quotes.extend(self._clausal(sent, text, regions))
        quotes = _drop_overlapping(quotes)
        for quote in quotes:
            claimed.extend(quote.content)
        quotes.extend(self._from_regions(doc, text, regions, paragraphs, quotes, claimed))
        quotes.extend(self._colon_paragraphs(doc, text, paragraphs, regions, quotes))
        quotes.extend(transcript)
        quotes.sort(key=lambda q: (q.start, q.end))
        quotes = _join_interrupted(text, quotes, regions)
        for quote in quotes:
            # Quotation regions inside the content (for kinds and first-person pronouns).
            quote.regions = [
                r for r in regions
                if any(s <= ps and pe <= e for ps, pe in r.pieces for s, e in quote.content)
            ]
            quote.kind = self._kind(doc, text, quote)
        _link_reporting_chain(quotes)
        return quotes

    # -- pass 1: clauses ---------------------------------------------------
    def _clausal(self, sent: object, text: str, regions: list[QuoteRegion]) -> list[RawQuote]:
        found: list[RawQuote] = []
        tokens = list(sent)  # type: ignore[call-overload]
        for token in tokens:
            lemma = token.lemma_.lower()
            if lemma == "accord" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
                quote = self._according(token, sent, text)
                if quote is not None:
                    found.append(quote)
                continue
            if self.mode == "attribution" and token.pos_ in ("ADJ", "NOUN"):
                quote = self._predicate_quote(token, text, regions)
                if quote is None and self.frames is not None and token.pos_ in CUE_POS:
                    quote = self._learned_quote(token, text, regions)
                if quote is not None:
                    found.append(quote)
                continue
            quote = None
            if token.pos_ in ("VERB", "AUX") and lemma in self.verbs:
                quote = self._verb_quote(token, sent, text, regions)
            if quote is None and self.frames is not None and token.pos_ == "VERB":
                quote = self._learned_quote(token, text, regions)
            if quote is not None:
                found.append(quote)
        return found

    def _statement_clause(self, verb: Token) -> list[Token]:
        """'X said in a statement that Y ...': the parser hangs the that-clause
        on the speech noun; it is the verb's complement."""
        for prep in verb.children:
            if prep.dep_ != "prep" or prep.i < verb.i:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and noun.lemma_.lower() in self.lex.speech_nouns:
                    return [
                        c for c in noun.children
                        if c.dep_ in ("acl", "ccomp", "relcl") and c.i > noun.i
                        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    ]
        return []

    def _learned_quote(self, verb: Token, text: str, regions: list[QuoteRegion]) -> RawQuote | None:
        """A verb the rules left alone, read with the learned frames."""
        assert self.frames is not None
        subject = speaker_of(verb)
        quoted = any(r.start <= verb.idx < r.end for r in regions)
        p_cue = self.frames.cue.probability(cue_features(verb, subject, self.lex, quoted))
        if p_cue < self.frames.cue_threshold:
            return None
        best = self.frames.best_argument(verb)
        if best is None:
            return None
        _, head, prep, p_arg = best
        start, end = _trim(text, *_subtree_chars(head))
        if end - start < 2:
            return None
        if subject is not None and (subject.lower_ in self.lex.non_speaker_subjects or _in_subtree(subject, head)):
            subject = None
        cue = cue_tokens(verb, subject)
        if prep is not None and prep.i == cue[-1].i + 1:
            cue.append(prep)  # "called for", "spoke of": the preposition is part of the cue
        source = source_tokens(subject) if subject is not None else []
        spans = self._expand_to_regions(text, (start, end), regions)
        spans = [s for s in spans if not _overlaps_tokens([s], cue + source)]
        if not spans:
            return None
        return _indirect(spans, cue, source, subject, verb, round(0.3 + 0.4 * p_cue * p_arg, 3), via="learned")

    def _verb_quote(
        self, verb: Token, sent: object, text: str, regions: list[QuoteRegion]
    ) -> RawQuote | None:
        complements = [c for c in verb.children if c.dep_ == "ccomp"]
        if not complements:
            complements = self._statement_clause(verb)
        subject = subject_of(verb)
        content: tuple[int, int] | None = None
        complements = [c for c in complements if c.pos_ in ("VERB", "AUX") or _has_subject(c)]
        if complements:
            comp = complements[0]
            content = _clause_chars(comp)
            # "said that A and that B": the second clause is coordinated with the verb.
            for conj in verb.children:
                if conj.dep_ == "conj" and conj.i > comp.i and any(
                    c.dep_ == "mark" for c in conj.children
                ):
                    content = (content[0], _subtree_chars(conj)[1])
        elif (
            verb.dep_ == "parataxis"
            and verb.head.i < verb.i
            and subject is not None
            and subject.i < verb.i
            and subject.left_edge.i > 0
            and verb.doc[subject.left_edge.i - 1].text in (",", '"', "\u201d")
        ):
            # "Content, X said." parsed with the content's verb as the root.
            head = verb.head
            left = [t for t in head.subtree if t.i < verb.i and not _in_subtree(t, verb)]
            if left:
                content = _chars(left)
        elif (pieces := _parenthetical(verb, subject, text)) is not None:
            # "The museum, Mr. Obama said, would make ...": the content surrounds its cue.
            spans = [span for span in (_trim(text, *piece) for piece in pieces) if span[1] - span[0] >= 3]
            if len(spans) == 2 and subject is not None:
                cue = cue_tokens(verb, subject)
                source = source_tokens(subject)
                return RawQuote(
                    kind="indirect",
                    content=spans,
                    cue=_chars(cue),
                    source=_chars(source),
                    source_head=subject.i,
                    cue_head=verb.i,
                    confidence=0.85,
                )
        elif lemma_in(verb, self.lex.directive_verbs) or self.mode == "attribution":
            xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
            if xcomps and (objects or self.mode == "attribution"):
                # "asked US diplomats to leave": the addressee is not content.
                content = _subtree_chars(xcomps[0])
        extra_cue: list[Token] = []
        raising = self.mode == "attribution" and lemma_in(verb, self.lex.raising_verbs)
        if content is not None and raising and subject is not None:
            # "Republicans appear to be ...": the subject is part of what is
            # reported, and nobody is named as the source.
            xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
            if xcomps:
                subject_span = _chars(source_tokens(subject))
                return RawQuote(
                    kind="indirect",
                    content=[subject_span, _trim(text, *_subtree_chars(xcomps[0]))],
                    cue=_chars(cue_tokens(verb, subject)),
                    source=None,
                    cue_head=verb.i,
                    confidence=0.5,
                )
        if content is None and self.mode == "attribution" and lemma_in(verb, self.lex.object_verbs):
            # "praised the plan", "called him a liar", "pointed to the polls":
            # PolNeAR counts what is praised, called or pointed to as content.
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > verb.i]
            if not objects:
                preps = [
                    c for c in verb.children
                    if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("to", "on", "about", "of", "for")
                ]
                objects = [c for p in preps for c in p.children if c.dep_ == "pobj"]
                extra_cue = preps[:1] if objects else []
            if objects:
                # "accused X of Y", "blamed X for Y", "called X a liar": the rest goes with X.
                tail = [
                    c for c in verb.children
                    if c.i > objects[0].i
                    and (c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "as")))
                ]
                last = tail[-1] if tail else objects[0]
                content = (objects[0].left_edge.idx, _subtree_chars(last)[1])
        if content is None:
            return None
        start, end = _trim(text, *content)
        if end - start < 3:
            return None
        if subject is not None and subject.lower_ in self.lex.non_speaker_subjects and (
            subject.lower_ != "it" or any(c.dep_ == "auxpass" for c in verb.children)
        ):
            # Expletives speak for nobody: "there is ...", "it is expected that ...".
            subject = None
        cue = cue_tokens(verb, subject) + extra_cue
        cue += self._medium(verb, cue)
        source = source_tokens(subject) if subject is not None else []
        if source and source[0].i < verb.i <= source[-1].i:
            # The participle modifies its source ("one saying that ..."): the
            # source ends where the participle's phrase begins.
            source = [t for t in source if t.i < verb.left_edge.i]
            while source and (source[-1].is_punct or source[-1].is_space):
                source.pop()
        spans = self._expand_to_regions(text, (start, end), regions)
        if not spans or _overlaps_tokens(spans, cue) or (source and _overlaps_tokens(spans, source)):
            # A clause that swallowed its own cue or source is a parse error.
            spans = [s for s in spans if not _overlaps_tokens([s], cue + source)]
            if not spans:
                return None
        confidence = 0.9 if subject is not None else 0.6
        if lemma_in(verb, self.lex.attribution_verbs) and not lemma_in(verb, self.lex.speech_verbs):
            confidence -= 0.2
        return _indirect(spans, cue, source, subject, verb, confidence)

    def _medium(self, verb: Token, cue: list[Token]) -> list[Token]:
        """"said in a statement", "wrote in an op-ed": the medium right after the
        verb belongs to the cue."""
        end = max(t.i for t in cue)
        for child in verb.rights:
            if child.dep_ == "prep" and child.i == end + 1 and child.lower_ in ("in", "on", "during"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects and objects[0].lemma_.lower() in self.lex.speech_nouns:
                    # without a that-clause hung on the noun ("in a statement that ...")
                    clause = {t.i for c in self._statement_clause(verb) for t in c.subtree}
                    return [t for t in child.subtree if t.i not in clause]
        return []

    def _predicate_quote(self, token: Token, text: str, regions: list[QuoteRegion]) -> RawQuote | None:
        """Attribution mode: "X is confident that ...", "his claim that ..."."""
        lemma = token.lemma_.lower()
        if token.pos_ == "ADJ":
            if lemma not in self.lex.attribution_adjectives:
                return None
            clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
            head = token.head if token.dep_ == "acomp" else token
            subject = subject_of(head)
            cue = [t for t in head.doc[min(head.i, token.i) : max(head.i, token.i) + 1]]
        else:
            if lemma not in self.lex.attribution_nouns:
                return None
            clauses = [
                c for c in token.children
                if c.dep_ in ("acl", "ccomp", "appos") and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
            ]
            owners = [c for c in token.children if c.dep_ == "poss"]
            subject = owners[0] if owners else None
            cue = [token]
        if not clauses:
            return None
        start, end = _trim(text, *_clause_chars(clauses[0]))
        if end - start < 3:
            return None
        source = source_tokens(subject) if subject is not None else []
        spans = self._expand_to_regions(text, (start, end), regions)
        if _overlaps_tokens(spans, cue + source):
            return None
        return _indirect(spans, cue, source, subject, token, 0.6)

    def _according(self, according: Token, sent: object, text: str) -> RawQuote | None:
        to = according.nbor()
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in according.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        source = source_tokens(objects[0])
        if not source:
            return None
        phrase_start = according.idx
        phrase_end = source[-1].idx + len(source[-1].text)
        s_start = sent.start_char  # type: ignore[attr-defined]
        s_end = sent.end_char  # type: ignore[attr-defined]
        pieces = [_trim(text, s_start, phrase_start), _trim(text, phrase_end, s_end)]
        content = [p for p in pieces if p[1] - p[0] > 2]
        if not content:
            return None
        return RawQuote(
            kind="indirect",
            content=content,
            cue=(according.idx, to.idx + len(to.text)),
            source=_chars(source),
            source_head=objects[0].i,
            cue_head=according.i,
            confidence=0.8,
            via="according",
        )

    @staticmethod
    def _expand_to_regions(
        text: str, span: tuple[int, int], regions: list[QuoteRegion]
    ) -> list[tuple[int, int]]:
        """Content that reaches into a quotation grows to the whole quotation
        (a multi-sentence quote whose last sentence carries the cue)."""
        start, end = span
        touched = [r for r in regions if r.start < end and start < r.end]
        if not touched:
            return [(start, end)]
        inside = [r for r in touched if r.start <= start + 2 and end - 2 <= r.end]
        if len(inside) == 1 and not inside[0].unclosed:
            return list(inside[0].pieces)
        lo = min([start] + [r.start for r in touched if r.start < start])
        hi = max([end] + [r.end for r in touched if r.end > end])
        return [(lo, hi)]

    # -- pass 2: quotation regions ------------------------------------------
    def _from_regions(
        self,
        doc: Doc,
        text: str,
        regions: list[QuoteRegion],
        paragraphs: list[Paragraph],
        quotes: list[RawQuote],
        claimed: list[tuple[int, int]],
    ) -> list[RawQuote]:
        found: list[RawQuote] = []
        by_para = _paragraph_finder(paragraphs)
        i = 0
        while i < len(regions):
            region = regions[i]
            i += 1
            if any(s <= region.start and region.end <= e for s, e in claimed):
                continue  # part of a clause already found (mixed quote or direct)
            if any(s < region.end and region.start < e for s, e in claimed):
                continue
            quote = self._signature(doc, text, region)
            if quote is None:
                quote = self._cue_after(doc, text, region)
            if quote is None:
                quote = self._cue_before(doc, text, region)
            if quote is None and self._continuation(text, region, found + quotes, by_para):
                continue
            if quote is None:
                quote = self._bare(text, region, by_para)
            if quote is None:
                continue
            if region.unclosed:
                quote.confidence = max(0.1, quote.confidence - 0.3)
            found.append(quote)
        return found

    def _signature(self, doc: Doc, text: str, region: QuoteRegion) -> RawQuote | None:
        """'"..." \u2015 Jane Roe': a dash and a name right after the quotation sign it."""
        match = _SIGNATURE.match(text, region.end)
        if match is None or match.group("dash") not in self.lex.signature_dashes:
            return None
        if not self._is_speech_like(text, region):
            return None
        name_start, name_end = match.span("name")
        if text[name_end - 1] == "." and name_end - name_start > 2 and text[name_end - 3] != " ":
            name_end -= 1  # the full stop after a name; an initial keeps its own
        return RawQuote(
            kind="direct",
            content=list(region.pieces),
            cue=match.span("dash"),
            source=(name_start, name_end),
            source_head=_token_index_at(doc, name_end - 1),
            confidence=0.8,
            via="signature",
            regions=[region],
        )

    def _is_speech_like(self, text: str, region: QuoteRegion) -> bool:
        inner = region.inner(text).strip()
        if _words(inner) >= 6:
            return True
        return _words(inner) >= 2 and inner[-1:] in ".,!?" and inner[:1].isupper()

    def _cue_after(self, doc: Doc, text: str, region: QuoteRegion) -> RawQuote | None:
        if not self._is_speech_like(text, region):
            return None
        end = region.end
        tok = _token_at_or_after(doc, end)
        if tok is None or "\n" in text[end : tok.idx]:
            return None  # the next paragraph's verb is not this quotation's cue
        closed = region.inner(text).rstrip(" \"'\u201d\u2019")[-1:] in (".", "!", "?")
        for token in doc[tok.i : min(len(doc), tok.i + 7)]:
            if "\n" in token.text or token.text in ('"', "\u201c"):
                break
            if closed and token.is_sent_start and token.pos_ == "DET":
                return None  # '..." The statement also said': the next sentence's verb
            if token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in self.lex.speech_verbs:
                subject = subject_of(token)
                if subject is None:
                    # "…," said Trump. -- the subject follows the verb.
                    after = [c for c in token.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")]
                    subject = after[0] if after else None
                source = source_tokens(subject) if subject is not None else []
                return RawQuote(
                    kind="direct",
                    content=list(region.pieces),
                    cue=_chars(cue_tokens(token, subject)),
                    source=_chars(source) if source else None,
                    source_head=subject.i if subject is not None else None,
                    cue_head=token.i,
                    confidence=0.9 if subject is not None else 0.6,
                    via="after",
                    regions=[region],
                )
        return None if closed and tok.is_sent_start and tok.pos_ == "DET" else self._cue_after_subject(tok, region)

    def _cue_after_subject(self, tok: Token, region: QuoteRegion) -> RawQuote | None:
        """'"...," Pierre Garnet, the bank's chief risk officer, mentioned in ...':
        the words after the quotation are the subject of a speech verb further on."""
        subject = tok
        for _ in range(3):
            if subject.dep_ in ("nsubj", "nsubjpass") or subject.head is subject:
                break
            subject = subject.head
        verb = subject.head
        if (
            subject.dep_ != "nsubj"
            or subject.left_edge.i != tok.i
            or verb.i <= subject.i
            or verb.sent != tok.sent
            or verb.pos_ not in ("VERB", "AUX")
            or verb.lemma_.lower() not in self.lex.speech_verbs
        ):
            return None
        source = source_tokens(subject)
        return RawQuote(
            kind="direct",
            content=list(region.pieces),
            cue=_chars(cue_tokens(verb, subject)),
            source=_chars(source) if source else None,
            source_head=subject.i,
            cue_head=verb.i,
            confidence=0.85,
            via="after",
            regions=[region],
        )

    def _cue_word(self, token: Token, verbs: frozenset[str]) -> tuple[list[Token], Token | None] | None:
        """(cue tokens, subject) when ``token`` introduces what follows: a verb from
        ``verbs`` or a speech noun ("in a statement"); None otherwise."""
        lemma = token.lemma_.lower()
        is_verb = token.pos_ in ("VERB", "AUX") and lemma in verbs
        if not is_verb and not (token.pos_ == "NOUN" and lemma in self.lex.speech_nouns):
            return None
        head = token if is_verb else token.head
        subject = subject_of(head) if head.pos_ in ("VERB", "AUX") else None
        return (cue_tokens(token, subject) if is_verb else [token]), subject

    def _cue_before(self, doc: Doc, text: str, region: QuoteRegion) -> RawQuote | None:
        tok = _token_before(doc, region.start)
        if tok is None or tok.text not in (":", ","):
            return None
        if tok.text == "," and not self._is_speech_like(text, region):
            return None
        sent_start = tok.sent.start
        for token in reversed(doc[sent_start : tok.i]):
            if "\n" in token.text:
                break
            found = self._cue_word(token, self.verbs)
            if found is None:
                continue
            cue, subject = found
            source = source_tokens(subject) if subject is not None else []
            return RawQuote(
                kind="direct",
                content=list(region.pieces),
                cue=_chars(cue),
                source=_chars(source) if source else None,
                source_head=subject.i if subject is not None else None,
                cue_head=token.i,
                confidence=0.85 if subject is not None else 0.55,
                via="before",
                regions=[region],
            )
        if tok.text == ":" and self._is_speech_like(text, region):
            # "Trump's answer: ..." -- a colon introduction without a cue word.
            root = tok.sent.root
            subject = subject_of(root) if root.i < tok.i else None
            source = source_tokens(subject) if subject is not None else []
            lead = [t for t in tok.doc[tok.sent.start : tok.i] if not t.is_space]
            if not source and 0 < len(lead) <= 4 and all(t.pos_ == "PROPN" for t in lead):
                # Headline style: 'Issa: "..."' -- the name before the colon speaks.
                source, subject = lead, lead[-1]
            return RawQuote(
                kind="direct",
                content=list(region.pieces),
                cue=(tok.idx, tok.idx + 1),
                source=_chars(source) if source else None,
                source_head=subject.i if subject is not None else None,
                cue_head=tok.i,
                confidence=0.5,
                via="before",
                regions=[region],
            )
        return None

    def _continuation(
        self,
        text: str,
        region: QuoteRegion,
        earlier: list[RawQuote],
        by_para: object,
    ) -> bool:
        """A quotation opening a paragraph with no cue goes on with the quote just
        before it (same speaker and cue): its pieces join that quote's content,
        at a lower confidence. Returns whether the region was joined."""
        para = by_para(region.start)  # type: ignore[operator]
        if para is None or region.start != para.start or not self._is_speech_like(text, region):
            return False
        before = [q for q in earlier if q.end <= region.start]
        if not before:
            return False
        last = max(before, key=lambda q: q.end)
        last_para = by_para(last.end - 1)  # type: ignore[operator]
        if last.source is None or last_para is None or last_para.index < para.index - 1:
            return False
        if last.via == "signature":
            return False  # a signed quotation is complete; the next one is signed too
        if text[last.end : region.start].strip(" \n\"'\u201d\u201c.,"):
            # Something else was said or reported in between.
            between = text[last.end : region.start]
            if "\n" in between.strip() or len(between.strip()) > 80:
                return False
        last.content.extend(region.pieces)
        last.regions.append(region)
        last.confidence = min(last.confidence, 0.8)
        return True

    def _bare(self, text: str, region: QuoteRegion, by_para: object) -> RawQuote | None:
        """A whole-sentence quotation with nobody saying it: kept, unattributed,
        at low confidence (headlines, captions, pull quotes)."""
        inner = region.inner(text).strip()
        if _words(inner) < 8 or inner[-1:] not in ".!?,":
            return None
        return RawQuote(
            kind="direct",
            content=list(region.pieces),
            cue=None,
            source=None,
            confidence=0.3,
            via="bare",
            regions=[region],
        )

    # -- pass 2b: speech without quotation marks ----------------------------
    def _colon_paragraphs(
        self,
        doc: Doc,
        text: str,
        paragraphs: list[Paragraph],
        regions: list[QuoteRegion],
        quotes: list[RawQuote],
    ) -> list[RawQuote]:
        """Colon introductions of unquoted words ("Limbaugh added: And from
        ..."), running to the end of the paragraph (or over the next one when
        the colon ends its paragraph). Nothing a quote already holds is taken."""
        marked = [(r.start, r.end) for r in regions]
        found: list[RawQuote] = []
        for index, para in enumerate(paragraphs):
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            quote = self._colon_paragraph(doc, text, para, following, marked)
            if quote is None:
                continue
            if any(
                q.start < quote.end and quote.start < q.end
                and not (quote.start <= q.start and q.end <= quote.end)
                for q in quotes + found
            ):
                continue  # what is reported inside the words nests in them
            found.append(quote)
        return found

    def _transcript_line(self, doc: Doc, text: str, para: Paragraph) -> RawQuote | None:
        match = _TRANSCRIPT.match(text, para.start, para.end)
        if match is None:
            return None
        name = match.group("name").strip()
        if name.upper() in self.lex.transcript_non_speakers or len(name.split()) > 4:
            return None
        start, end = _trim(text, match.end(), para.end)
        if text[match.start()] in _MARK_CHARS and text[end - 1 : end] in _MARK_CHARS:
            end -= 1  # the paragraph's own quotation marks are not the speaker's words
        said = text[start:end]
        if _words(said) < 3 or sum(c.isupper() for c in said) > sum(c.islower() for c in said):
            return None  # an all-capital line is a headline, not speech
        name_start = match.start("name")
        head = _token_index_at(doc, name_start + len(name) - 1)
        return RawQuote(
            kind="direct",
            content=[(start, end)],
            cue=(match.start("colon"), match.start("colon") + 1),
            source=(name_start, name_start + len(name)),
            source_head=head,
            confidence=0.7,
            via="transcript",
        )

    def _colon_paragraph(
        self,
        doc: Doc,
        text: str,
        para: Paragraph,
        following: Paragraph | None,
        marked: list[tuple[int, int]],
    ) -> RawQuote | None:
        colon = text.rfind(":", para.start, para.end)
        if colon < 0:
            return None
        start, end = _trim(text, colon + 1, para.end)
        if start >= end and following is not None:
            start, end = _trim(text, following.start, following.end)  # "He added:" then a paragraph
        if start >= end or text[start] in _MARK_CHARS or _words(text[start:end]) < 6:
            return None
        if any(s < end and start < e for s, e in marked):
            return None  # quoted words are the quotation passes' business
        token_index = _token_index_at(doc, colon)
        if token_index is None:
            return None
        token = doc[token_index]
        # The cue sits right before the colon ("added:", "told reporters:").
        for cue_token in reversed(doc[max(token.sent.start, token.i - 3) : token.i]):
            found = self._cue_word(cue_token, self.lex.speech_verbs)
            if found is None:
                continue
            cue, subject = found
            if subject is None or not self._speaker_like(subject):
                return None  # "This all points:", a headline's "Corridor agreed:"
            source = source_tokens(subject)
            cue_span = _chars(cue)
            if not text[cue_span[1] : colon].strip():
                cue_span = (cue_span[0], colon + 1)  # "added:" -- the colon introduces
            return RawQuote(
                kind="direct",
                content=[(start, end)],
                cue=cue_span,
                source=_chars(source) if source else None,
                source_head=subject.i,
                cue_head=cue_token.i,
                confidence=0.6,
                via="colon",
            )
        return None

    def _speaker_like(self, subject: Token) -> bool:
        """Whether a subject can be somebody speaking: a name, a pronoun that is
        no expletive, a people or organisation entity, or a speaker role."""
        if subject.lower_ in self.lex.non_speaker_subjects:
            return False
        return (
            subject.lower_ in _PERSONAL_PRONOUNS
            or subject.pos_ == "PROPN"
            or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or subject.lemma_.lower() in self.lex.speaker_roles
            or subject.lower_ in self.lex.speaker_roles
        )

    # -- pass 3: kinds -----------------------------------------------------
    def _kind(self, doc: Doc, text: str, quote: RawQuote) -> str:
        if quote.via in ("after", "before", "continuation", "bare", "transcript", "signature"):
            return "direct"
        quoted = 0
        total = sum(e - s for s, e in quote.content)
        regions = [r for r in find_regions_in(text, quote.content) if not is_label(doc, text, r)]
        for s, e in regions:
            quoted += e - s
        if not regions:
            return "indirect"
        if total and quoted >= 0.5 * total and not _words(_outside(text, quote.content, regions)):
            return "direct"
        if quote.source is not None and self._is_media(text[quote.source[0] : quote.source[1]]):
            # An agency's report quoting a fragment quotes someone else's words.
            return "indirect"
        return "mixed"

    def _is_media(self, source_text: str) -> bool:
        words = source_text.lower().replace(".", "").split()
        return any(w in self.lex.media_words for w in words[-2:])


def _outside(text: str, spans: list[tuple[int, int]], regions: list[tuple[int, int]]) -> str:
    """The content's text outside its quotation marks."""
    chars = []
    for start, end in spans:
        for i in range(start, end):
            if not any(s <= i < e for s, e in regions):
                chars.append(text[i])
        chars.append(" ")
    return "".join(chars)


def is_label(doc: Doc, text: str, piece: tuple[int, int]) -> bool:
    """A quoted multi-word noun phrase modifying the noun after it is a name or
    a label (the "final offer" plan, an "America First" policy), not speech."""
    start, end = piece
    inner = text[start + 1 : end - 1].strip()
    if _words(inner) < 2 or inner[-1:] in ".,!?;:":
        return False
    after = _token_at_or_after(doc, end)
    last = _token_before(doc, end - 1)
    return (
        after is not None
        and last is not None
        and after.pos_ in ("NOUN", "PROPN")
        and last.pos_ in ("NOUN", "PROPN")
        and last.head.i >= after.i
    )


def find_regions_in(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quoted stretches (double marks) inside ``spans``."""
    found = []
    for start, end in spans:
        paragraph = [Paragraph(0, start, end)]
        for region in find_regions(text, paragraph):
            if region.family == "double" and not region.unclosed:
                found.extend(region.pieces)
    return found


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS for c in token.children)


def lemma_in(token: Token, words: frozenset[str]) -> bool:
    return token.lemma_.lower() in words


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _in_subtree(token: Token, root: Token) -> bool:
    return root.left_edge.i <= token.i <= root.right_edge.i


def _clause_chars(comp: Token) -> tuple[int, int]:
    """A reported clause without what merely follows it: a coordinated clause
    with a subject of its own ("A and B has it at ..."), or a trailing
    adverbial or participle set off by a comma or dash ("..., while another
    says ...", "..., implying that ..."). "that A and that B" stays whole."""
    tokens = sorted(comp.subtree, key=lambda t: t.i)
    cut: int | None = None
    for child in comp.rights:
        before = comp.doc[child.left_edge.i - 1] if child.left_edge.i > 0 else None
        set_off = before is not None and before.text in (",", "-", "--", ";")
        if child.dep_ == "conj":
            has_mark = any(c.dep_ == "mark" for c in child.children)
            if _has_subject(child) and not has_mark:
                cut = _cut_before(child)
                break
        elif child.dep_ in ("advcl", "parataxis") and set_off and (
            _has_subject(child) or any(c.dep_ == "mark" for c in child.children)
        ):
            # A full clause ("..., while another says ...") is not the report;
            # a bare participle ("..., igniting a building") still is.
            cut = before.i if before is not None else child.left_edge.i
            break
        elif child.dep_ == "prep" and set_off and child.lower_ in ("compared", "unlike", "despite"):
            cut = before.i if before is not None else child.left_edge.i
            break
    if cut is not None:
        tokens = [t for t in tokens if t.i < cut]
    return _chars(tokens) if tokens else _subtree_chars(comp)


def _cut_before(conj: Token) -> int:
    """Index where a coordinated clause begins, its conjunction and comma included."""
    i = conj.left_edge.i
    doc = conj.doc
    while i > 0 and (doc[i - 1].dep_ == "cc" or doc[i - 1].text in (",", "-", "--", ";")):
        i -= 1
    return i


def _subtree_chars(root: Token) -> tuple[int, int]:
    return _chars(list(root.subtree))


def _overlaps_tokens(spans: list[tuple[int, int]], tokens: list[Token]) -> bool:
    for token in tokens:
        for start, end in spans:
            if token.idx < end and start < token.idx + len(token.text):
                return True
    return False


def _starts(doc: Doc) -> list[int]:
    starts: list[int] | None = doc.user_data.get("dateline_token_starts")
    if starts is None or len(starts) != len(doc):
        starts = [t.idx for t in doc]
        doc.user_data["dateline_token_starts"] = starts
    return starts


def _token_at_or_after(doc: Doc, offset: int) -> Token | None:
    i = bisect.bisect_left(_starts(doc), offset)
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _parenthetical(
    verb: Token, subject: Token | None, text: str
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two pieces around a cue set off by commas inside the reported
    sentence ("A, X said, B"), or None when the verb is not such a cue."""
    if verb.dep_ != "parataxis" or subject is None or not subject.i < verb.i < verb.head.i:
        return None
    doc = verb.doc
    words = [c.right_edge.i for c in verb.rights if not c.is_punct] + [verb.i]
    first, last = subject.left_edge.i - 1, max(words) + 1
    sent = verb.sent
    if first <= sent.start or last >= sent.end - 1:
        return None
    if doc[first].text not in (",", "\u2014", "--") or doc[last].text not in (",", "\u2014", "--"):
        return None
    return (doc[sent.start].idx, doc[first].idx), (doc[last].idx + 1, doc[sent.end - 1].idx + len(doc[sent.end - 1].text))


def _outside_lines(regions: list[QuoteRegion], lines: list[tuple[int, int]]) -> list[QuoteRegion]:
    """Regions without their pieces that touch a transcript line."""
    kept = []
    for region in regions:
        pieces = [p for p in region.pieces if not any(s < p[1] + 1 and p[0] < e + 1 for s, e in lines)]
        if pieces == region.pieces:
            kept.append(region)
        elif pieces:
            kept.append(QuoteRegion(pieces=pieces, unclosed=region.unclosed, family=region.family))
    return kept


def _token_index_at(doc: Doc, offset: int) -> int | None:
    """Index of the token holding the character at ``offset``."""
    i = bisect.bisect_right(_starts(doc), offset) - 1
    return i if 0 <= i < len(doc) and offset < doc[i].idx + len(doc[i].text) else None


def _token_before(doc: Doc, offset: int) -> Token | None:
    i = bisect.bisect_left(_starts(doc), offset) - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return doc[i] if i >= 0 else None


def _paragraph_finder(paragraphs: list[Paragraph]) -> object:
    def find(offset: int) -> Paragraph | None:
        for paragraph in paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None

    return find


def _join_interrupted(text: str, quotes: list[RawQuote], regions: list[QuoteRegion]) -> list[RawQuote]:
    """'"A," he said, "B."' is one quote in two pieces: the quotation right after
    a cue that follows its content joins that content (and is no quote of its own)."""
    absorbed: set[int] = set()
    for quote in quotes:
        if quote.cue is None or quote.cue[0] < quote.end or quote.via == "signature":
            continue
        tail = max(quote.cue[1], quote.source[1] if quote.source else 0)
        for region in regions:
            if region.start < tail:
                continue
            gap = text[tail : region.start]
            inside = [
                other for other in quotes
                if other is not quote and region.start <= other.start and other.end <= region.end
            ]
            if any(other.cue is not None and other.cue != quote.cue for other in inside):
                break  # the next quotation has a cue of its own (not this one read again)
            if _continues(text, quote, regions, gap, quotes, tail, region.start):
                quote.content.extend(region.pieces)
                absorbed.update(id(other) for other in inside)
            break
    return [q for q in quotes if id(q) not in absorbed]


# A signed quotation: a dash, then a capitalised name of up to five words that
# ends the paragraph or runs into the next quotation.
_SIGNATURE = re.compile(
    r"[ \t]*(?P<dash>\u2015|\u2014|\u2013|--|-)[ \t]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,4})"
    r"(?=[ \t]*(?:$|\n|[\u201c\u201d\"]|\.[ \t]*(?:$|\n)))",
    re.MULTILINE,
)
_PERSONAL_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they"})
_MARK_CHARS = set('"\u201c\u201d\u201e\u00ab\u00bb')
# A transcript line: an all-capital name and a colon opening the paragraph.
_TRANSCRIPT = re.compile(
    r"[\"\u201c]?[ \t]*(?P<name>[A-Z][A-Z.'\u2019\- ]*[A-Z])[ \t]*(?P<colon>:)[ \t]+"
)


def _named_labels(text: str, lines: list[RawQuote]) -> list[RawQuote]:
    """Transcript labels name a speaker: one word ("MARLOWE:", "HOST:"), a label
    that opens several lines, or one whose last word the article also writes
    as a name ("JOHN HOLT:" and "Holt"). News kickers of several words ("FED
    TALK:", "ANALYST'S VIEWPOINT:") are none of these."""
    labels = [text[q.source[0] : q.source[1]] if q.source else "" for q in lines]
    counts = Counter(labels)
    kept = []
    for quote, label in zip(lines, labels, strict=True):
        words = label.split()
        if not words or "'S" in label.upper().replace("\u2019", "'"):
            continue
        last = words[-1].title()
        if len(words) == 1 or counts[label] >= 2 or re.search(rf"\b{re.escape(last)}\b", text):
            kept.append(quote)
    return kept


def _continues(
    text: str, quote: RawQuote, regions: list[QuoteRegion], gap: str,
    quotes: list[RawQuote], gap_start: int, gap_end: int,
) -> bool:
    """Whether a quotation after ``quote``'s cue goes on with it: '"A," he said. "B."'
    or '"A," he said in an interview on Monday. "B."' in the same paragraph."""
    stripped = gap.strip()
    if stripped in (",", ":", ".", ""):
        return "\n" not in gap
    if "\n" in gap or len(gap) > 200 or _MARK_CHARS & set(gap) or stripped[-1] not in ".,:":
        return False
    # Only a direct quote's words go on after its cue, even when the rest of the
    # sentence reports something else ('"A," Trump said, after X said Y. "B."').
    return any(r.end == quote.end for r in regions)


def _drop_overlapping(quotes: list[RawQuote]) -> list[RawQuote]:
    """Keep nested quotes (reporting chains) but drop a clause whose content
    overlaps another's without either containing the other (parse noise)."""
    quotes.sort(key=lambda q: (q.start, -(q.end - q.start)))
    kept: list[RawQuote] = []
    for quote in quotes:
        clash = False
        for other in kept:
            if other.start < quote.end and quote.start < other.end:
                nested = other.start <= quote.start and quote.end <= other.end
                if not nested:
                    clash = True
                    break
                if quote.content == other.content:
                    clash = True
                    break
        if not clash:
            kept.append(quote)
    return kept


def _link_reporting_chain(quotes: list[RawQuote]) -> None:
    """A quote whose cue lies inside another quote's content is reported by it."""
    for i, quote in enumerate(quotes):
        if quote.cue is None:
            continue
        best: int | None = None
        for j, other in enumerate(quotes):
            if i == j:
                continue
            inside = any(s <= quote.cue[0] and quote.cue[1] <= e for s, e in other.content)
            if inside and (best is None or other.end - other.start < quotes[best].end - quotes[best].start):
                best = j
        quote.parent = best
