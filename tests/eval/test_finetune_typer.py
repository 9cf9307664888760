"""The fine-tuned typer's input (scripts/finetune_event_typer.py): the candidate's
lexicon type and resolution as the first segment, its sentence with the trigger
marked as the second (hand-made sentences, a blank spaCy pipeline; no torch)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import spacy

from dateline.nlp.events.learned import CandidateSample

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "finetune_event_typer.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("finetune_event_typer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_trigger_is_marked_and_the_rules_reading_leads() -> None:
    script = _script()
    doc = spacy.blank("en")("Yesterday the army shelled a village near the river.")
    sent = doc[:]
    sample = CandidateSample([], ["CT=ASSAULT", "CB=a-", "CQ=quoted"], sent, 3, event="ASSAULT")
    first, second = script.encoder_input(sample)
    assert first == "assault actor no recipient quoted"
    assert second == "Yesterday the army [unused0] shelled [unused1] a village near the river."


def test_an_open_candidate_reads_as_root_and_a_long_sentence_is_cut_around_its_trigger() -> None:
    script = _script()
    filler = " ".join(["word"] * 120)
    doc = spacy.blank("en")(f"{filler} they met_on_friday {filler}")
    trigger = 121  # "met_on_friday"
    sample = CandidateSample([], ["CT=ROOT", "CB=ar"], doc[:], trigger, event="ROOT")
    first, second = script.encoder_input(sample)
    assert first == "root actor recipient"
    assert "[unused0] met_on_friday [unused1]" in second
    assert len(second) <= 2 * script.WINDOW_CHARS + len(" [unused0] met_on_friday [unused1]")
    assert len(second) < len(doc.text)
