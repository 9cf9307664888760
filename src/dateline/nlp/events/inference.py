"""The parties a clause does not name (:class:`InferringResolver`): the actor
model's likeliest doer, the speaker of a quoted verbal act, and the target the
article's other mentions imply."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from dateline.nlp.events.actor_model import (
    ActorModel,
    DocumentActors,
    Option,
    actor_options,
    load_actor_model,
    party_code,
)
from dateline.nlp.events.arguments import FIRST_PERSON, argument_table, argument_words, requester
from dateline.nlp.events.parties import PartyResolver, _iso2_to_code, _unique
from dateline.nlp.events.resources import Resources
from dateline.nlp.events.syntax import Candidate

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from dateline.model import Actor
    from dateline.pipeline import Analysis

# PLOVER's quad class of verbal conflict (REQUEST, ACCUSE, REJECT, THREATEN)
VERBAL_CONFLICT = 3

# a mention's candidate with the actor and recipient ids it resolved to
Party = tuple[Candidate, list[str], list[str]]


class InferringResolver(PartyResolver):
    """A :class:`PartyResolver` that also reads who acts where the clause names
    nobody, from the whole document's mentions."""

    def __init__(self, analysis: Analysis, res: Resources) -> None:
        super().__init__(analysis, res)
        self.actor_model: ActorModel | None = load_actor_model()
        self._facts: DocumentActors | None = None
        self._speaker_spans: list[tuple[int, int]] | None = None
        self._reporter_codes: set[str] | None = None
        self._place_counts: Counter[str] | None = None  # places named per country code

    def _sentence_mentions(self, sent: SpacySpan, where: str) -> list[tuple[int, int, Actor, str]]:
        """Actor mentions of a sentence, coreferent pronouns included, in text order."""
        found = [(m.start, m.end, a, where) for m, a in self.index.mentions_in(int(sent.start_char), int(sent.end_char))]
        known = {(s, e) for s, e, _a, _w in found}
        for token in sent:
            key = (int(token.idx), int(token.idx + len(token.text)))
            actor_id = self.coref.get(key) if key not in known else None
            actor = self.by_id.get(actor_id) if actor_id else None
            if actor is not None:
                found.append((key[0], key[1], actor, where))
        return sorted(found, key=lambda f: f[0])

    def options(self, parties: list[Party], n: int) -> list[Option]:
        """The actors the ``n``-th of a document's mentions could have (see
        :mod:`dateline.nlp.events.actor_model`); the others' parties tell which
        side does what in this article."""
        if self._facts is None:
            self._facts = DocumentActors(self.analysis.extraction.actors, self.analysis.doc)
        cand, _actors, recipients = parties[n]
        sent = cand.trigger.sent
        mentions = self._sentence_mentions(sent, "sent")
        if sent.start > 0:
            mentions = self._sentence_mentions(self.analysis.doc[sent.start - 1].sent, "prev") + mentions
        roles: set[tuple[str, str, str]] = set()
        for k, (other, other_actors, others_recipients) in enumerate(parties):
            if k == n:
                continue
            for actor_id in other_actors:
                roles |= {(other.event, "actor", self.code(actor_id)), ("*", "actor", self.code(actor_id))}
            roles |= {(other.event, "recipient", self.code(r)) for r in others_recipients}
        recipient_codes = {self.code(r) for r in recipients}
        quote = self.quote_at(cand.start, cand.end)
        speaker = self.by_id.get(quote.speaker.actor_id or "") if quote is not None else None
        if cand.event in argument_words()["reporter_not_doer_types"]:
            # "A drone attack killed eight, Ukraine's air force said": who
            # reports a physical happening is no evidence of who did it; nor
            # are the reporter's "I"/"we" in the quote
            spans = self._reporter_spans()
            mentions = [
                m
                for m in mentions
                if not any(s <= m[0] and m[1] <= e for s, e in spans)
                and self.analysis.document.text[m[0] : m[1]].lower() not in FIRST_PERSON
            ]
            reporters = self._reporters_only()
            return [o for o in actor_options(cand, mentions, self._facts, recipient_codes, None, roles) if o.code not in reporters]
        return actor_options(cand, mentions, self._facts, recipient_codes, speaker, roles)

    def _reporter_spans(self) -> list[tuple[int, int]]:
        """Character spans of the document's quote speakers."""
        if self._speaker_spans is None:
            self._speaker_spans = [(q.speaker.span.start, q.speaker.span.end) for q in self.quotes if q.speaker.span is not None]
        return self._speaker_spans

    def _reporters_only(self) -> set[str]:
        """Codes of actors the article names only as the speakers of quotes
        (every mention inside a speaker span): sources, not parties."""
        if self._reporter_codes is None:
            spans = self._reporter_spans()
            named: set[str] = set()
            speaking: set[str] = set()
            for actor in self.analysis.extraction.actors:
                code = party_code(actor)
                for m in actor.mentions:
                    inside = any(s <= m.start and m.end <= e for s, e in spans)
                    (speaking if inside else named).add(code)
            self._reporter_codes = speaking - named
        return self._reporter_codes

    def speech_act_parties(
        self, cand: Candidate, event: str, actors: list[str], recipients: list[str]
    ) -> tuple[list[str], list[str]] | None:
        """A quoted happening that the event typer reads as the speaker's verbal
        act ("'The United States is pushing Europe into war,' Lukashenko said":
        an ACCUSE): the speaker acts, the happening's parties receive. Only
        where the word itself is no verbal act the lexicon knows (then its own
        subject acts: "we demand"), and only for verbal conflict (accusing,
        demanding, rejecting, threatening). An asked-for act read as a REQUEST
        ("the Kremlin wants Ukraine to recognise ...") is the asker's, aimed at
        the act's doer. None when this does not apply."""
        if event == cand.event or self.res.types[event].quad_class != VERBAL_CONFLICT:
            return None
        spec = self.res.types.get(cand.event)
        if spec is not None and spec.quad_class == VERBAL_CONFLICT:
            return None
        if event == "REQUEST":
            # "the Kremlin wants Ukraine to recognise ...": the asker asks the doer
            askers = [a for a in self._resolve_all(requester(cand.trigger, self.res)) if a not in actors]
            if askers:
                codes = {self.code(a) for a in askers}
                return askers, [a for a in _unique([*actors, *recipients]) if self.code(a) not in codes]
        quote = self.quote_at(cand.start, cand.end)
        speaker = quote.speaker.actor_id if quote is not None else None
        if not speaker or speaker in actors:
            return None
        speaker_code = self.code(speaker)
        others = [a for a in _unique([*actors, *recipients]) if self.code(a) != speaker_code]
        return [speaker], others

    def infer_actors(self, parties: list[Party]) -> list[list[str]]:
        """For each (candidate, actor ids, recipient ids) of a document: the
        likeliest actor when the clause names none (else [])."""
        found: list[list[str]] = []
        for n, (_cand, actors, _recipients) in enumerate(parties):
            chosen = None
            if not actors and self.actor_model is not None:
                chosen = self.actor_model.choose(self.doer_options(parties, n))
            found.append([] if chosen is None else [self._option_id(chosen[0])])
        self._implied_recipients(parties, found)
        return found

    def doer_options(self, parties: list[Party], n: int) -> list[Option]:
        """The options the actor model chooses among (:meth:`options`): the
        clause's own recipient never acts on itself, the next likeliest does;
        nor does its country ("sanctions on Russia": not Putin), but for a
        state acting on its own people (``same_side_types``: "a journalist was
        detained")."""
        cand, _actors, recipients = parties[n]
        options = [o for o in self.options(parties, n) if self._option_id(o) not in recipients]
        if cand.event in argument_words()["same_side_types"]:
            return options
        codes = {self.code(r) for r in recipients}
        return [o for o in options if o.code not in codes]

    def _coded(self, actor_id: str) -> bool:
        actor = self.by_id.get(actor_id)
        return actor is not None and bool(actor.code)

    def _option_id(self, option: Option) -> str:
        """The document's actor id for an actor model option."""
        actor_id = self.country_actor.get(option.code, option.actor_id) if option.actor_id.startswith("country:") else option.actor_id
        return self._place_party(actor_id)

    def _implied_recipients(self, parties: list[Party], inferred: list[list[str]]) -> None:
        """"Russia's invasion", "Russian forces shelled overnight", "Russia massed
        troops": violence (or a build-up) whose clause names no target is aimed
        at the side the same actor fights in the article's other mentions of
        that kind (its one most frequent counterpart, both directions). Fills the recipient lists of ``parties``
        in place (the mentions own them), only where one side clearly leads."""
        # violence and build-ups read together, aid apart (whom X fights is not whom X arms)
        groups = argument_table("implied_recipient_groups")
        sides: list[tuple[str, set[str], set[str]]] = []
        for (cand, actors, recipients), extra in zip(parties, inferred, strict=True):
            if cand.event in groups:
                sides.append((groups[cand.event], {self.code(a) for a in actors or extra}, {self.code(r) for r in recipients}))
        for cand, actors, recipients in parties:
            # a place the document codes no country for ("struck *Bakhmut*") is
            # no target the reader can count: the implied side is added
            group = groups.get(cand.event)
            if group is None or any(self._coded(r) for r in recipients) or cand.reciprocal:
                continue
            # only a doer the clause names: a bare noun with an inferred doer and
            # a made-up target would pass for a coded event ("war talk")
            mine = {self.code(a) for a in actors}
            if not mine:
                continue
            counts: Counter[str] = Counter()
            for kind, doers, targets in sides:
                if kind != group:
                    continue
                if doers & mine:
                    counts.update(targets - mine)
                elif targets & mine:
                    counts.update(doers - mine)
            ranked = [(code, n) for code, n in counts.most_common(2) if code.isupper() and len(code) == 3]
            if not ranked and cand.event in argument_words()["article_target_types"]:
                ranked = self._article_countries(mine)
            if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
                target = self.country_actor.get(ranked[0][0])
                if target is not None:
                    recipients.append(target)

    def _article_countries(self, mine: set[str]) -> list[tuple[str, int]]:
        """The two countries whose places the article names most (the places
        stage's mentions), the doer's own left out: "Russia's invasion" in a
        story where no mention names whom Russia fights is aimed at the country
        where the story happens, when one clearly leads (not the country of the
        leader the story follows: "Kishida visited Kyiv and Bucha")."""
        if self._place_counts is None:
            iso = _iso2_to_code()
            self._place_counts = Counter(
                code for place in self.places if (code := iso.get((place.country or "").upper()))
            )
        return [(code, n) for code, n in self._place_counts.most_common() if code not in mine][:2]
