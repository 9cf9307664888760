"""Hand-built extractions covering every layer, from sentences we wrote ourselves.

The pipeline stages for time, quotes and events are written in parallel, so the
store is tested against extractions built here with the model classes. Spans are
located in the text with ``str.index`` so every offset is real.

``make_extraction(n, repeat=k)`` gives a distinct document per ``n`` (the id is
the content id of its text), and ``repeat`` multiplies the body to make heavy
documents for the crash and timing tests. Used by the subprocess scripts too, so
it imports only the package.
"""

from __future__ import annotations

from dateline.model import (
    Actor,
    Contradiction,
    Document,
    Entity,
    Event,
    Extraction,
    Location,
    Mention,
    Place,
    Quote,
    Sentence,
    Span,
    Speaker,
    Timex,
)
from dateline.textnorm import content_id

PARAGRAPH = (
    "The foreign ministers of Norland and Sudria spoke by phone on Tuesday, {n} days after "
    "the border clashes near Velka.\n"
    "\u201cWe will not accept any ceasefire that rewards aggression,\u201d Norland's Foreign "
    "Minister Ilse Varga said after the call.\n"
    "Sudria denied shelling Velka on Monday, while local officials said three people were "
    "killed and two were injured in the attack.\n"
    "The two sides will meet in Geneva next week to discuss a prisoner exchange.\n"
)


def _find(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle), needle)


def _sentences(text: str, base: int, paragraph0: int, index0: int) -> list[Sentence]:
    out = []
    pos = 0
    for p, line in enumerate(text.split("\n")):
        if line:
            out.append(Sentence(index0 + len(out), base + pos, base + pos + len(line), paragraph0 + p))
        pos += len(line) + 1
    return out


def make_extraction(
    n: int = 0, *, repeat: int = 1, pipeline_version: str = "1.0.0", publisher: str = "Wire Test"
) -> Extraction:
    blocks = [PARAGRAPH.format(n=n + 2 + r) for r in range(repeat)]
    text = "".join(blocks)
    doc = Document(
        id=content_id(text), text=text, title=f"Ministers talk after Velka clashes ({n})",
        published=f"2024-03-{(n % 28) + 1:02d}", published_source="metadata",
        publisher=publisher, byline="By Test Desk", url=f"https://example.org/{n}",
        source=f"test:{n}",
    )
    ex = Extraction(document=doc, pipeline_version=pipeline_version,
                    layers=["segment", "actors", "places", "quotes", "time", "events"])
    norland = Actor("country:NRL:GOV", "Norland", code="NRL", sector="GOV", kind="country")
    sudria = Actor("country:SDR:MIL", "Sudria", code="SDR", sector="MIL", kind="country")
    varga = Actor("person:ilse-varga", "Ilse Varga", code="NRL", sector="GOV", kind="person",
                  wikidata="Q000001")
    officials = Actor("prov:local-officials", "local officials", kind="group", provisional=True)
    ex.actors = [norland, sudria, varga, officials]
    base = 0
    for r, block in enumerate(blocks):
        sentences = _sentences(block, base, paragraph0=4 * r, index0=len(doc.sentences))
        doc.sentences.extend(sentences)

        def m(needle: str, after: int = 0, base: int = base, block: str = block) -> Mention:
            s = _find(block, needle, after)
            return doc.mention(base + s.start, base + s.end)

        def sp(needle: str, after: int = 0, base: int = base, block: str = block) -> Span:
            s = _find(block, needle, after)
            return doc.span(base + s.start, base + s.end)

        norland.mentions += [m("Norland"), m("Norland's")]
        sudria.mentions += [m("Sudria"), m("Sudria", block.index("Sudria denied"))]
        varga.mentions.append(m("Ilse Varga"))
        officials.mentions.append(m("local officials"))
        ex.entities += [Entity(sp("Norland"), "GPE"), Entity(sp("Sudria"), "GPE"),
                        Entity(sp("Ilse Varga"), "PERSON"), Entity(sp("Geneva"), "GPE")]
        ex.places += [
            Place(sp("Velka"), "Velka", country="NR", lat=48.1, lon=37.2, precision="city"),
            Place(sp("Geneva"), "Geneva", country="CH", lat=46.2, lon=6.15, precision="city",
                  geonameid=2660646),
        ]
        ex.timexes += [
            Timex(sp("Tuesday"), "DATE", "2024-03-05", anchor=doc.published),
            Timex(sp("Monday"), "DATE", "2024-03-04", anchor=doc.published),
            Timex(sp("next week"), "DATE", "2024-W11", anchor=doc.published, confidence=0.8),
        ]
        q1 = sp("We will not accept any ceasefire that rewards aggression,")
        qid = f"q{r}"
        ex.quotes.append(Quote(
            id=qid, kind="direct", cue=sp("said"), content=[q1],
            speaker=Speaker(sp("Ilse Varga"), varga.id, varga.name), date="2024-03-05",
            confidence=0.9,
        ))
        ex.quotes.append(Quote(
            id=f"q{r}b", kind="indirect", cue=sp("said", block.index("local officials")),
            content=[sp("three people were killed"), sp("two were injured in the attack")],
            speaker=Speaker(sp("local officials"), officials.id, officials.name),
        ))
        ev = f"e{r}"
        ex.events += [
            Event(id=f"{ev}a", event="CONSULT", mode="phone", context=["diplomacy"],
                  actor=[norland.id], recipient=[sudria.id], date="2024-03-05",
                  date_precision="day", mentions=[m("spoke by phone")], confidence=0.9,
                  quad_class=1, score=1.0, event_text="spoke by phone"),
            Event(id=f"{ev}b", event="ASSAULT", mode="shelling", context=["military"],
                  aux=["negation"], actor=[sudria.id], recipient=[norland.id], date="2024-03-04",
                  date_precision="day",
                  location=Location("Velka", "NR", 48.1, 37.2, "city"),
                  mentions=[m("denied shelling Velka"), m("the attack")], confidence=0.7,
                  quad_class=4, size={"dead": 3, "injured": 2}, attribution=f"q{r}b"),
            Event(id=f"{ev}c", event="CONSULT", mode="visit", context=["diplomacy", "diplomacy"],
                  aux=["future"], actor=[norland.id, sudria.id], recipient=[],
                  date="2024-W11", date_precision="week",
                  location=Location("Geneva", "CH", 46.2, 6.15, "city"),
                  mentions=[m("will meet in Geneva")], confidence=0.8, quad_class=1),
        ]
        ex.contradictions.append(Contradiction(
            f"{ev}b", "actor", ["Sudria", "unknown"], [sp("Sudria denied"), sp("local officials")]
        ))
        base += len(block)
    return ex
