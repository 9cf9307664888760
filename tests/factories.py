"""Hand-built annotation objects for tests (our own text, not shared data)."""

from dateline.model import (
    Actor,
    Contradiction,
    Document,
    Entity,
    Event,
    Extraction,
    Location,
    Place,
    Quote,
    Sentence,
    Span,
    Speaker,
    Timex,
)

TEXT = "Ministers met in Vienna on Monday. They agreed nothing, an aide said."


def sample_extraction() -> Extraction:
    doc = Document(id="abc", text=TEXT, title="Talks", published="2024-03-05",
                   published_source="metadata", sentences=[Sentence(0, 0, 34, 0), Sentence(1, 35, 69, 0)])
    vienna = Span.of(TEXT, 17, 23)
    return Extraction(
        document=doc,
        entities=[Entity(vienna, "GPE")],
        actors=[Actor("prov:ministers", "Ministers", mentions=[doc.mention(0, 9)])],
        places=[Place(vienna, "Vienna", "AT", 48.2, 16.37, "city", 2761369)],
        timexes=[Timex(Span.of(TEXT, 27, 33), "DATE", "2024-03-04")],
        quotes=[Quote("q1", "indirect", Span.of(TEXT, 63, 67), [Span.of(TEXT, 35, 54)],
                      Speaker(Span.of(TEXT, 56, 62), None, "an aide"))],
        events=[Event("e1", "CONSULT", mode="meet", actor=["prov:ministers"], date="2024-03-04",
                      date_precision="day", location=Location("Vienna", "AT", 48.2, 16.37, "city"),
                      mentions=[doc.mention(10, 13)], aux=["historical"])],
        contradictions=[Contradiction("e1", "duration", ["PT2H", "PT1H"], [vienna])],
        layers=["segment"],
    )
