"""The quote lexicons (cue verbs, nouns, speaker roles, groups), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from dateline.packagedata import data_file, read_json


def load_data(name: str) -> dict[str, Any]:
    """A JSON file from ``dateline/data/quotes``."""
    data: dict[str, Any] = read_json("quotes", name)
    return data


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]
    attribution_verbs: frozenset[str]
    directive_verbs: frozenset[str]
    object_verbs: frozenset[str]
    attribution_adjectives: frozenset[str]
    raising_verbs: frozenset[str]
    learned_verbs: frozenset[str]
    attribution_nouns: frozenset[str]
    speech_nouns: frozenset[str]
    according_to: tuple[str, ...]
    media_words: frozenset[str]
    non_speaker_subjects: frozenset[str]
    demonyms: dict[str, str]
    institutions: dict[str, str]
    sector_heads: dict[str, str]
    country_names: dict[str, str]
    sector_names: dict[str, str]
    transcript_non_speakers: frozenset[str] = frozenset()
    speaker_roles: frozenset[str] = frozenset()
    signature_dashes: tuple[str, ...] = ()
    # what speaks for its author ("the statement said"): resolved to who issued it
    publication_nouns: frozenset[str] = frozenset()
    # verbs that report a publication's words only ('the statement reads')
    publication_verbs: frozenset[str] = frozenset()
    # a state's body speaking as an organisation ("Japan's Ministry of Foreign Affairs")
    body_nouns: frozenset[str] = frozenset()
    # verbs whose object predicate is what someone is called ("calls it a mistake")
    naming_verbs: frozenset[str] = frozenset()
    # how a group speaker is shown by the article's words (:mod:`.display`)
    agent_nouns: frozenset[str] = frozenset()
    body_heads: frozenset[str] = frozenset()
    name_skip_words: frozenset[str] = frozenset()
    plural_group_nouns: frozenset[str] = frozenset()
    collective_heads: frozenset[str] = frozenset()
    gathering_nouns: frozenset[str] = frozenset()
    country_nouns: frozenset[str] = frozenset()
    # unnamed people and titles speaking for a body (:mod:`.agent_bodies`, :mod:`.speakers`)
    speaking_for_nouns: frozenset[str] = frozenset()
    body_title_nouns: frozenset[str] = frozenset()
    unnamed_agent_nouns: frozenset[str] = frozenset()
    leader_nouns: frozenset[str] = frozenset()
    # "..., the agency learned from X": X speaks, the outlet reports
    learned_from_verbs: frozenset[str] = frozenset()
    # "the newspaper wrote": the latest news outlet named
    outlet_nouns: frozenset[str] = frozenset()
    # more verbs closing a dash quotation ('- A - regretted X')
    dash_cue_verbs: frozenset[str] = frozenset()

    def cue_verbs(self, mode: str) -> frozenset[str]:
        if mode == "attribution":
            return self.speech_verbs | self.attribution_verbs | self.learned_verbs
        return self.speech_verbs


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues = load_data("cues.json")
    groups = load_data("groups.json")
    # Learned from PolNeAR train (scripts/train_quote_cues.py); optional.
    learned = load_data("learned_cues.json") if data_file("quotes", "learned_cues.json").is_file() else {}
    return Lexicon(
        speech_verbs=frozenset(cues["speech_verbs"]),
        attribution_verbs=frozenset(cues["attribution_verbs"]),
        directive_verbs=frozenset(cues.get("directive_verbs", [])),
        object_verbs=frozenset(cues.get("object_verbs", [])) | frozenset(learned.get("object_verbs", [])),
        learned_verbs=frozenset(learned.get("verbs", [])),
        attribution_adjectives=frozenset(cues.get("attribution_adjectives", [])),
        raising_verbs=frozenset(cues.get("raising_verbs", [])),
        attribution_nouns=frozenset(cues.get("attribution_nouns", [])),
        speech_nouns=frozenset(cues["speech_nouns"]),
        according_to=tuple(cues["according_to"]),
        media_words=frozenset(cues["media_words"]),
        non_speaker_subjects=frozenset(cues["non_speaker_subjects"]),
        demonyms=dict(groups["demonyms"]),
        institutions=dict(groups["institutions"]),
        sector_heads=dict(groups["sector_heads"]),
        country_names=dict(groups.get("country_names", {})),
        sector_names=dict(groups.get("sector_names", {})),
        transcript_non_speakers=frozenset(cues.get("transcript_non_speakers", [])),
        speaker_roles=frozenset(cues.get("speaker_roles", [])),
        signature_dashes=tuple(cues.get("signature_dashes", [])),
        publication_nouns=frozenset(cues.get("publication_nouns", [])),
        publication_verbs=frozenset(cues.get("publication_verbs", [])),
        body_nouns=frozenset(groups.get("body_nouns", [])),
        naming_verbs=frozenset(cues.get("naming_verbs", [])),
        agent_nouns=frozenset(groups.get("agent_nouns", [])),
        body_heads=frozenset(groups.get("body_heads", [])),
        country_nouns=frozenset(groups.get("country_nouns", [])),
        name_skip_words=frozenset(groups.get("name_skip_words", [])),
        plural_group_nouns=frozenset(groups.get("plural_group_nouns", [])),
        collective_heads=frozenset(groups.get("collective_heads", [])),
        gathering_nouns=frozenset(groups.get("gathering_nouns", [])),
        speaking_for_nouns=frozenset(groups.get("speaking_for_nouns", [])),
        body_title_nouns=frozenset(groups.get("body_title_nouns", [])),
        unnamed_agent_nouns=frozenset(groups.get("unnamed_agent_nouns", [])),
        leader_nouns=frozenset(groups.get("leader_nouns", [])),
        learned_from_verbs=frozenset(cues.get("learned_from_verbs", [])),
        outlet_nouns=frozenset(cues.get("outlet_nouns", [])),
        dash_cue_verbs=frozenset(cues.get("dash_cue_verbs", [])),
    )
