"""Stage ``quotes``: who said what, with cue, content and a resolved speaker.

Options (``Config.stage_options["quotes"]``):

- ``mode``: ``"speech"`` (default) finds what people said or wrote;
  ``"attribution"`` also reports beliefs, findings and intentions ("X believes
  ...", "polls show ..."), as PolNeAR annotates them.
- ``frames``: in attribution mode, also read verbs with the frames learned
  from PolNeAR train (default ``True``; see :mod:`dateline.nlp.quotes.frames`).
- ``nested``: keep quotes reported inside other quotes (default ``True``; they
  carry ``reported_by``). PolNeAR gives each token one attribution, so its
  evaluation turns this off.
- ``ranker``: let the learned speaker ranker (:mod:`dateline.nlp.quotes.ranker`)
  give a speaker to quotes the rules left without one (default ``True``).

See ``docs/quotes.md``.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from dateline.config import Config
from dateline.model import Actor, Document, Quote, Span, Speaker
from dateline.nlp.quotes.dashes import DASH_CHARS, dash_regions, unglued
from dateline.nlp.quotes.display import GroupNames
from dateline.nlp.quotes.extract import Extractor, RawQuote
from dateline.nlp.quotes.frames import frame_model
from dateline.nlp.quotes.lexicon import lexicon
from dateline.nlp.quotes.ranker import RankerModel, ranker_model, rerank
from dateline.nlp.quotes.speakers import SpeakerResolver
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.resolve.coref import prose_ranks

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["make_quotes", "quotes_for", "Extractor", "RawQuote"]

# A quote whose content covers more than this share of a long document is a
# quotation-mark error, not a quote.
MAX_SHARE = 0.5
LONG_DOCUMENT = 2000


def _quote_id(document_id: str, quote: RawQuote) -> str:
    key = f"{document_id}:{quote.start}:{quote.end}:{quote.cue}"
    return "q" + hashlib.sha1(key.encode()).hexdigest()[:10]


def _unique_ids(ids: list[str]) -> list[str]:
    """Quote ids must be unique within a document (the store refuses duplicates):
    two readings of one region with one cue get a numbered suffix."""
    seen: dict[str, int] = {}
    unique = []
    for quote_id in ids:
        seen[quote_id] = seen.get(quote_id, 0) + 1
        unique.append(quote_id if seen[quote_id] == 1 else f"{quote_id}-{seen[quote_id]}")
    return unique


def quotes_for(
    analysis: Analysis, extractor: Extractor, *, nested: bool = True, ranker: RankerModel | None = None
) -> list[Quote]:
    """Quotes of one analysed document (the stage body, callable on its own);
    ``ranker`` gives a speaker to quotes the rules left without one (its policy)."""
    document = analysis.document
    text = document.text
    raw = extractor.extract(analysis.doc, text, document.paragraphs)
    if not nested:
        raw = _outermost(raw)
    coref = analysis.shared.get("coref")
    resolver = SpeakerResolver(
        extractor.lex, analysis.doc, text, analysis.extraction.actors, coref, document.mention, document.published
    )
    resolver.dash_finder = lambda: [
        (r.start, r.end) for r in dash_regions(analysis.doc, text, document.paragraphs, extractor.dash_verbs, [])
    ]
    names = GroupNames(extractor.lex, analysis.doc, text, analysis.extraction.actors)
    ids = _unique_ids([_quote_id(document.id, q) for q in raw])
    quotes: list[Quote] = []
    kept: list[RawQuote] = []  # the raw quote of each kept quote
    rank = prose_ranks(document)
    last: tuple[int, Speaker] | None = None  # prose paragraph and speaker of the last attributed quote
    reported_by_media: set[int] = set()  # raw indices of quotes whose speaker is a news outlet
    for i, item in enumerate(raw):
        covered = sum(e - s for s, e in item.content)
        confidence = item.confidence
        if len(text) > LONG_DOCUMENT and covered > MAX_SHARE * len(text):
            continue
        speaker, factor = resolver.resolve(item.source, item.source_head, (item.start, item.end), item.cue_head)
        paragraph = rank.get(_paragraph_of(document, item.start), -9)
        if speaker.actor_id is None and last is not None and paragraph - last[0] <= 1 and _group_pronoun(
            analysis, resolver, item, last[1]
        ):
            # "The ministry said ... It also said ...": the organisation or group that spoke last
            speaker, factor = Speaker(speaker.span, last[1].actor_id, last[1].name), 0.8
        speaker = _unglued(analysis, speaker)
        speaker = Speaker(speaker.span, speaker.actor_id, names.name(speaker.actor_id, speaker.name, item.source, item.source_head))
        named = _named_after(analysis, resolver, item) if item.source is None and item.cue is None else None
        if named is None:
            named = _named_in_cue(analysis, resolver, item)
        if named is None and item.source is None and item.cue is not None and text[item.cue[0] : item.cue[1]].strip() == ":":
            named = _colon_subject(analysis, resolver, item.cue[0])
        if named is None and item.source is None and item.cue is None and (last is None or paragraph - last[0] > 1):
            named = _subject_before(analysis, resolver, item, rank)
        if named is None and speaker.actor_id is None and _anaphoric(analysis, item, _person_nouns()):
            # "X from the Institute drew attention to ... - It can be seen ... - said
            # the analyst": the person the sentence before the words is about
            named = _subject_before(analysis, resolver, item, rank, same_paragraph=True)
            if named is not None and not _agrees(analysis, item, named):
                named = None
        if (
            named is None and speaker.actor_id is None and item.source is None and item.cue is not None
            and _agentless(text, item.cue) and (last is None or paragraph - last[0] > 1)
        ):
            # "The Council reminded in a communication that ... It was emphasized that ...":
            # an agentless passive with nobody's words before goes on with the one
            # the sentence before is about
            named = _subject_before(analysis, resolver, item, rank, same_paragraph=True) or _subject_before(
                analysis, resolver, item, rank
            )
        if named is not None:
            # '"...," Pierre Garnet, the bank's officer, mentioned ...' (a cue the
            # parser lost): the person named right after the quotation said it
            speaker, factor = Speaker(speaker.span, named.id, named.name), 0.7
            if item.parent is None:
                last = (rank.get(_paragraph_of(document, item.end - 1), paragraph), speaker)
        elif item.source is None and last is not None and paragraph - last[0] <= 1 and (
            item.cue is None or _impersonal(text, item.cue) or _agentless(text, item.cue)
            or text[item.cue[0] : item.cue[1]].strip() == ":"
        ):
            # a quotation with no cue after someone's words (the paragraph after,
            # or later in the same one) goes on with that speaker, and so does
            # "It was noted that ..." or "Then, after a pause: ..." after what someone said
            speaker, factor = Speaker(None, last[1].actor_id, last[1].name), 0.8
        elif speaker.actor_id is not None and (item.parent is None or item.parent in reported_by_media):
            # the paragraph where its words end (a quotation goes on over paragraphs);
            # words a news outlet reports go on with who said them, not the outlet
            last = (rank.get(_paragraph_of(document, item.end - 1), paragraph), speaker)
            names.remember(speaker.actor_id, speaker.name)
        resolver.remember(item.start, item.end, speaker)
        if speaker.actor_id is not None and (
            speaker.actor_id.startswith("media:") or getattr(resolver.index.get(speaker.actor_id), "kind", None) == "media"
        ):
            reported_by_media.add(i)
        if speaker.actor_id is not None and speaker.span is not None:
            _register_group(analysis, speaker.actor_id, speaker.name, speaker.span)
        if speaker.actor_id is not None and item.regions:
            _first_person(analysis, item, speaker.actor_id)
        quotes.append(
            Quote(
                id=ids[i],
                kind=item.kind,
                cue=None if item.cue is None else Span.of(text, *item.cue),
                content=[Span.of(text, s, e) for s, e in item.content],
                speaker=speaker,
                confidence=round(max(0.05, min(1.0, confidence * factor)), 3),
                reported_by=None if item.parent is None else ids[item.parent],
            )
        )
        kept.append(item)
    if ranker is not None:
        for k in rerank(analysis, quotes, ranker):
            actor_id = quotes[k].speaker.actor_id
            if actor_id is not None and kept[k].regions:
                _first_person(analysis, kept[k], actor_id)
    return quotes


def _group_pronoun(analysis: Analysis, resolver: SpeakerResolver, item: RawQuote, last: Speaker) -> bool:
    """'it said' / 'they said' that nothing resolved, after an organisation or a
    group spoke (not after a person: 'they' then may be anyone)."""
    if item.source_head is None or item.source_head >= len(analysis.doc):
        return False
    word = analysis.doc[item.source_head].lower_
    if word not in ("it", "they") or last.actor_id is None:
        return False
    if last.actor_id.startswith("country:"):
        return True
    actor = resolver.index.get(last.actor_id)
    if actor is None:
        # an organisation or group only the quotes stage named ("the Ministry of Commerce said")
        return last.actor_id.startswith(("prov:org", "prov:group:"))
    return actor.kind not in (None, "person")


def _impersonal(text: str, cue: tuple[int, int]) -> bool:
    """'it was noted', 'It was also stated': a passive cue with an empty subject."""
    return bool(re.search(r"\bit\s+$", text[max(0, cue[0] - 6) : cue[0]], re.IGNORECASE)) and bool(
        re.match(r"(was|is|has been)\b", text[cue[0] : cue[1]])
    )


def _agentless(text: str, cue: tuple[int, int]) -> bool:
    """A passive speech cue with no agent and no personal subject ('It was
    emphasized that', '- was assured in a statement'; not 'We are told')."""
    if not re.match(r"(was|were|is|are|has been|have been)\s+(also\s+)?\w+(ed|en)\b", text[cue[0] : cue[1]]):
        return False
    before = text[max(0, cue[0] - 8) : cue[0]].split()
    return not before or before[-1].lower() not in ("we", "i", "you", "they", "he", "she")


def _named_after(analysis: Analysis, resolver: SpeakerResolver, item: RawQuote) -> Actor | None:
    """The person whose name follows a quotation in its own sentence, within a few words."""
    document = analysis.document
    index = document.sentence_index(max(item.end - 1, 0))
    if index is None:
        return None
    stop = min(document.sentences[index].end, item.end + 40)
    if "\n" in document.text[item.end : stop]:
        stop = item.end + document.text[item.end : stop].index("\n")
    for _mention, actor in resolver.index.mentions_in(item.end, stop):
        return actor if actor.kind == "person" else None
    return None


def _named_in_cue(analysis: Analysis, resolver: SpeakerResolver, item: RawQuote) -> Actor | None:
    """'- A - he assured on Monday during a speech Deputy Secretary X': a he/she
    closing the words whose own clause goes on to name one person (translated
    layouts) is that person."""
    if item.source is None or item.source_head is None or item.cue is None or item.source[0] < item.end:
        return None
    token = analysis.doc[item.source_head] if item.source_head < len(analysis.doc) else None
    if token is None or token.lower_ not in ("he", "she"):
        return None
    text = analysis.document.text
    if text[item.end : item.source[0]].strip(" \t\"\u201d") not in DASH_CHARS:
        return None  # the dash layout only ('"...," he said with X' is not X's)
    stop = token.sent.end_char
    if "\n" in text[item.cue[1] : stop]:
        stop = item.cue[1] + text[item.cue[1] : stop].index("\n")
    people = {
        a.id: a for m, a in resolver.index.mentions_in(item.cue[1], stop)
        if a.kind == "person" and m.text.lower() not in ("he", "she", "him", "her", "his")
    }
    if len(people) != 1:
        return None
    person = next(iter(people.values()))
    return person if _agrees(analysis, item, person) else None


def _unglued(analysis: Analysis, speaker: Speaker) -> Speaker:
    """A local actor the tokenizer made of a name glued to a dash ('Sergei X.-')
    speaks as the actor of the bare name, when the article has one."""
    name = speaker.name or ""
    bare = unglued(name)
    if speaker.actor_id is None or bare == name:
        return speaker
    for actor in analysis.extraction.actors:
        if actor.name == bare and actor.id != speaker.actor_id:
            return Speaker(speaker.span, actor.id, actor.name)
    return speaker


def _person_nouns() -> frozenset[str]:
    from dateline.resolve.coref import coref_lexicon

    return coref_lexicon().person_nouns


def _agrees(analysis: Analysis, item: RawQuote, actor: Actor) -> bool:
    """'he' / 'she' agrees with the actor's gender (unknown agrees)."""
    from dateline.resolve.coref import actor_gender, coref_lexicon

    word = analysis.doc[item.source_head].lower_ if item.source_head is not None else ""
    gender = actor_gender(actor, coref_lexicon())
    return word not in ("he", "she") or gender is None or gender == ("m" if word == "he" else "f")


def _anaphoric(analysis: Analysis, item: RawQuote, person_nouns: frozenset[str]) -> bool:
    """The source, after the words it closes, is 'he'/'she' or a definite person
    noun ('the analyst') that nothing resolved."""
    if item.source_head is None or item.source_head >= len(analysis.doc) or item.source is None:
        return False
    if item.source[0] < item.start:
        return False  # the words come before their cue ("- A - said the analyst")
    token = analysis.doc[item.source_head]
    if token.lower_ in ("he", "she"):
        return True
    word = token.text.rstrip(".,;:-\u2013\u2014").lower()
    if token.pos_ != "NOUN" or word not in person_nouns:
        return False
    if token.left_edge.lower_ in ("a", "an"):
        # '"..." - wrote a politician in a letter': after a closing dash, the one the
        # sentence before introduced (not '"...," said an analyst at X')
        return item.cue is not None and analysis.document.text[: item.cue[0]].rstrip()[-1:] in DASH_CHARS
    return token.left_edge.lower_ == "the"


def _subject_before(
    analysis: Analysis, resolver: SpeakerResolver, item: RawQuote, rank: dict[int, int], *, same_paragraph: bool = False
) -> Actor | None:
    """'Kuleba spoke at a press conference on Monday.' then a paragraph that is a
    quotation with no cue and nobody's words before it: the person the last
    sentence before is about (its subject) says it."""
    document = analysis.document
    index = document.sentence_index(item.start)
    if index is None or index == 0:
        return None
    paragraph = document.sentences[index].paragraph
    own = document.sentences[index]
    if same_paragraph and own.start < item.start - 1:
        # 'X drew attention to ... NATO.- It can be seen ...': the words glued to the
        # sentence introducing them, which the segmenter left one sentence
        span = analysis.doc.char_span(own.start, item.start, alignment_mode="contract")
        if span is not None and len(span) > 2:
            root = span.root
            if root.idx < item.start and root.pos_ in ("VERB", "AUX"):
                found = _subject_actor(resolver, root, ("person", "organization"))
                if found is not None:
                    return found
    before = document.sentences[index - 1]
    if same_paragraph and before.paragraph != paragraph:
        return None  # "X drew attention to ...- A - said the analyst": one paragraph
    if not same_paragraph and (
        before.paragraph == paragraph or rank.get(before.paragraph, -9) != rank.get(paragraph, -9) - 1
    ):
        return None  # not a paragraph of its own, or page furniture between
    span = analysis.doc.char_span(before.start, before.end, alignment_mode="expand")
    if span is None:
        return None
    # "The ministry expresses its gratitude ..." then the quotation: an organisation too
    return _subject_actor(resolver, span.root, ("person", "organization"))


def _subject_actor(resolver: SpeakerResolver, root: Token, kinds: tuple[str, ...]) -> Actor | None:
    """The actor (of one of ``kinds``) that is the subject of ``root``."""
    subjects = [t for t in root.children if t.dep_ == "nsubj"]
    if not subjects:
        return None
    subject = subjects[0]
    key = (subject.idx, subject.idx + len(subject.text))
    actor_id = resolver.coref.get(key)
    actor = resolver.index.get(actor_id) if actor_id else resolver.index.at(*key)
    if actor is None and not subject.is_alpha and subject.pos_ != "PRON":
        # a subject the parser made of a word glued to a quotation mark ('"On the
        # other hand, Anna X drew ...'): the one actor named in its phrase
        end = subject.right_edge.idx + len(subject.right_edge.text)
        found = [a for _, a in resolver.index.mentions_in(subject.left_edge.idx, end) if a.kind in kinds]
        for kind in kinds:  # a person first ('Anna X from the Institute')
            named = {a.id: a for a in found if a.kind == kind}
            if named:
                return next(iter(named.values())) if len(named) == 1 else None
    return actor if actor is not None and actor.kind in kinds else None


def _colon_subject(analysis: Analysis, resolver: SpeakerResolver, colon: int) -> Actor | None:
    """'If X had to defend his country he would fight ...: "..."': a colon
    introduction with no cue word is spoken by its sentence's subject, a person."""
    span = analysis.doc.char_span(colon, colon + 1, alignment_mode="expand")
    if span is None:
        return None
    root = span[0].sent.root
    actor = _subject_actor(resolver, root, ("person",))
    if actor is None:
        # "..., he would fight ...": the subject of the main clause's complement
        for child in root.children:
            if child.dep_ in ("ccomp", "advcl") and child.i < span[0].i:
                actor = actor or _subject_actor(resolver, child, ("person",))
    return actor


def _paragraph_of(document: Document, offset: int) -> int:
    index = document.sentence_index(offset)
    if index is None or index >= len(document.sentences):
        return -9
    return document.sentences[index].paragraph


def _outermost(raw: list[RawQuote]) -> list[RawQuote]:
    """Drop quotes reported inside another one (keeping univocal annotations)."""
    return [q for q in raw if q.parent is None]


_FIRST_SINGULAR = frozenset({"i", "me", "my", "myself", "mine"})
_FIRST_PLURAL = frozenset({"we", "us", "our", "ourselves", "ours"})


def _first_person(analysis: Analysis, item: RawQuote, actor_id: str) -> None:
    """Inside a speaker's own words, "I" (or "we" for a group) is the speaker:
    added to the coref map and the actor's mentions for later stages (events)."""
    actor = next((a for a in analysis.extraction.actors if a.id == actor_id), None)
    if actor is None:
        return
    pronouns = _FIRST_PLURAL if actor.kind not in (None, "person") else _FIRST_SINGULAR
    coref = analysis.shared.setdefault("coref", {})
    known = {(m.start, m.end) for m in actor.mentions}
    for region in item.regions:
        for start, end in region.pieces:
            span = analysis.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                key = (token.idx, token.idx + len(token.text))
                if token.lower_ in pronouns and key not in known and key not in coref:
                    coref[key] = actor_id
                    actor.mentions.append(analysis.document.mention(*key))
    actor.mentions.sort(key=lambda m: (m.start, m.end))


def _register_group(analysis: Analysis, actor_id: str, name: str | None, span: Span) -> None:
    """A group speaker ('Ukrainian officials' -> country:UKR:GOV) that the actors
    stage did not produce becomes an actor, so the id resolves for every reader."""
    if not actor_id.startswith("country:"):
        return
    actors = analysis.extraction.actors
    actor = next((a for a in actors if a.id == actor_id), None)
    if actor is None:
        parts = actor_id.split(":")
        lex = lexicon()
        country = lex.country_names.get(parts[1], parts[1]) if len(parts) > 1 else actor_id
        sector = lex.sector_names.get(parts[2], parts[2]) if len(parts) > 2 else None
        actor = Actor(
            id=actor_id,
            # by its codes: the speaker's name is as written ("Ukrainian officials")
            name=f"{country} {sector}" if sector else name or actor_id,
            code=parts[1] if len(parts) > 1 else None,
            sector=parts[2] if len(parts) > 2 else None,
            kind="group",
        )
        actors.append(actor)
    if not any(m.start == span.start and m.end == span.end for m in actor.mentions):
        actor.mentions.append(analysis.document.mention(span.start, span.end))


@register_stage(
    "quotes",
    requires=("sentences", "paragraphs", "actors"),
    reads=("coref",),
    assigns=("quotes",),
    # group speakers become actors; "I" inside a speaker's words joins the coref map
    updates=("actors", "coref"),
)
def make_quotes(config: Config) -> StageFn:
    options = config.options_for("quotes")
    frames = frame_model() if options.get("frames", True) else None
    extractor = Extractor(lexicon(), mode=str(options.get("mode", "speech")), frames=frames)
    nested = bool(options.get("nested", True))
    ranker = ranker_model() if options.get("ranker", True) else None

    def quotes(analysis: Analysis) -> None:
        analysis.extraction.quotes = quotes_for(analysis, extractor, nested=nested, ranker=ranker)

    return quotes
