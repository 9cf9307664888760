"""Stage ``segment``: sentences, paragraphs and named entities from the parse."""

from __future__ import annotations

from dateline.config import Config
from dateline.model import Entity, Sentence, Span
from dateline.pipeline import Analysis, StageFn, register_stage
from dateline.textnorm import paragraph_spans


@register_stage("segment", requires=("spacy",), assigns=("sentences", "paragraphs", "entities"))
def make_segment(config: Config) -> StageFn:
    def segment(analysis: Analysis) -> None:
        document = analysis.document
        text = document.text
        if not document.paragraphs:
            document.paragraphs = paragraph_spans(text)
        paragraph_starts = [p.start for p in document.paragraphs]
        sentences: list[Sentence] = []
        paragraph = 0
        for sent in analysis.doc.sents:
            start, end = sent.start_char, sent.end_char
            # Trim surrounding whitespace so sentence spans hold only text.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            while paragraph + 1 < len(paragraph_starts) and paragraph_starts[paragraph + 1] <= start:
                paragraph += 1
            sentences.append(Sentence(len(sentences), start, end, paragraph))
        document.sentences = sentences
        analysis.extraction.entities = [
            Entity(Span.of(text, ent.start_char, ent.end_char), ent.label_)
            for ent in analysis.doc.ents
        ]

    return segment
