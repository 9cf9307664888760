"""A person's gender as the text shows it: honorifics, bound pronouns, given names.

Given names come from ``data/actors/given_names.tsv`` (built from Faker's
first-name lists by ``scripts/build_given_names.py``; ``u`` marks names given
to both); the curated lists of ``data/quotes/coref.json`` win over it (they
hold the transliterated names of the news we read, "Volodymyr", "Kaja").
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from dateline.packagedata import read_json, read_text
from dateline.resolve.actors.kb import fold, translit_key

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from dateline.model import Actor

HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f"}
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
# each personal pronoun's gender ("m" / "f")
PRONOUN_GENDER = {**dict.fromkeys(_MALE, "m"), **dict.fromkeys(_FEMALE, "f")}


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Folded given name -> ``m``, ``f`` or ``u`` (either)."""
    names: dict[str, str] = {}
    for line in read_text("actors", "given_names.tsv").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        name, gender = line.split("\t", 1)
        names[name] = gender.strip()
    curated = read_json("quotes", "coref.json")
    for gender, key in (("m", "male_names"), ("f", "female_names")):
        for name in curated[key]:
            names[name] = gender
    return names


@lru_cache(maxsize=1)
def _curated_translit() -> dict[str, str]:
    """The curated names (the news' own: "Volodymyr", "Oleksiy") under
    ``translit_key``, so that their Polish spellings ("Wołodymyr", "Ołeksij",
    "Dmitrij", "Siergiej") are given names too. Only the curated ones: the
    keys of the whole list would meet English words ("Wall" as "Val")."""
    curated = read_json("quotes", "coref.json")
    return {
        translit_key(name): gender
        for gender, key in (("m", "male_names"), ("f", "female_names"))
        for name in curated[key]
    }


def given_gender(word: str) -> str | None:
    """``m``, ``f`` or ``u`` for a given name (folded or a transliteration of a
    curated one), None for a word that is no known given name."""
    # "ł" has no decomposition, so fold keeps it; the list holds "pawel", "michal"
    folded = fold(word).replace("\u0142", "l")
    found = given_names().get(folded)
    if found is None and folded.isalpha():
        found = _curated_translit().get(translit_key(folded))
    return found


def name_gender(name: str) -> str | None:
    """``m`` / ``f`` from the first given name of a full name; None when unknown,
    used for both, or the name is a single word (a surname)."""
    words = [w.strip(".,") for w in fold(name).split()]
    words = [w for w in words if w]
    titles = _title_words()
    while len(words) > 2 and words[0] in titles:
        words = words[1:]  # "General Anna X", "Major Dean Y": the given name follows the title
    if len(words) < 2 or words[0] in _body_words():
        return None
    gender = given_gender(words[0])
    return gender if gender in ("m", "f") else None


@lru_cache(maxsize=1)
def _question_verbs() -> frozenset[str]:
    return frozenset(read_json("quotes", "coref.json").get("question_verbs", []))


def answers(token: Token, question_verbs: frozenset[str]) -> bool:
    """The person asked: the object of a question verb ("X asked Y about ...")."""
    return token.dep_ == "dobj" and token.head.lemma_.lower() in question_verbs


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Titles and ranks that open names ("General Anna X"; "Dean Y" keeps its given name)."""
    data = read_json("quotes", "coref.json")
    return frozenset(data.get("person_nouns", [])) | frozenset(data.get("title_nouns", [])) | _body_words()


@lru_cache(maxsize=1)
def _body_words() -> frozenset[str]:
    """Bodies that open organisations' names, never given names ("Council", "Forum")."""
    data = read_json("quotes", "coref.json")
    return frozenset(data.get("organization_nouns", [])) | frozenset(data.get("unit_nouns", []))


def honorific_gender(actor: Actor, doc: Doc, token_at: dict[int, Token]) -> str | None:
    """'Mr. Fry', 'Ms. Lindqvist': inside the mention or right before it."""
    for mention in actor.mentions:
        words = fold(mention.text).split()[:1]
        token = token_at.get(mention.start)
        if token is not None and token.i > 0:
            words.append(fold(doc[token.i - 1].text))
        for word in words:
            if word in HONORIFICS:
                return HONORIFICS[word]
    return None


def bound_pronouns(actors: list[Actor], doc: Doc, owner_at: dict[int, Actor], quoted: bytearray) -> None:
    """Gender from the pronouns a sentence binds to its only named person
    ('Lonechild was elected to her position', 'Singh has said he plans') and
    from the subject pronoun opening the next sentence, given to the person
    who is the subject ('Spokesperson Lu Kang gave no details about Kim's
    schedule. But he said ...'). A guess from the given-name list gives way
    only to pronouns that all agree."""
    if not actors:
        return
    wanted = {id(a) for a in actors}
    votes: dict[int, Counter[str]] = {}
    sents = list(doc.sents)
    for k, sent in enumerate(sents):
        people: list[tuple[Token, Actor]] = []
        for token in sent:
            owner = owner_at.get(token.idx)
            person = owner is not None and (owner.kind == "person" or id(owner) in wanted)
            if owner is not None and person and (not people or people[-1][1] is not owner):
                people.append((token, owner))
        if not people:
            continue
        actor: Actor | None
        if len({id(a) for _, a in people}) == 1:
            first, actor = people[0]
            if id(actor) in wanted:
                for token in sent:
                    if token.i <= first.i or quoted[token.idx]:
                        continue
                    if _opens_words(token):
                        break  # "X replied: - He stays with us": someone's words from here on
                    lower = token.lower_
                    against = actor.gender == "f" and lower in _MALE or actor.gender == "m" and lower in _FEMALE
                    if against and lower not in ("he", "she"):
                        continue  # "X, who guards his privacy": a possessive may be anyone's; not against "Alina"
                    if lower in _MALE or lower in _FEMALE:
                        votes.setdefault(id(actor), Counter())["m" if lower in _MALE else "f"] += 1
        else:
            actor = _subject_person(sent, owner_at)
        if actor is None or id(actor) not in wanted:
            continue
        # "X posted ... . He emphasized ...": the next sentence opens on the pronoun
        following = sents[k + 1] if k + 1 < len(sents) else None
        opener = _opening_subject(following) if following is not None else None
        # (not when this sentence ends opening someone's words: "X replied: - ... He stays")
        words_open = any(_opens_words(t) for t in sent if t.i > people[0][0].i)
        # (nor when someone was asked: "X asked Y about ... . He said" is Y's answer)
        asked = any(answers(t, _question_verbs()) for t in sent)
        if opener is not None and not quoted[opener.idx] and opener.lower_ in ("he", "she") and not words_open and not asked:
            votes.setdefault(id(actor), Counter())["m" if opener.lower_ == "he" else "f"] += 1
    for actor in actors:
        count = votes.get(id(actor))
        if not count:
            continue
        (top, n), *rest = count.most_common()
        # unknown: a clear majority; a guess from the list: only pronouns that all agree
        if not rest or (actor.gender is None and n >= 2 * rest[0][1]):
            actor.gender = top


_DASHES = frozenset({"-", "\u2013", "\u2014"})


def _opens_words(token: Token) -> bool:
    """A colon or a spaced dash: what follows is someone's words ("X replied: - ...")."""
    return token.text == ":" or (token.text in _DASHES and bool(token.whitespace_))


def _subject_person(sent: Span, owner_at: dict[int, Actor]) -> Actor | None:
    """The person named as the subject of the sentence's main verb."""
    for child in sent.root.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            owner = owner_at.get(child.idx)
            return owner if owner is not None and owner.kind == "person" else None
    return None


def _opening_subject(sent: Span) -> Token | None:
    """The subject of the main verb when only a conjunction or an adverb comes
    before it ('He said', 'But he said', 'Later, she added')."""
    for token in sent:
        if token.is_punct or token.is_space or token.dep_ in ("cc", "advmod", "prep", "pobj", "det"):
            continue
        return token if token.dep_ in ("nsubj", "nsubjpass") and token.head.i == sent.root.i else None
    return None
