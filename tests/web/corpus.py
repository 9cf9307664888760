"""A small hand-built record for the web tests: three short reports written for
these tests (not shared data), annotated by hand with every layer the UI shows."""

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

KHARKIV = (49.99, 36.23)
KYIV = (50.45, 30.52)
ODESA = (46.48, 30.73)


def _sentences(text: str) -> list[Sentence]:
    out, start = [], 0
    for i, part in enumerate(text.split(". ")):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        out.append(Sentence(i, start, min(end, len(text)), 0))
        start = end + 1
    return out


class _Doc:
    def __init__(self, doc_id: str, text: str, title: str, published: str) -> None:
        self.doc = Document(id=doc_id, text=text, title=title, published=published,
                            published_source="metadata", publisher="Test Wire",
                            sentences=_sentences(text))

    def span(self, phrase: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = self.doc.text.index(phrase, start + 1)
        return Span(start, start + len(phrase), phrase)

    def mention(self, phrase: str, nth: int = 0) -> Mention:
        s = self.span(phrase, nth)
        return self.doc.mention(s.start, s.end)


def _actor(d: _Doc, actor_id: str, name: str, code: str, kind: str, *phrases: str) -> Actor:
    return Actor(actor_id, name, code=code, kind=kind, mentions=[d.mention(p) for p in phrases])


def shelling_report() -> Extraction:
    text = (
        "Russian forces shelled Kharkiv on Tuesday, killing four civilians, the regional "
        "governor said. The governor said the strike hit a school. A later statement put the "
        "toll at six dead. Ukraine's foreign minister condemned the attack in Kyiv on Wednesday. "
        "Russia did not attack Odesa, the navy said."
    )
    d = _Doc("doc-shelling", text, "Shelling of Kharkiv kills civilians", "2023-03-08")
    rus = _actor(d, "country:RUS:MIL", "Russian forces", "RUS", "country", "Russian forces")
    ukr = _actor(d, "country:UKR", "Ukraine", "UKR", "country", "Ukraine")
    gov = _actor(d, "prov:governor", "the regional governor", "UKR", "person",
                 "the regional governor")
    quote = Quote("q1", "indirect", d.span("said", 0),
                  [d.span("Russian forces shelled Kharkiv on Tuesday, killing four civilians")],
                  Speaker(d.span("the regional governor"), "prov:governor", "the regional governor"))
    return Extraction(
        document=d.doc,
        entities=[Entity(d.span("Russian"), "NORP"), Entity(d.span("Kharkiv"), "GPE"),
                  Entity(d.span("Tuesday"), "DATE"), Entity(d.span("Kyiv"), "GPE")],
        actors=[rus, ukr, gov],
        places=[Place(d.span("Kharkiv"), "Kharkiv", "UA", *KHARKIV, "city"),
                Place(d.span("Kyiv"), "Kyiv", "UA", *KYIV, "city"),
                Place(d.span("Odesa"), "Odesa", "UA", *ODESA, "city")],
        timexes=[Timex(d.span("Tuesday"), "DATE", "2023-03-07", anchor="2023-03-08"),
                 Timex(d.span("Wednesday"), "DATE", "2023-03-08", anchor="2023-03-08")],
        quotes=[quote],
        events=[
            Event("e1", "ASSAULT", mode="aerial", context=["military"], actor=[rus.id],
                  recipient=[ukr.id], date="2023-03-07", date_precision="day",
                  location=Location("Kharkiv", "UA", *KHARKIV, "city"),
                  mentions=[d.mention("shelled"), d.mention("the strike"), d.mention("toll")],
                  attribution="q1", quad_class=4, size={"dead": 4}),
            Event("e2", "REJECT", mode="criticize", actor=[ukr.id], recipient=[rus.id],
                  date="2023-03-08", date_precision="day",
                  location=Location("Kyiv", "UA", *KYIV, "city"),
                  mentions=[d.mention("condemned")], quad_class=3),
            Event("e3", "ASSAULT", actor=["country:RUS"], recipient=[ukr.id],
                  location=Location("Odesa", "UA", *ODESA, "city"), date="2023-03-08",
                  date_precision="day", mentions=[d.mention("did not attack")],
                  aux=["negation"], quad_class=4),
        ],
        contradictions=[Contradiction("e1", "size.dead", [4, 6],
                                      [d.span("killing four civilians"), d.span("six dead")])],
        layers=["segment", "actors", "places", "quotes", "time", "events"],
        pipeline_version="0.1.0",
    )


def aid_report() -> Extraction:
    text = (
        "The United States pledged new air defence systems to Ukraine on Monday. "
        "President Zelensky thanked Washington and said the weapons would protect Kyiv. "
        "Officials will meet in Brussels next month."
    )
    d = _Doc("doc-aid", text, "US pledges air defence to Ukraine", "2023-04-03")
    usa = _actor(d, "country:USA", "United States", "USA", "country", "The United States",
                 "Washington")
    ukr = _actor(d, "country:UKR", "Ukraine", "UKR", "country", "Ukraine")
    zel = _actor(d, "person:volodymyr-zelensky", "Volodymyr Zelensky", "UKR", "person",
                 "President Zelensky")
    return Extraction(
        document=d.doc,
        entities=[Entity(d.span("The United States"), "GPE"), Entity(d.span("Ukraine"), "GPE"),
                  Entity(d.span("Zelensky"), "PERSON"), Entity(d.span("Brussels"), "GPE")],
        actors=[usa, ukr, zel],
        places=[Place(d.span("Kyiv"), "Kyiv", "UA", *KYIV, "city"),
                Place(d.span("Brussels"), "Brussels", "BE", 50.85, 4.35, "city")],
        timexes=[Timex(d.span("Monday"), "DATE", "2023-04-03"),
                 Timex(d.span("next month"), "DATE", "2023-05")],
        quotes=[Quote("q1", "indirect", d.span("said"), [d.span("the weapons would protect Kyiv")],
                      Speaker(d.span("President Zelensky"), zel.id, zel.name))],
        events=[
            Event("e1", "AID", mode="military", actor=[usa.id], recipient=[ukr.id],
                  date="2023-04-03", date_precision="day", mentions=[d.mention("pledged")],
                  quad_class=2, location=Location("Kyiv", "UA", *KYIV, "city")),
            Event("e2", "COOPERATE", actor=[zel.id], recipient=[usa.id], date="2023-04-03",
                  date_precision="day", mentions=[d.mention("thanked")], quad_class=1),
            Event("e3", "CONSULT", mode="meet", actor=["country:USA"], recipient=[ukr.id],
                  date="2023-05", date_precision="month", aux=["future"],
                  location=Location("Brussels", "BE", 50.85, 4.35, "city"),
                  mentions=[d.mention("will meet")], quad_class=1),
        ],
        layers=["segment", "actors", "places", "quotes", "time", "events"],
        pipeline_version="0.1.0",
    )


def talks_report() -> Extraction:
    text = (
        "Russian and Ukrainian negotiators met in Istanbul on Friday. "
        "\"We made progress,\" the Turkish foreign minister said after the talks."
    )
    d = _Doc("doc-talks", text, "Negotiators meet in Istanbul", "2023-01-20")
    rus = _actor(d, "country:RUS", "Russia", "RUS", "country", "Russian")
    ukr = _actor(d, "country:UKR", "Ukraine", "UKR", "country", "Ukrainian")
    tur = _actor(d, "prov:turkish-foreign-minister", "the Turkish foreign minister", "TUR",
                 "person", "the Turkish foreign minister")
    return Extraction(
        document=d.doc,
        entities=[Entity(d.span("Istanbul"), "GPE"), Entity(d.span("Friday"), "DATE")],
        actors=[rus, ukr, tur],
        places=[Place(d.span("Istanbul"), "Istanbul", "TR", 41.01, 28.98, "city")],
        timexes=[Timex(d.span("Friday"), "DATE", "2023-01-20")],
        quotes=[Quote("q1", "direct", d.span("said"), [d.span("We made progress,")],
                      Speaker(d.span("the Turkish foreign minister"), tur.id, tur.name))],
        events=[Event("e1", "CONSULT", mode="meet", actor=[rus.id], recipient=[ukr.id],
                      date="2023-01-20", date_precision="day", mentions=[d.mention("met")],
                      quad_class=1, location=Location("Istanbul", "TR", 41.01, 28.98, "city"))],
        layers=["segment", "actors", "places", "quotes", "time", "events"],
        pipeline_version="0.1.0",
    )


def corpus() -> list[Extraction]:
    return [shelling_report(), aid_report(), talks_report()]
