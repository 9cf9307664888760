"""Test-only stages, imported on every batch worker through ``plugins=``.

- ``test_poison`` raises on documents containing ``POISON_MARKER`` (the pipeline
  records the error);
- ``test_crash`` kills its worker process on ``CRASH_MARKER`` (a document that
  takes its worker down every time);
- ``test_slow`` sleeps a little per document, so a test can kill a worker mid-run;
- ``test_hang`` spins forever on ``HANG_MARKER`` (a runaway parse: only a kill stops it).
"""

from __future__ import annotations

import os
import time

from dateline.config import Config
from dateline.pipeline import Analysis, StageFn, register_stage

POISON_MARKER = "zzpoisonzz"
CRASH_MARKER = "zzcrashzz"
SLOW_SECONDS = 0.05


@register_stage("test_poison", requires=("sentences",))
def make_poison(config: Config) -> StageFn:
    def stage(analysis: Analysis) -> None:
        if POISON_MARKER in analysis.document.text:
            raise RuntimeError("poisoned document")

    return stage


@register_stage("test_crash", requires=("sentences",))
def make_crash(config: Config) -> StageFn:
    def stage(analysis: Analysis) -> None:
        if CRASH_MARKER in analysis.document.text:
            os._exit(13)  # like a segfault or the OOM killer: no exception, no cleanup

    return stage


@register_stage("test_slow", requires=("sentences",))
def make_slow(config: Config) -> StageFn:
    delay = SLOW_SECONDS

    def stage(analysis: Analysis) -> None:
        time.sleep(delay)

    return stage


FACTORY_LOG = "DATELINE_TEST_FACTORY_LOG"


@register_stage("test_count", requires=("sentences",))
def make_count(config: Config) -> StageFn:
    # One line per pipeline built, with the building process's id.
    log = os.environ.get(FACTORY_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"{os.getpid()}\n")

    def stage(analysis: Analysis) -> None:
        return None

    return stage


BAD_OUTPUT_MARKER = "zzbadoutputzz"


@register_stage("test_bad_output", requires=("sentences",))
def make_bad_output(config: Config) -> StageFn:
    from dateline.model import Quote, Speaker

    def stage(analysis: Analysis) -> None:
        # Two quotes with one id: an extraction the store refuses (a stage bug).
        if BAD_OUTPUT_MARKER in analysis.document.text:
            for _ in range(2):
                analysis.extraction.quotes.append(
                    Quote(id="qdup", kind="direct", cue=None, content=[], speaker=Speaker(None))
                )

    return stage


HANG_MARKER = "zzhangzz"


@register_stage("test_hang", requires=("sentences",))
def make_hang(config: Config) -> StageFn:
    # Spins like a runaway parse: no sleep, no exception (only a kill stops it).
    def stage(analysis: Analysis) -> None:
        if HANG_MARKER in analysis.document.text:
            while True:
                pass

    return stage
