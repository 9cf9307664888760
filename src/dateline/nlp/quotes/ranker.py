"""A learned second opinion on who said each quote.

The rules of :mod:`dateline.nlp.quotes.speakers` read the source phrase; this
ranker looks at every actor the article has named by the time the words are
reported (and one "nobody") and scores them with a conditional logit over
features of distance, syntax, agreement, the speaker in focus and the rules'
own answer. The weights are trained on ukwar-train by
``scripts/train_speaker_ranker.py`` (numpy inference, no extra dependency).

What it may change is the model file's ``policy``: which quotes (by the kind
of source phrase the rules saw) the ranker decides, and the probability its
choice needs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.errors import ConfigError
from dateline.model import PRONOUNS, Actor, Quote, Speaker
from dateline.nlp.features import feature_matrix
from dateline.packagedata import read_json

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from dateline.pipeline import Analysis

NOBODY = ""  # the candidate id of "nobody the article names"
SPEAKER_KINDS = ("person", "organization", "media", "group", "country")
SOURCE_CLASSES = ("none", "uncued", "passive", "question", "pronoun", "description", "name", "other")
# words opening a definite description ("the minister") and the pronouns that
# stand for one person; the eval's split by source phrase uses them too
DEFINITE_WORDS = frozenset({"the", "this", "that", "his", "her", "its", "their"})
PERSON_PRONOUNS = frozenset({"he", "she", "who", "him", "her"})
_MASCULINE, _FEMININE = frozenset({"he", "him", "his"}), frozenset({"she", "her", "hers"})


@dataclass
class Candidates:
    """One quote's candidate speakers and their feature rows (row 0 is nobody)."""

    quote: Quote
    source_class: str
    ids: list[str]
    rows: list[dict[str, float]]


def source_class(doc: Doc, quote: Quote) -> str:
    """What the rules had to read: no source, a pronoun, a description, a name."""
    return _source_class(doc, quote, _source_head(doc, quote))


def _source_class(doc: Doc, quote: Quote, head: Token | None) -> str:
    if head is None:
        # a cue whose subject the parse lost ("... and called the West hypocritical,
        # arguing that ...") or a quotation with no cue at all (the rules decide
        # whether it goes on with the last speaker)
        if quote.cue is None:
            return "uncued"
        cue = doc.char_span(quote.cue.start, quote.cue.end, alignment_mode="expand")
        if cue is not None and any(t.dep_ == "auxpass" for t in cue):
            return "passive"  # "we are told", "it was noted": the teller is not said
        if cue is not None and any(t.lemma_.lower() in _question_verbs() for t in cue):
            return "question"  # "When asked whether ...": mostly an unnamed interviewer
        return "none"
    if head.lower_ in PRONOUNS:
        # he / she / who stand for one person the article named; "you", "that",
        # "someone" for nobody it names
        return "pronoun" if head.lower_ in PERSON_PRONOUNS else "other"
    if head.pos_ == "PROPN" or any(t.pos_ == "PROPN" for t in head.subtree if t.dep_ in ("compound", "appos", "flat")):
        return "name"
    if head.tag_ in ("NN", "NNP") and head.left_edge.lower_ in DEFINITE_WORDS:
        # "the minister", "this politician": one the reader already knows;
        # "experts", "a source", "many" are nobody in particular
        return "description"
    return "other"


def _question_verbs() -> frozenset[str]:
    from dateline.resolve.coref import coref_lexicon

    return coref_lexicon().question_verbs


def _source_head(doc: Doc, quote: Quote) -> Token | None:
    span = quote.speaker.span
    if span is None:
        return None
    phrase = doc.char_span(span.start, span.end, alignment_mode="expand")
    return None if phrase is None or not len(phrase) else phrase.root


class _Layout:
    """Sentence, paragraph and quotation geometry of one document, for distances."""

    def __init__(self, analysis: Analysis, quotes: list[Quote]) -> None:
        document = analysis.document
        self.document = document
        self.inside = bytearray(len(document.text) + 1)
        for quote in quotes:
            for piece in quote.content:
                self.inside[piece.start : piece.end] = b"\x01" * (piece.end - piece.start)

    def sentence(self, offset: int) -> int:
        index = self.document.sentence_index(offset)
        return -1 if index is None else index

    def paragraph(self, offset: int) -> int:
        index = self.document.sentence_index(offset)
        return -1 if index is None else self.document.sentences[index].paragraph


def candidate_table(
    analysis: Analysis, quotes: list[Quote], wanted: Callable[[Quote, str], bool] | None = None
) -> list[Candidates | None]:
    """Every quote's candidates with their features (the rules' speakers as they
    stand); None for a quote ``wanted(quote, source class)`` turns down."""
    from dateline.nlp.quotes.lexicon import lexicon
    from dateline.resolve.coref import actor_gender, coref_lexicon

    doc = analysis.doc
    layout = _Layout(analysis, quotes)
    coref = analysis.shared.get("coref") or {}
    speech = lexicon().speech_verbs
    gender_lex = coref_lexicon()
    nouns = _Nouns(gender_lex.person_nouns, gender_lex.organization_nouns | gender_lex.body_nouns, gender_lex.demonyms)
    everyone = analysis.extraction.actors
    actors = [a for a in everyone if (a.kind or "organization") in SPEAKER_KINDS and a.mentions]
    genders = {a.id: actor_gender(a, gender_lex) for a in actors}
    speakers_so_far: dict[str, int] = {}
    previous: tuple[int, str] | None = None  # paragraph and speaker of the quote before
    table: list[Candidates | None] = []
    for quote in quotes:
        start = min([quote.content[0].start] + ([quote.cue.start] if quote.cue else []))
        end = max(p.end for p in quote.content)
        head = _source_head(doc, quote)
        klass = _source_class(doc, quote, head)
        if wanted is not None and not wanted(quote, klass):
            table.append(None)
            _remember(quote, speakers_so_far)
            previous = _previous(quote, layout, previous)
            continue
        word = head.lower_ if head is not None else ""
        sentence = layout.sentence(start)
        end_sentence = layout.sentence(end - 1)
        paragraph = layout.paragraph(start)
        source = quote.speaker.span
        head_key = (head.idx, head.idx + len(head.text)) if head is not None else None
        subjects = _speaking_subjects(doc, analysis, sentence, speech)
        topic = _sentence_subjects(doc, analysis, sentence, start)
        countries = _source_countries(doc, quote, nouns)
        ids, rows = [NOBODY], [_nobody_row(klass)]
        rule_actor = next((a for a in everyone if a.id == quote.speaker.actor_id), None)
        for actor in actors if rule_actor is None or rule_actor in actors else [*actors, rule_actor]:
            row = _actor_row(
                actor, quote, klass, word, start, end, sentence, end_sentence, paragraph, layout, source, head, head_key,
                coref, genders.get(actor.id), speakers_so_far, previous, subjects,
            )
            if row is not None:
                _add_context(row, actor, klass, topic, countries, head, nouns)
                ids.append(actor.id)
                rows.append(row)
        table.append(Candidates(quote, klass, ids, rows))
        _remember(quote, speakers_so_far)
        previous = _previous(quote, layout, previous)
    return table


def _remember(quote: Quote, speakers_so_far: dict[str, int]) -> None:
    if quote.speaker.actor_id is not None:
        speakers_so_far[quote.speaker.actor_id] = speakers_so_far.get(quote.speaker.actor_id, 0) + 1


def _previous(quote: Quote, layout: _Layout, previous: tuple[int, str] | None) -> tuple[int, str] | None:
    """The paragraph where this quote's words end and its speaker, if it has one."""
    if quote.speaker.actor_id is None:
        return previous
    return layout.paragraph(max(p.end for p in quote.content) - 1), quote.speaker.actor_id


def _nobody_row(klass: str) -> dict[str, float]:
    return {"nobody": 1.0, f"nobody*src_{klass}": 1.0}


def _actor_row(
    actor: Actor, quote: Quote, klass: str, word: str, start: int, end: int, sentence: int, end_sentence: int,
    paragraph: int, layout: _Layout, source: Any, head: Token | None, head_key: tuple[int, int] | None,
    coref: dict[tuple[int, int], str], gender: str | None, speakers_so_far: dict[str, int],
    previous: tuple[int, str] | None, subjects: dict[tuple[int, int], int],
) -> dict[str, float] | None:
    before = [m for m in actor.mentions if m.end <= start and not layout.inside[m.start]]
    quoted_before = [m for m in actor.mentions if m.end <= start and layout.inside[m.start]]
    in_source = source is not None and any(m.start < source.end and source.start < m.end for m in actor.mentions)
    after = [
        m for m in actor.mentions
        if end <= m.start < end + 120 and layout.sentence(m.start) in (sentence, end_sentence)
        and "\n" not in layout.document.text[end : m.start]
    ]
    rule = quote.speaker.actor_id == actor.id
    if not (before or in_source or after or quoted_before or rule):
        return None
    kind = actor.kind or "organization"
    row: dict[str, float] = {f"kind_{kind}": 1.0}
    if rule:
        row["rule"] = 1.0
        row[f"rule*src_{klass}"] = 1.0
    if in_source:
        row["in_source"] = 1.0
        row[f"in_source*src_{klass}"] = 1.0
    if head_key is not None and coref.get(head_key) == actor.id:
        row["coref_head"] = 1.0
    if after:
        row["after_same_sentence"] = 1.0
        row[f"after*src_{klass}"] = 1.0
    if before:
        last = before[-1]
        row["log_distance"] = math.log1p(max(0, start - last.end)) / 8.0
        delta = sentence - layout.sentence(last.start)
        row["sent_same" if delta <= 0 else "sent_prev" if delta == 1 else "sent_near" if delta <= 3 else "sent_far"] = 1.0
        if layout.paragraph(last.start) == paragraph:
            row["same_paragraph"] = 1.0
        row["log_mentions"] = math.log1p(len(before)) / 3.0
        row["first_mention_early"] = 1.0 if layout.sentence(before[0].start) <= 1 else 0.0
        spoke = [subjects.get((m.start, m.end), -99) for m in before]
        recent = max(spoke)
        if sentence - recent <= 1:
            row["subject_of_speech_near"] = 1.0
        elif sentence - recent <= 4:
            row["subject_of_speech_recent"] = 1.0
    else:
        row["no_plain_mention_before"] = 1.0
    if quoted_before and not before:
        row["only_quoted_before"] = 1.0
    count = speakers_so_far.get(actor.id, 0)
    if count:
        row["spoke_before"] = math.log1p(count)
    if previous is not None and previous[1] == actor.id:
        row["previous_speaker"] = 1.0
        row[f"previous*src_{klass}"] = 1.0
        if paragraph - previous[0] <= 1:
            row["previous_adjacent"] = 1.0
    if klass == "pronoun" and word in _MASCULINE | _FEMININE:
        if kind != "person":
            row["he_she_not_person"] = 1.0
        elif gender is not None:
            agree = (gender == "m") == (word in _MASCULINE)
            row["gender_agree" if agree else "gender_clash"] = 1.0
    if klass == "description" and head is not None:
        noun = head.lemma_.lower()
        names = " ".join([actor.name, *actor.aliases, *actor.roles]).lower()
        if noun and noun in names:
            row["description_names_it"] = 1.0
    return row


def _speaking_subjects(doc: Doc, analysis: Analysis, sentence: int, speech: frozenset[str]) -> dict[tuple[int, int], int]:
    """Character spans of subjects of speech verbs in the few sentences up to
    ``sentence``, with their sentence index: who was speaking just before."""
    found: dict[tuple[int, int], int] = {}
    sentences = analysis.document.sentences
    for index in range(max(0, sentence - 4), min(len(sentences), sentence + 1)):
        sent = sentences[index]
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.lemma_.lower() in speech:
                left = token.left_edge
                for piece in (token, *[t for t in token.subtree if t.dep_ in ("compound", "flat", "appos")]):
                    found[(piece.idx, piece.idx + len(piece.text))] = index
                phrase_end = token.right_edge.idx + len(token.right_edge.text)
                found[(left.idx, phrase_end)] = index
                found[(left.idx, token.idx + len(token.text))] = index
    return found


@dataclass(frozen=True)
class _Nouns:
    person: frozenset[str]
    organization: frozenset[str]
    demonyms: dict[str, str]


def _source_countries(doc: Doc, quote: Quote, nouns: _Nouns) -> set[str]:
    """What the source phrase says of its speaker: the countries its adjectives name."""
    span = quote.speaker.span
    phrase = None if span is None else doc.char_span(span.start, span.end, alignment_mode="expand")
    countries = set()
    if phrase is not None:
        for token in phrase:
            code = nouns.demonyms.get(token.lower_) or nouns.demonyms.get(token.text)
            if code:
                countries.add(code)
    return countries


def _sentence_subjects(doc: Doc, analysis: Analysis, sentence: int, start: int) -> dict[tuple[int, int], str]:
    """Subject phrases (character spans) of the quote's own sentence before the
    words and of the sentence before: 'same' or 'before'."""
    found: dict[tuple[int, int], str] = {}
    sentences = analysis.document.sentences
    for index, label in ((sentence - 1, "before"), (sentence, "same")):
        if not 0 <= index < len(sentences):
            continue
        sent = sentences[index]
        span = doc.char_span(sent.start, min(sent.end, start) if label == "same" else sent.end, alignment_mode="contract")
        if span is None:
            continue
        for token in span:
            if token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT":
                found[(token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text))] = label
    return found


def _add_context(
    row: dict[str, float], actor: Actor, klass: str, topic: dict[tuple[int, int], str], countries: set[str],
    head: Token | None, nouns: _Nouns,
) -> None:
    kind = actor.kind or "organization"
    for (start, end), label in topic.items():
        if any(start <= m.start and m.end <= end for m in actor.mentions):
            row[f"main_subject_{label}"] = 1.0
            row[f"main_subject_{label}*src_{klass}"] = 1.0
    if countries and actor.code:
        row["source_country_match" if actor.code in countries else "source_country_other"] = 1.0
    if head is not None and klass in ("description", "name", "other"):
        noun = head.lemma_.lower()
        if noun in nouns.person:
            row[f"person_noun*kind_{kind}"] = 1.0
        elif noun in nouns.organization:
            row[f"organization_noun*kind_{kind}"] = 1.0
        if any(m.start <= head.idx < m.end for m in actor.mentions):
            row["holds_source_head"] = 1.0


@dataclass(frozen=True)
class RankerModel:
    features: tuple[str, ...]
    weights: np.ndarray
    # source class -> probability the ranker's choice needs where the rules found
    # nobody; "change" -> the probability it needs to replace the rules' speaker
    policy: dict[str, float]

    def scores(self, rows: list[dict[str, float]]) -> np.ndarray:
        logits = feature_matrix(rows, self.features) @ self.weights
        logits -= logits.max()
        odds = np.exp(logits)
        return odds / odds.sum()


def model_from_json(data: dict[str, Any]) -> RankerModel:
    return RankerModel(tuple(data["features"]), np.asarray(data["weights"], dtype=float), dict(data["policy"]))


@lru_cache(maxsize=1)
def ranker_model() -> RankerModel:
    """The shipped model (``data/quotes/speaker_ranker.json``); a missing or
    broken file is a :class:`~dateline.errors.ConfigError` (an incomplete install)."""
    data = read_json("quotes", "speaker_ranker.json")
    try:
        return model_from_json(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"data file quotes/speaker_ranker.json is not a speaker ranker: {exc}") from None


def rerank(analysis: Analysis, quotes: list[Quote], model: RankerModel) -> list[int]:
    """Give quotes the ranker's speaker where its policy lets it decide; the
    indices of the quotes changed."""
    by_id = {a.id: a for a in analysis.extraction.actors}
    changed = []

    def policy_key(quote: Quote, klass: str) -> str:
        return klass if quote.speaker.actor_id is None else "change"

    def decided(quote: Quote, klass: str) -> bool:
        return policy_key(quote, klass) in model.policy

    for k, item in enumerate(candidate_table(analysis, quotes, decided)):
        if item is None or len(item.ids) < 2:
            continue
        current = item.quote.speaker.actor_id
        needed = model.policy[policy_key(item.quote, item.source_class)]
        probabilities = model.scores(item.rows)
        best = int(np.argmax(probabilities))
        choice = item.ids[best]
        if choice in (NOBODY, current) or probabilities[best] < needed:
            continue
        actor = by_id[choice]
        item.quote.speaker = Speaker(item.quote.speaker.span, actor.id, actor.name)
        changed.append(k)
    return changed
