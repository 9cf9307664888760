"""Start-up cost of the actor knowledge base and the gazetteer (issue budget: <= 1 s, <= 300 MB).

Measures (CPU time, so that a busy machine does not inflate it), in a fresh process after spaCy is loaded: the time and resident memory
added by loading the knowledge base, the gazetteer, and building the actors and
places stages (phrase matchers included). Run: python scripts/bench_kb.py
"""

from __future__ import annotations

import json
import time

import psutil


def main() -> None:
    from dateline.backbone import load_spacy
    from dateline.config import Config

    config = Config()
    load_spacy(config.spacy_model)
    process = psutil.Process()
    rss0, t0 = process.memory_info().rss, time.process_time()
    from dateline.resolve.actors.kb import load_knowledge_base

    load_knowledge_base()
    t1 = time.process_time()
    from dateline.resolve.places.gazetteer import load_gazetteer

    load_gazetteer()
    t2 = time.process_time()
    from dateline.pipeline import get_stage

    get_stage("actors").factory(config)
    get_stage("places").factory(config)
    t3 = time.process_time()
    rss1 = process.memory_info().rss
    print(json.dumps({
        "knowledge_base_s": round(t1 - t0, 3),
        "gazetteer_s": round(t2 - t1, 3),
        "stages_s": round(t3 - t2, 3),
        "total_s": round(t3 - t0, 3),
        "rss_added_mb": round((rss1 - rss0) / 2**20, 1),
    }))


if __name__ == "__main__":
    main()
