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
   not a quote at all. Colon paragraphs and transcript lines carry speech
   without marks. These passes are :mod:`dateline.nlp.quotes.regions`.
3. **Kinds**: content that is all quotation is direct, content that contains a
   quoted fragment is mixed (the fragment is not a second quote), the rest is
   indirect.

Everything here is about spans; resolving the source to an actor is done by
:mod:`dateline.nlp.quotes.speakers`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dateline.model import Paragraph
from dateline.nlp.quotes.complements import (
    according_source,
    as_reported,
    misread_complement,
    quoted_piece,
    third_party,
    third_party_text,
    time_word,
    with_swallowed,
)
from dateline.nlp.quotes.dashes import dash_regions
from dateline.nlp.quotes.frames import CUE_POS, FrameModel, cue_features, speaker_of
from dateline.nlp.quotes.inverted import informant_of, inverted_source
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.marks import QuoteRegion, find_regions
from dateline.nlp.quotes.pulls import pull_quotes
from dateline.nlp.quotes.raw import RawQuote
from dateline.nlp.quotes.regions import MARK_CHARS, RegionPasses, named_labels, outside_lines
from dateline.nlp.quotes.syntax import (
    clause_chars,
    cue_tokens,
    has_subject,
    in_subtree,
    lemma_in,
    overlaps_tokens,
    parenthetical,
    source_tokens,
    subject_of,
    subtree_chars,
    token_at_or_after,
    token_before,
    token_chars,
    trim_span,
    word_count,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
        cue=token_chars(cue),
        source=token_chars(source) if source else None,
        source_head=subject.i if subject is not None else None,
        cue_head=cue_head.i,
        confidence=confidence,
        via=via,
    )


class Extractor(RegionPasses):
    """Quote extraction for one configuration (``mode`` speech | attribution)."""

    def __init__(self, lexicon: Lexicon, mode: str = "speech", frames: FrameModel | None = None) -> None:
        self.lex = lexicon
        self.mode = mode
        self.verbs = lexicon.cue_verbs(mode)
        # after a closing dash, an opinion verb is a cue too ("- A - believes X")
        self.dash_verbs = lexicon.speech_verbs | lexicon.attribution_verbs | lexicon.dash_cue_verbs
        # Learned frames only widen attribution mode (PolNeAR's broad notion).
        self.frames = frames if mode == "attribution" else None

    # -- entry point -------------------------------------------------------
    def extract(self, doc: Doc, text: str, paragraphs: list[Paragraph]) -> list[RawQuote]:
        regions = find_regions(text, paragraphs)
        # Transcript lines ("PENCE: ...") are read first: their paragraphs'
        # quotation marks (often one opening mark per line, never closed) do not
        # make regions, and what is reported inside a line is nested in it.
        transcript = named_labels(
            text, [q for q in (self._transcript_line(doc, text, p) for p in paragraphs) if q is not None]
        )
        if len(transcript) < 2:
            # One "LABEL: words" line is a headline or a kicker, not a transcript.
            transcript = []
        if transcript:
            regions = outside_lines(regions, [(q.start, q.end) for q in transcript])
        dashed = dash_regions(doc, text, paragraphs, self.dash_verbs, regions)
        if dashed:
            lines = [(q.start, q.end) for q in transcript]
            dashed = [r for r in dashed if not any(s < r.end and r.start < e for s, e in lines)]
            regions = sorted(regions + dashed, key=lambda r: r.start)
        quotes: list[RawQuote] = []
        claimed: list[tuple[int, int]] = []
        for sent in doc.sents:
            quotes.extend(self._clausal(sent, text, regions))
        quotes = _drop_overlapping(quotes)
        for quote in quotes:
            if quote.cue is None or quoted_piece(regions, quote.cue[0]) is None or not third_party_text(text, quote):
                # a quote reported inside a quotation leaves that quotation to its speaker
                claimed.extend(quote.content)
        quotes.extend(self._from_regions(doc, text, regions, paragraphs, quotes, claimed))
        quotes.extend(self._colon_paragraphs(doc, text, paragraphs, regions, quotes))
        quotes.extend(transcript)
        quotes.extend(pull_quotes(text, paragraphs, [(q.start, q.end) for q in quotes]))
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
            if _asked(token):
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
        start, end = trim_span(text, *subtree_chars(head))
        if end - start < 2:
            return None
        if subject is not None and (subject.lower_ in self.lex.non_speaker_subjects or in_subtree(subject, head)):
            subject = None
        cue = cue_tokens(verb, subject)
        if prep is not None and prep.i == cue[-1].i + 1:
            cue.append(prep)  # "called for", "spoke of": the preposition is part of the cue
        source = source_tokens(subject) if subject is not None else []
        spans = self._expand_to_regions(text, (start, end), regions)
        spans = [s for s in spans if not overlaps_tokens([s], cue + source)]
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
        via = "clause"
        complements = [c for c in complements if c.pos_ in ("VERB", "AUX") or has_subject(c)]
        if len(complements) > 1 and not any(_set_off(c) for c in complements if c.i < verb.i):
            # "In the report - the second review released - X said the board
            # failed": the clause right after the verb is what was said (unless
            # the one before is set off for it: "A, X said")
            complements.sort(key=lambda c: (not _opens_after(c, verb), c.i))
        if not complements and lemma_in(verb, self.lex.speech_verbs):
            complements = misread_complement(verb)
        if complements:
            comp = complements[0]
            content = with_swallowed(verb, comp, clause_chars(comp))
            # "said that A and that B": the second clause is coordinated with the
            # verb (not "A, sources said, and as workers worry ...")
            for conj in verb.children:
                if conj.dep_ == "conj" and conj.i > comp.i > verb.i and any(
                    c.dep_ == "mark" for c in conj.children
                ):
                    content = (content[0], subtree_chars(conj)[1])
        elif (reported := as_reported(verb, subject)) is not None:
            content = reported  # "As reported by the General Staff, the enemy ..."
            via = "according"
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
            left = [t for t in head.subtree if t.i < verb.i and not in_subtree(t, verb)]
            if left:
                content = token_chars(left)
        elif (
            verb.dep_ == "ccomp"
            and subject is not None
            and subject.i < verb.i
            and verb.head.i > verb.right_edge.i + 1
            and verb.doc[verb.right_edge.i + 1].text == ","
            and not lemma_in(verb.head, self.verbs)  # not "A is continuing, he said"
        ):
            # "Clark admits in this instance, there were delays": the parser made
            # the reported clause the head of its cue
            right = [t for t in verb.head.subtree if t.i > verb.right_edge.i + 1]
            while right and right[-1].is_punct:
                right.pop()
            if right:
                content = token_chars(right)
        elif (pieces := parenthetical(verb, subject, text)) is not None:
            # "The museum, Mr. Obama said, would make ...": the content surrounds its cue.
            spans = [span for span in (trim_span(text, *piece) for piece in pieces) if span[1] - span[0] >= 3]
            if len(spans) == 2 and subject is not None:
                cue = cue_tokens(verb, subject)
                source = source_tokens(subject)
                return RawQuote(
                    kind="indirect",
                    content=spans,
                    cue=token_chars(cue),
                    source=token_chars(source),
                    source_head=subject.i,
                    cue_head=verb.i,
                    confidence=0.85,
                )
        elif lemma_in(verb, self.lex.directive_verbs) or self.mode == "attribution":
            xcomps = [c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i]
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
            if xcomps and not objects:
                # "warned the public Monday not to ...": an addressee the parser
                # did not make the object still stands between verb and infinitive
                between = verb.doc[verb.i + 1 : xcomps[0].left_edge.i]
                objects = [t for t in between if t.dep_ not in ("npadvmod", "neg", "aux", "advmod", "punct", "prt")]
            if xcomps and (objects or self.mode == "attribution"):
                # "asked US diplomats to leave": the addressee is not content.
                content = subtree_chars(xcomps[0])
        extra_cue: list[Token] = []
        raising = self.mode == "attribution" and lemma_in(verb, self.lex.raising_verbs)
        if content is not None and raising and subject is not None:
            # "Republicans appear to be ...": the subject is part of what is
            # reported, and nobody is named as the source.
            xcomps = [c for c in verb.children if c.dep_ == "xcomp"]
            if xcomps:
                subject_span = token_chars(source_tokens(subject))
                return RawQuote(
                    kind="indirect",
                    content=[subject_span, trim_span(text, *subtree_chars(xcomps[0]))],
                    cue=token_chars(cue_tokens(verb, subject)),
                    source=None,
                    cue_head=verb.i,
                    confidence=0.5,
                )
        # "calls it a rookie mistake", "described the war as ...": in speech mode
        # too, what someone is called is their words (with an object predicate only)
        naming = self.mode != "attribution" and lemma_in(verb, self.lex.naming_verbs)
        if content is None and (naming or (self.mode == "attribution" and lemma_in(verb, self.lex.object_verbs))):
            # "praised the plan", "called him a liar", "pointed to the polls":
            # PolNeAR counts what is praised, called or pointed to as content.
            objects = [c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i > verb.i]
            if not objects and not naming:
                preps = [
                    c for c in verb.children
                    if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ in ("to", "on", "about", "of", "for")
                ]
                objects = [c for p in preps for c in p.children if c.dep_ == "pobj"]
                extra_cue = preps[:1] if objects else []
            if not objects and naming:
                # "called out as a lie the reports": the parser made the object the as-phrase's
                as_phrase = [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i]
                if as_phrase and any(c.dep_ == "pobj" for c in as_phrase[0].children):
                    content = subtree_chars(as_phrase[0])
            if objects:
                # "accused X of Y", "blamed X for Y", "called X a liar": the rest goes with X
                # ("called out as a lie the reports": the predicate may come first)
                tail = [
                    c for c in verb.children
                    if (c.i > objects[0].i or (naming and c.i > verb.i and c.dep_ == "prep" and c.lower_ == "as"))
                    and (c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("of", "for", "as")))
                ]
                last = tail[-1] if tail else objects[0]
                if not tail and naming and any(
                    c.dep_ == "prep" and c.lower_ in ("of", "for", "as") for c in objects[0].rights
                ):
                    tail = [objects[0]]  # "described the war as ...": the parser hung "as" on the object
                if tail or not naming:
                    first = min([objects[0].left_edge.idx] + [t.left_edge.idx for t in tail])
                    content = (first, max(subtree_chars(last)[1], subtree_chars(objects[0])[1]))
        if content is None:
            return None
        start, end = trim_span(text, *content)
        if end - start < 3:
            return None
        if subject is not None and subject.lower_ in self.lex.non_speaker_subjects and (
            subject.lower_ != "it" or any(c.dep_ == "auxpass" for c in verb.children)
        ):
            # Expletives speak for nobody: "there is ...", "it is expected that ...".
            subject = None
        informant = informant_of(verb) if lemma_in(verb, self.lex.learned_from_verbs) else None
        subject = informant or subject  # "..., BelTA learned from President X": X speaks
        named_after = inverted_source(verb) if subject is None and end <= verb.idx else None
        if named_after is not None:
            subject = named_after[0]  # '"A," write X and Y': the name after the verb speaks
        cue = cue_tokens(verb, subject) + extra_cue
        cue += self._medium(verb, cue)
        source = named_after[1] if named_after else source_tokens(subject) if subject is not None else []
        if source and source[0].i < verb.i <= source[-1].i:
            # The participle modifies its source ("one saying that ..."): the
            # source ends where the participle's phrase begins.
            source = [t for t in source if t.i < verb.left_edge.i]
            while source and (source[-1].is_punct or source[-1].is_space):
                source.pop()
        if source and not third_party(source) and any(
            r.family == "dash" and r.start <= verb.idx < r.end for r in regions
        ):
            return None  # "- I am asking you ...": the dash quotation's own speaker says it
        spans = self._expand_to_regions(text, (start, end), regions, verb.idx, reported=third_party(source))
        if not spans or overlaps_tokens(spans, cue) or (source and overlaps_tokens(spans, source)):
            # A clause that swallowed its own cue or source is a parse error.
            spans = [s for s in spans if not overlaps_tokens([s], cue + source)]
            if not spans:
                return None
        confidence = 0.9 if subject is not None else 0.6
        if lemma_in(verb, self.lex.attribution_verbs) and not lemma_in(verb, self.lex.speech_verbs):
            confidence -= 0.2
        return _indirect(spans, cue, source, subject, verb, confidence, via)

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
        start, end = trim_span(text, *clause_chars(clauses[0]))
        if end - start < 3:
            return None
        source = source_tokens(subject) if subject is not None else []
        spans = self._expand_to_regions(text, (start, end), regions)
        if overlaps_tokens(spans, cue + source):
            return None
        return _indirect(spans, cue, source, subject, token, 0.6)

    def _according(self, according: Token, sent: object, text: str) -> RawQuote | None:
        to = according.nbor()
        objects = [c for c in to.children if c.dep_ == "pobj"] or [
            c for c in according.children if c.dep_ == "pobj"
        ]
        if not objects:
            return None
        source = according_source(according, source_tokens(objects[0]))
        if not source:
            return None
        phrase_start = according.idx
        phrase_end = source[-1].idx + len(source[-1].text)
        s_start = sent.start_char  # type: ignore[attr-defined]
        s_end = sent.end_char  # type: ignore[attr-defined]
        pieces = [trim_span(text, s_start, phrase_start), trim_span(text, phrase_end, s_end)]
        content = [p for p in pieces if p[1] - p[0] > 2]
        if not content:
            return None
        return RawQuote(
            kind="indirect",
            content=content,
            cue=(according.idx, to.idx + len(to.text)),
            source=token_chars(source),
            source_head=objects[0].i,
            cue_head=according.i,
            confidence=0.8,
            via="according",
        )

    @staticmethod
    def _expand_to_regions(
        text: str, span: tuple[int, int], regions: list[QuoteRegion], cue_at: int | None = None,
        *, reported: bool = False,
    ) -> list[tuple[int, int]]:
        """Content that reaches into a quotation grows to the whole quotation
        (a multi-sentence quote whose last sentence carries the cue)."""
        start, end = span
        touched = [r for r in regions if r.start < end and start < r.end]
        if not touched:
            return [(start, end)]
        host = quoted_piece(regions, cue_at) if reported else None
        if host is not None:
            # a cue inside someone's quoted words reports a quote within them:
            # its content stays inside that quotation
            # ("..., so we can maintain ...": no content before a cue in quoted words)
            lo, hi = max(start, host[0]), min(end, host[1])
            return [(lo, hi)] if hi - lo >= 3 and cue_at is not None and lo > cue_at else []
        inside = [r for r in touched if r.start <= start + 2 and end - 2 <= r.end]
        if len(inside) == 1 and not inside[0].unclosed:
            return list(inside[0].pieces)
        dashed = [r for r in touched if r.family == "dash"]
        if dashed:
            # a dash quotation ends at its cue and begins at its dash: the parse
            # of glued sentences ("evidence.- Our analysts ...") runs past it
            if cue_at is None or cue_at >= dashed[0].start:
                return list(dashed[-1].pieces)
            if start >= dashed[0].start - 2:
                return []  # a cue before the dash quotation, across a glued sentence end

            # 'he added that A.- B - she said': A is his, B hers
            cut = trim_span(text, start, dashed[0].start)
            cut = (cut[0], len(text[: cut[1]].rstrip(" -\u2013\u2014")))
            return [cut] if cut[1] - cut[0] >= 3 else []
        lo = min([start] + [r.start for r in touched if r.start < start])
        hi = max([end] + [r.end for r in touched if r.end > end])
        return [(lo, hi)]


    # -- pass 3: kinds -----------------------------------------------------
    def _kind(self, doc: Doc, text: str, quote: RawQuote) -> str:
        if quote.via in ("after", "before", "continuation", "bare", "transcript", "signature"):
            return "direct"
        dashed = [p for r in quote.regions if r.family == "dash" for p in r.pieces]
        if dashed and all(piece in dashed for piece in quote.content):
            return "direct"  # a dash quotation read as a clause ("- A - he said")
        quoted = 0
        total = sum(e - s for s, e in quote.content)
        regions = [r for r in find_regions_in(text, quote.content) if not is_label(doc, text, r)]
        for s, e in regions:
            quoted += e - s
        if not regions:
            return "indirect"
        if total and quoted >= 0.5 * total and not word_count(_outside(text, quote.content, regions)):
            return "direct"
        if quote.source is not None and self._is_media(text[quote.source[0] : quote.source[1]]):
            # An agency's report quoting a fragment quotes someone else's words.
            return "indirect"
        return "mixed"

    def _is_media(self, source_text: str) -> bool:
        words = source_text.lower().replace(".", "").split()
        return any(w in self.lex.media_words for w in words[-2:])










def _asked(verb: Token) -> bool:
    """'Asked about X, Y said ...', 'when asked whether ...': a passive participle
    with no subject and no agent is the question put to the speaker, not a cue."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in verb.children)
    )


def _set_off(clause: Token) -> bool:
    """A clause closed by a comma or a quotation mark ("A," X said)."""
    after = clause.right_edge.i + 1
    return after < len(clause.doc) and clause.doc[after].text in (",", '"', "\u201d", "''")


def _opens_after(clause: Token, verb: Token) -> bool:
    """Whether ``clause`` begins right after ``verb`` (a "that", a time or nothing
    between: "said Wednesday that ...")."""
    gap = [t for t in verb.doc[verb.i + 1 : clause.left_edge.i] if not t.is_space]
    return clause.i > verb.i and all(t.lower_ == "that" or time_word(t) for t in gap)








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
    if word_count(inner) < 2 or inner[-1:] in ".,!?;:":
        return False
    after = token_at_or_after(doc, end)
    last = token_before(doc, end - 1)
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


def _join_interrupted(text: str, quotes: list[RawQuote], regions: list[QuoteRegion]) -> list[RawQuote]:
    """'"A," he said, "B."' is one quote in two pieces: the quotation right after
    a cue that follows its content joins that content (and is no quote of its own)."""
    absorbed: set[int] = set()
    for quote in quotes:
        # (its first piece: a later paragraph may already continue it)
        if quote.cue is None or quote.cue[0] < quote.content[0][1] or quote.via == "signature":
            continue
        tail = max(quote.cue[1], quote.source[1] if quote.source else 0)
        for region in regions:
            if region.start < tail:
                continue
            gap = text[tail : region.start]
            inside = [
                other for other in quotes
                if other is not quote and region.start <= other.start and other.end <= region.end
                # a quote reported inside the quotation stays, nested in it
                and (other.cue is None or quoted_piece(regions, other.cue[0]) is None)
            ]
            if any(other.cue is not None and other.cue != quote.cue for other in inside):
                break  # the next quotation has a cue of its own (not this one read again)
            if _continues(text, quote, regions, gap, quotes, tail, region.start):
                quote.content = sorted(quote.content + list(region.pieces))
                absorbed.update(id(other) for other in inside)
            break
    return [q for q in quotes if id(q) not in absorbed]


def _continues(
    text: str, quote: RawQuote, regions: list[QuoteRegion], gap: str,
    quotes: list[RawQuote], gap_start: int, gap_end: int,
) -> bool:
    """Whether a quotation after ``quote``'s cue goes on with it: '"A," he said. "B."'
    or '"A," he said in an interview on Monday. "B."' in the same paragraph."""
    stripped = gap.strip()
    if stripped in (",", ":", ".", ""):
        return "\n" not in gap
    if "\n" in gap or len(gap) > 200 or MARK_CHARS & set(gap) or stripped[-1] not in ".,:":
        return False
    # Only a direct quote's words go on after its cue, even when the rest of the
    # sentence reports something else ('"A," Trump said, after X said Y. "B."').
    before_cue = max((e for _s, e in quote.content if quote.cue is not None and e <= quote.cue[0]), default=quote.end)
    return any(r.end == before_cue for r in regions)


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
