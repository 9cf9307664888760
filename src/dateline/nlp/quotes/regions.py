"""Quote pass 2: quotation marks no clause covered, and speech without marks.

A quotation-mark region is signed ("..." -- Jane Roe), has its cue right after
the closing mark ("...," he added) or before the opening mark (telling
reporters: "..."), continues the previous speaker's quote in the paragraph
before, or stands bare; colon paragraphs ("Limbaugh added: ...") and transcript
lines ("PENCE: ...") carry unquoted speech. :class:`RegionPasses` is mixed into
:class:`dateline.nlp.quotes.extract.Extractor`.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.model import Paragraph
from dateline.nlp.quotes.dashes import DASH_CHARS, NAMED_WINDOW, is_dash_cue
from dateline.nlp.quotes.inverted import inverted_source, named_before
from dateline.nlp.quotes.lexicon import Lexicon
from dateline.nlp.quotes.marks import QuoteRegion
from dateline.nlp.quotes.raw import RawQuote
from dateline.nlp.quotes.syntax import (
    cue_tokens,
    source_tokens,
    subject_of,
    token_at_or_after,
    token_before,
    token_chars,
    token_index_at,
    trim_span,
    word_count,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


# A signed quotation: a dash, then a capitalised name of up to five words that
# ends the paragraph or runs into the next quotation.
_SIGNATURE = re.compile(
    r"[ \t]*(?P<dash>\u2015|\u2014|\u2013|--|-)[ \t]*"
    r"(?P<name>[A-Z][\w.'\u2019-]*(?:[ \t]+[A-Z][\w.'\u2019-]*){0,4})"
    r"(?=[ \t]*(?:$|\n|[\u201c\u201d\"]|\.[ \t]*(?:$|\n)))",
    re.MULTILINE,
)
_AND = re.compile(r"[ \t]*,?[ \t]*(?:and|or)[ \t]+")
_PERSONAL_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they"})
MARK_CHARS = set('"\u201c\u201d\u201e\u00ab\u00bb')
# A transcript line: an all-capital name and a colon opening the paragraph.
_TRANSCRIPT = re.compile(
    r"[\"\u201c]?[ \t]*(?P<name>[A-Z][A-Z.'\u2019\- ]*[A-Z])[ \t]*(?P<colon>:)[ \t]+"
)


def _opens_sentence(token: Token) -> bool:
    """A capitalised determiner that starts a sentence after a closed quotation
    ('..." The statement also said'): what follows is the next sentence, not a
    cue of this one (a lower-case 'the' after the mark may still be its cue)."""
    return bool(token.is_sent_start) and token.pos_ == "DET" and token.text[:1].isupper()


class RegionPasses:
    """The region, colon-paragraph and transcript passes of the extractor."""

    lex: Lexicon
    verbs: frozenset[str]
    dash_verbs: frozenset[str]

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
            last = next((q for q in found + quotes if _AND.fullmatch(text, q.end, region.start)), None)
            if last is not None and text[last.end - 1] in MARK_CHARS:
                # 'shout, "Build that wall!" and "Go back!"': one cue, two quotations
                last.content.extend(region.pieces)
                last.regions.append(region)
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
            source_head=token_index_at(doc, name_end - 1),
            confidence=0.8,
            via="signature",
            regions=[region],
        )

    def _is_speech_like(self, text: str, region: QuoteRegion) -> bool:
        inner = region.inner(text).strip()
        if word_count(inner) >= 6:
            return True
        return word_count(inner) >= 2 and inner[-1:] in ".,!?" and inner[:1].isupper()

    def _cue_after(self, doc: Doc, text: str, region: QuoteRegion) -> RawQuote | None:
        if not self._is_speech_like(text, region):
            return None
        end = region.end
        tok = token_at_or_after(doc, end)
        if tok is None or ("\n" in text[end : tok.idx] and not region.cue_below):
            return None  # the next paragraph's verb is not this quotation's cue
        closed = region.inner(text).rstrip(" \"'\u201d\u2019")[-1:] in (".", "!", "?")
        # the dash layout, also after quotation marks ('"..." - warned the ministry')
        dashed = region.family == "dash" or tok.text in DASH_CHARS or text[end : end + 1] in DASH_CHARS
        for token in doc[tok.i : min(len(doc), tok.i + (NAMED_WINDOW + 1 if dashed else 7))]:
            if "\n" in token.text or token.text in ('"', "\u201c"):
                break
            if closed and _opens_sentence(token):
                return None  # '..." The statement also said': the next sentence's verb
            if token.sent.start != tok.sent.start:
                break  # '," she said.- If Russia continues ...': not past the sentence's end
            glued = self._glued_cue(region, tok, token)
            if glued is not None:
                return glued
            verb_first = all(t.is_punct or t.is_space for t in doc[tok.i : token.i])
            if self._says_after(token) or (dashed and is_dash_cue(token, tok if not verb_first else token, self.dash_verbs)):
                # "- A - said Putin": in the dash layout a cue right after the
                # dash has its speaker after it (the parser hangs it elsewhere)
                subject = _after_verb(token) if dashed and verb_first else None
                subject = subject or subject_of(token)
                if subject is None:
                    # "…," said Trump. -- the subject follows the verb.
                    after = [c for c in token.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")]
                    subject = after[0] if after else None
                source = source_tokens(subject) if subject is not None else []
                if dashed:
                    source = [t for t in source if t.idx >= end]  # not the words before the dash
                    while source and (source[0].is_punct or source[0].text in DASH_CHARS):
                        source.pop(0)
                    subject = subject if source else None
                    if subject is None and not verb_first and tok.text in DASH_CHARS:
                        subject, source = named_before(tok, token) or (None, [])
                if dashed and verb_first:
                    source = [t for t in source if t.i > token.i]  # the name after the cue only
                    subject = subject if source else None
                named_after = inverted_source(token) if subject is None else None
                if named_after is not None:
                    subject, source = named_after  # '- A - added X.' with the verb hung on X
                return _direct(region, cue_tokens(token, subject), token, subject, source, 0.9, "after")
        if closed and _opens_sentence(tok):
            return None
        return self._cue_after_subject(tok, region)

    def _glued_cue(self, region: QuoteRegion, tok: Token, token: Token) -> RawQuote | None:
        """'"...," she said.- B': a cue verb the tokenizer glued to the dash opening
        the next words, said by the pronoun or name right before it."""
        bare = token.text.rstrip(".-\u2013\u2014")
        if bare == token.text or bare.lower() not in said_forms(self.lex.speech_verbs) or token.i == tok.i:
            return None
        subject = token.nbor(-1)
        if subject.i != tok.i or subject.pos_ not in ("PRON", "PROPN"):
            return None
        quote = _direct(region, [token], token, subject, [subject], 0.9, "after")
        quote.cue = (token.idx, token.idx + len(bare))  # the verb without the glued dash
        return quote

    def _says_after(self, token: Token) -> bool:
        """A speech verb closing a quotation: also one the tagger took for a plural
        noun at the end of its sentence ('"..." the ministry underlines.') and
        'read' with a publication for subject ('"...," reads the statement')."""
        lemma = token.lemma_.lower()
        if token.pos_ in ("VERB", "AUX"):
            if lemma in self.lex.speech_verbs:
                return True
            if lemma in self.lex.publication_verbs:
                return any(
                    c.dep_ == "nsubj" and c.lemma_.lower() in self.lex.publication_nouns for c in token.children
                )
            return False
        word = token.lower_
        return (
            token.pos_ == "NOUN" and token.dep_ == "ROOT" and word.endswith("s")
            and any(c.dep_ == "nsubj" for c in token.children)
            and (word[:-1] in self.lex.speech_verbs or (word.endswith("es") and word[:-2] in self.lex.speech_verbs))
        )

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
            or not self._says_after(verb)
        ):
            return None
        source = source_tokens(subject)
        return RawQuote(
            kind="direct",
            content=list(region.pieces),
            cue=token_chars(cue_tokens(verb, subject)),
            source=token_chars(source) if source else None,
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
        tok = token_before(doc, region.start)
        if (
            tok is not None
            and tok.pos_ in ("VERB", "AUX")
            and tok.lemma_.lower() in self.lex.speech_verbs
            and tok.tag_ != "VBN"
            and tok.dep_ not in ("acl", "amod")
        ):
            # 'chanted "Trudeau must go!"', 'finally said "no mas."': the quotation
            # is the speech verb's object (not 'a box labeled "X"', 'Cook, called "X"')
            subject = subject_of(tok)
            source = source_tokens(subject) if subject is not None else []
            return _direct(region, cue_tokens(tok, subject), tok, subject, source, 0.8, "before")
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
            return _direct(region, cue, token, subject, source, 0.85, "before")
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
                source=token_chars(source) if source else None,
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
        if para is None or not self._is_speech_like(text, region):
            return False
        if region.start != para.start and not (
            region.family == "dash" and not text[para.start : region.start].strip(" \t-\u2013\u2014")
        ):
            return False  # not opening its paragraph (a dash quotation opens after its dash)
        before = [q for q in earlier if q.end <= region.start]
        if not before:
            return False
        last = max(before, key=lambda q: q.end)
        inner = [q for q in before if q.end == last.end and q.start > last.start and q.source is not None]
        if last.via == "according" and inner:
            last = max(inner, key=lambda q: q.start)  # "As reported by X, Y said ...": Y goes on
        # a cue line below the words ("- said X.") is where the quote ends
        anchor = max(last.end, last.cue[1]) if last.cue is not None and last.cue[1] <= region.start else last.end
        last_para = by_para(anchor - 1)  # type: ignore[operator]
        if last.source is None or last_para is None or last_para.index < para.index - 1:
            return False
        if last.via == "signature":
            return False  # a signed quotation is complete; the next one is signed too
        if text[anchor : region.start].strip(" \n\"'\u201d\u201c.,"):
            # Something else was said or reported in between.
            between = text[anchor : region.start].strip(" \t\n-\u2013\u2014")
            if "\n" in between or len(between) > 80:
                return False
        last.content.extend(region.pieces)
        last.regions.append(region)
        last.confidence = min(last.confidence, 0.8)
        return True

    def _bare(self, text: str, region: QuoteRegion, by_para: object) -> RawQuote | None:
        """A whole-sentence quotation with nobody saying it: kept, unattributed,
        at low confidence (headlines, captions, pull quotes)."""
        inner = region.inner(text).strip()
        if word_count(inner) < 8 or inner[-1:] not in ".!?,":
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
        start, end = trim_span(text, match.end(), para.end)
        if text[match.start()] in MARK_CHARS and text[end - 1 : end] in MARK_CHARS:
            end -= 1  # the paragraph's own quotation marks are not the speaker's words
        said = text[start:end]
        if word_count(said) < 3 or sum(c.isupper() for c in said) > sum(c.islower() for c in said):
            return None  # an all-capital line is a headline, not speech
        name_start = match.start("name")
        head = token_index_at(doc, name_start + len(name) - 1)
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
        start, end = trim_span(text, colon + 1, para.end)
        if start >= end and following is not None:
            start, end = trim_span(text, following.start, following.end)  # "He added:" then a paragraph
        if start >= end or text[start] in MARK_CHARS or word_count(text[start:end]) < 6:
            return None
        if any(s < end and start < e for s, e in marked):
            return None  # quoted words are the quotation passes' business
        token_index = token_index_at(doc, colon)
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
            cue_span = token_chars(cue)
            if not text[cue_span[1] : colon].strip():
                cue_span = (cue_span[0], colon + 1)  # "added:" -- the colon introduces
            return RawQuote(
                kind="direct",
                content=[(start, end)],
                cue=cue_span,
                source=token_chars(source) if source else None,
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


def _direct(
    region: QuoteRegion, cue: list[Token], cue_head: Token, subject: Token | None,
    source: list[Token], confidence: float, via: str,
) -> RawQuote:
    """A quotation read with its cue; without a subject the confidence drops by 0.3."""
    return RawQuote(
        kind="direct",
        content=list(region.pieces),
        cue=token_chars(cue),
        source=token_chars(source) if source else None,
        source_head=subject.i if subject is not None else None,
        cue_head=cue_head.i,
        confidence=confidence if subject is not None else round(confidence - 0.3, 2),
        via=via,
        regions=[region],
    )


def _after_verb(verb: Token) -> Token | None:
    """The speaker named after an inverted cue ('said after the meeting Deputy
    Mayor Jan Nowak', 'emphasized the American president'): a person's name in
    the rest of the sentence, else the verb's own noun after it."""
    sent_end = verb.sent.end
    for token in verb.doc[verb.i + 1 : sent_end]:
        spaced = bool(token.whitespace_) and bool(verb.doc[token.i - 1].whitespace_)
        if (spaced and token.text in DASH_CHARS) or token.text in ('"', "\u201c") or "\n" in token.text:
            break  # the next dash quotation or quotation begins
        if token.ent_type_ == "PERSON" and token.ent_iob_ != "O":
            # the entity's last word heads the name
            while token.i + 1 < sent_end and token.nbor().ent_iob_ == "I":
                token = token.nbor()
            return token
    after = [c for c in verb.rights if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")]
    return after[0] if after else None


def outside_lines(regions: list[QuoteRegion], lines: list[tuple[int, int]]) -> list[QuoteRegion]:
    """Regions without their pieces that touch a transcript line."""
    kept = []
    for region in regions:
        pieces = [p for p in region.pieces if not any(s < p[1] + 1 and p[0] < e + 1 for s, e in lines)]
        if pieces == region.pieces:
            kept.append(region)
        elif pieces:
            kept.append(QuoteRegion(pieces=pieces, unclosed=region.unclosed, family=region.family))
    return kept


def _paragraph_finder(paragraphs: list[Paragraph]) -> object:
    def find(offset: int) -> Paragraph | None:
        for paragraph in paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None

    return find


def named_labels(text: str, lines: list[RawQuote]) -> list[RawQuote]:
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


@lru_cache(maxsize=4)
def said_forms(verbs: frozenset[str]) -> frozenset[str]:
    """Past and third-person forms of the speech verbs (for words the tokenizer
    glued to punctuation, which the tagger cannot lemmatise)."""
    forms = {"said", "says", "wrote", "writes", "told", "tells"}
    for verb in verbs:
        stem = verb[:-1] if verb.endswith("e") else verb
        forms |= {verb + "s", stem + "ed", verb + "es"}
    return frozenset(forms)

