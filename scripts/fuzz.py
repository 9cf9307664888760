"""A standing fuzz campaign: mutated news articles through extract, ingest and the web API.

Each input is a real news-ukwar article (read in place from ``../shared``; nothing is
copied) or, when that data is absent, an article assembled from this script's own
templates, put through one to three mutations: truncation (also inside a UTF-8
character), byte flips, control characters, quote and punctuation floods, giant
tokens, nested or broken markup (as an HTML page or a feed item), legacy encodings,
dates at the edges. One input in five goes through ``ingest`` into a store (and
fusion), one in five through ``POST /api/documents``; the rest through
``read_inputs`` + the pipeline. Checked for every input:

- no uncaught exception (anything but a coded error, or an HTTP 500);
- no E200 (a stage failing on the input);
- seconds per document (reported: max, p95);
- the output validates against the JSON schema, and every span lies in the text and
  quotes it exactly (``text == document.text[start:end]``).

    python scripts/fuzz.py --n 10000 --out fuzz.json          # the long campaign
    python scripts/fuzz.py --n 500 --short                    # what the test suite runs
    python scripts/fuzz.py --n 10000 --shard 0/3 --out s0.json  # one third of the inputs
    python scripts/fuzz.py --merge s0.json s1.json s2.json      # the shards as one run

Seconds per document are wall seconds (what a user waits) and CPU seconds of this
process (what the document costs, whatever else the machine runs).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "news-ukwar" / "articles-2022-2023.jsonl"
TOKEN = "fuzz-token-0123456789abcdef"
SLOW_SECONDS = 5.0  # inputs slower than this are listed (the target is 10 s per document)
EDGE_DATES = ["0001-01-01", "0001-01-02", "9999-12-31", "1850-06-15", "1899-12-31",
              "2024-02-29", "2023-02-29", "0000-00-00", "99999-01-01", "", "yesterday"]

# -- source articles ---------------------------------------------------------------------
_SUBJECTS = ["Officials in Kharkiv", "The defence ministry", "Ukraine's foreign minister",
             "A Kremlin spokesman", "Polish border guards", "The UN envoy", "Local residents"]
_VERBS = ["said on Monday that", "told reporters on Tuesday that", "announced last week that",
          "denied reports that", "warned on March 3 that", "confirmed two days ago that"]
_CLAUSES = ["troops had shelled the city overnight", "talks would resume in Geneva next week",
            "a ceasefire was agreed on Friday", "three people were killed in the attack",
            "sanctions would be extended until 2025", "the bridge was destroyed in a drone strike"]


def template_article(rng: random.Random) -> str:
    """An article of this script's own sentences (used when ../shared is absent)."""
    paragraphs = []
    for _ in range(rng.randint(2, 6)):
        sentences = []
        for _ in range(rng.randint(1, 3)):
            sentence = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_CLAUSES)}."
            if rng.random() < 0.3:
                sentence = f"\u201c{sentence[:-1]},\u201d {rng.choice(_SUBJECTS).lower()} said."
            sentences.append(sentence)
        paragraphs.append(" ".join(sentences))
    return "KYIV (Wire) - " + "\n\n".join(paragraphs)


def load_articles(short: bool) -> tuple[list[str], str]:
    """The news-ukwar texts (``short``: their first ~1,500 characters), or none."""
    if not NEWS.is_file():
        return [], "templates (../shared/data/news-ukwar is absent)"
    texts = []
    with NEWS.open(encoding="utf-8") as stream:
        for line in stream:
            text = json.loads(line).get("text") or ""
            if short:
                cut = text.find("\n", 1500)
                text = text[: cut if cut > 0 else 1500]
            if text.strip():
                texts.append(text)
    return texts, f"news-ukwar ({len(texts)} articles)"


# -- mutations: (rng, text, size) -> (bytes, file suffix) ----------------------------------
Mutation = Callable[[random.Random, bytes, int], bytes]


def _at(rng: random.Random, data: bytes) -> int:
    return rng.randint(0, len(data))


def truncate(rng: random.Random, data: bytes, size: int) -> bytes:
    return data[: rng.randint(0, len(data))]  # may cut a UTF-8 character in two


def byte_flips(rng: random.Random, data: bytes, size: int) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def control_characters(rng: random.Random, data: bytes, size: int) -> bytes:
    marks = ["\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\u200b", "\u202e", "\ufeff",
             "\u2028", "\u0085", "\r", "\t\t\t", "\ud7ff", "\U0001f4a5"]
    out = data
    for _ in range(rng.randint(1, 20)):
        at = _at(rng, out)
        out = out[:at] + rng.choice(marks).encode("utf-8") + out[at:]
    return out


def quote_flood(rng: random.Random, data: bytes, size: int) -> bytes:
    mark = rng.choice(["\u201c", "\u201d", '"', "'", "\u00ab", "\u2018", "\u201c ", "\u201e"])
    at = _at(rng, data)
    return data[:at] + (mark * rng.randint(50, size)).encode("utf-8") + data[at:]


def punctuation_flood(rng: random.Random, data: bytes, size: int) -> bytes:
    mark = rng.choice([".", "-", ",", "!?", "\u2014", "(", ")", "*", "...", ". ", "; "])
    at = _at(rng, data)
    return data[:at] + (mark * rng.randint(50, size)).encode("utf-8") + data[at:]


def giant_token(rng: random.Random, data: bytes, size: int) -> bytes:
    alphabet = rng.choice(["x", "ab", "A1/+", "Kyiv", "0123456789", "\u043a\u0438\u0457\u0432"])
    token = (alphabet * (rng.randint(200, size) // len(alphabet) + 1)).encode("utf-8")
    at = _at(rng, data)
    return data[:at] + b" " + token + b" " + data[at:]


def nested_markup(rng: random.Random, data: bytes, size: int) -> bytes:
    depth = rng.randint(1, max(2, size // 10))
    tag = rng.choice(["div", "p", "b", "script", "span", "table", "blockquote", "a href='x'"])
    text = data.decode("utf-8", "replace")
    body = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    opener = f"<{tag}>" * depth
    closer = f"</{tag.split()[0]}>" * rng.choice([0, depth])
    return f"<html><head><title>T</title></head><body>{opener}{body}{closer}</body></html>".encode()


def broken_markup(rng: random.Random, data: bytes, size: int) -> bytes:
    junk = rng.choice(["<", "<script>", "<!--", "<![CDATA[", "<a ", "</", "&#", "&amp"])
    at = _at(rng, data)
    return data[:at] + (junk * rng.randint(10, size // 2)).encode() + data[at:]


def legacy_encoding(rng: random.Random, data: bytes, size: int) -> bytes:
    codec = rng.choice(["cp1252", "latin-1", "utf-16", "cp1251", "koi8-r"])
    return data.decode("utf-8", "replace").encode(codec, "replace")


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "byte_flips": byte_flips, "control_characters": control_characters,
    "quote_flood": quote_flood, "punctuation_flood": punctuation_flood,
    "giant_token": giant_token, "nested_markup": nested_markup,
    "broken_markup": broken_markup, "legacy_encoding": legacy_encoding,
}


def as_feed(data: bytes) -> bytes:
    """The (mutated) text as one RSS item whose description is escaped HTML."""
    text = escape(data.decode("utf-8", "replace"))
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Wire"
            f"</title><item><title>Item</title><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate>"
            f"<description>{text}</description></item></channel></rss>").encode("utf-8", "replace")


@dataclass
class Case:
    number: int
    data: bytes
    suffix: str
    mutations: list[str]
    route: str  # extract | ingest | web
    published: str | None = None


def cases(n: int, seed: int, size: int, articles: list[str]) -> Iterator[Case]:
    rng = random.Random(seed)
    for number in range(n):
        text = rng.choice(articles) if articles else template_article(rng)
        data = text.encode("utf-8")
        names = rng.sample(sorted(MUTATIONS), rng.randint(1, 3))
        for name in names:
            data = MUTATIONS[name](rng, data, size)
        suffix = ".html" if "nested_markup" in names else ".txt"
        if "nested_markup" not in names and rng.random() < 0.1:
            data, suffix = as_feed(data), ".xml"
        route = ("ingest", "web", "extract", "extract", "extract")[number % 5]
        yield Case(number, data, suffix, names, route, rng.choice(EDGE_DATES))


# -- checks -------------------------------------------------------------------------------
@dataclass
class Summary:
    source: str = ""
    inputs: int = 0
    documents: int = 0
    routes: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    uncaught: list[str] = field(default_factory=list)
    e200: list[str] = field(default_factory=list)
    http_500: list[str] = field(default_factory=list)
    schema_invalid: list[str] = field(default_factory=list)
    bad_spans: list[str] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)
    slowest: tuple[float, str] = (0.0, "")
    slow: list[tuple[float, str]] = field(default_factory=list)  # inputs over SLOW_SECONDS
    wall_seconds: float = 0.0

    def report(self) -> dict[str, Any]:
        ordered, cpu = sorted(self.seconds), sorted(self.cpu_seconds)
        return {
            "source": self.source, "inputs": self.inputs, "documents": self.documents,
            "routes": dict(self.routes), "error_codes": dict(sorted(self.codes.items())),
            "uncaught_errors": len(self.uncaught), "e200": len(self.e200),
            "http_500": len(self.http_500), "schema_invalid": len(self.schema_invalid),
            "bad_spans": len(self.bad_spans),
            "max_document_seconds": round(self.slowest[0], 3), "slowest_input": self.slowest[1],
            "p95_document_seconds": _quantile(ordered, 0.95),
            "p99_document_seconds": _quantile(ordered, 0.99),
            "max_document_cpu_seconds": round(cpu[-1], 3) if cpu else 0.0,
            "p99_document_cpu_seconds": _quantile(cpu, 0.99),
            "wall_seconds": round(self.wall_seconds, 1),
            f"inputs_over_{SLOW_SECONDS:g}_s": [f"{s:.1f} s {label}" for s, label in self.slow],
            "examples": {k: v[:5] for k, v in (("uncaught", self.uncaught), ("e200", self.e200),
                                               ("http_500", self.http_500),
                                               ("schema_invalid", self.schema_invalid),
                                               ("bad_spans", self.bad_spans)) if v},
        }


def _quantile(ordered: list[float], q: float) -> float:
    return round(ordered[int(q * (len(ordered) - 1))], 3) if ordered else 0.0


def span_problems(data: dict[str, Any]) -> list[str]:
    """Spans outside the document text, or whose ``text`` is not the text they point at."""
    text = data["document"]["text"]
    problems: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            start, end = node.get("start"), node.get("end")
            if isinstance(start, int) and isinstance(end, int):
                if not 0 <= start <= end <= len(text):
                    problems.append(f"{where}: {start}-{end} outside 0-{len(text)}")
                elif isinstance(node.get("text"), str) and node["text"] != text[start:end]:
                    problems.append(f"{where}: text {node['text'][:30]!r} != {text[start:end][:30]!r}")
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(data, "")
    return problems


class Campaign:
    def __init__(self, summary: Summary, workdir: Path) -> None:
        import jsonschema

        from dateline.api import get_pipeline
        from dateline.config import Config
        from dateline.store import open_store

        self.summary, self.workdir = summary, workdir
        self.config = Config(api_token=TOKEN)
        self.pipeline = get_pipeline(self.config)
        schema = json.loads((resources.files("dateline") / "schema" / "extraction.schema.json")
                            .read_text(encoding="utf-8"))
        self.validator = jsonschema.Draft202012Validator(schema)
        self.store = open_store(str(workdir / "fuzz.db"))
        self.client: Any = None

    def web(self) -> Any:
        if self.client is None:
            from fastapi.testclient import TestClient

            from dateline.interfaces.web import create_app

            self.client = TestClient(create_app(self.config, self.store),
                                     raise_server_exceptions=False)
        return self.client

    def run(self, case: Case) -> None:
        s = self.summary
        s.inputs += 1
        s.routes[case.route] += 1
        label = (f"#{case.number} {'+'.join(case.mutations)} {case.suffix} {case.route} "
                 f"{len(case.data):,} bytes")
        if case.route == "web":
            self.web()  # the app is built once, outside any input's time
        started, cpu = time.perf_counter(), time.process_time()
        try:
            getattr(self, f"_{case.route}")(case, label)
        except Exception as exc:  # noqa: BLE001 - what the campaign is looking for
            s.uncaught.append(f"{label}: {type(exc).__name__}: {exc}"[:300])
            traceback.print_exc(file=sys.stderr)
        elapsed = time.perf_counter() - started
        s.seconds.append(elapsed)
        s.cpu_seconds.append(time.process_time() - cpu)
        if elapsed > s.slowest[0]:
            s.slowest = (elapsed, label)
        if elapsed > SLOW_SECONDS:
            s.slow.append((elapsed, label))
            print(f"slow: {elapsed:.1f} s {label}", file=sys.stderr, flush=True)

    def _path(self, case: Case) -> Path:
        path = self.workdir / f"in{case.number % 7}{case.suffix}"
        path.write_bytes(case.data)
        return path

    def _extract(self, case: Case, label: str) -> None:
        from dateline.ingest import InputFailure, read_inputs

        for item in read_inputs([str(self._path(case))], self.config):
            if isinstance(item, InputFailure):
                self.summary.codes[item.error.code] += 1
                continue
            outcome = next(self.pipeline.pipe([item]))
            self.summary.documents += 1
            if outcome.error is not None:
                self._coded(outcome.error.code, f"{label}: {outcome.error}")
                continue
            assert outcome.extraction is not None
            self._check(outcome.extraction.to_dict(include_sentences=True), label)

    def _ingest(self, case: Case, label: str) -> None:
        from dateline.api import ingest

        report = ingest([self._path(case)], self.config, self.store, force=True)
        self.summary.documents += report.stored + report.skipped
        for _, message in report.failures:
            self._coded(message[1:5] if message.startswith("[E") else "E???", f"{label}: {message}")
        for _, warning in report.warnings:
            if warning.startswith("not fused") or "still not fused" in warning:
                self._coded("E311", f"{label}: {warning}")
        problems = self.store.verify()
        if problems:
            self.summary.uncaught.append(f"{label}: store.verify(): {problems[:2]}")

    def _web(self, case: Case, label: str) -> None:
        text = case.data.decode("utf-8", "replace")
        body = {"html" if case.suffix == ".html" else "text": text, "published": case.published}
        response = self.web().post("/api/documents", json=body,
                                   headers={"Authorization": f"Bearer {TOKEN}"})
        if response.status_code >= 500:
            self.summary.http_500.append(f"{label}: {response.status_code} {response.text[:200]}")
            return
        if response.status_code == 201:
            self.summary.documents += 1
            got = self.web().get(f"/api/documents/{response.json()['id']}")
            if got.status_code != 200:
                self.summary.http_500.append(f"{label}: GET after POST {got.status_code}")
                return
            self._check(got.json(), label)
        else:
            message = response.json().get("message", "")
            self.summary.codes[message[1:5] if message.startswith("[E") else
                               f"HTTP {response.status_code}"] += 1

    def _coded(self, code: str, line: str) -> None:
        self.summary.codes[code] += 1
        if code == "E200":
            self.summary.e200.append(line[:300])

    def _check(self, data: dict[str, Any], label: str) -> None:
        errors = [e.message for e in self.validator.iter_errors(data)]
        if errors:
            self.summary.schema_invalid.append(f"{label}: {errors[0][:200]}")
        problems = span_problems(data)
        if problems:
            self.summary.bad_spans.append(f"{label}: {problems[0]}")

    def close(self) -> None:
        self.store.close()


def run_campaign(n: int, *, seed: int = 17, short: bool = False, size: int | None = None,
                 progress: bool = False, only: set[int] | None = None,
                 checkpoint: Path | None = None) -> dict[str, Any]:
    """Fuzz ``n`` inputs; the summary of what was measured (see the module doc)."""
    articles, source = load_articles(short)
    size = size or (2_000 if short else 20_000)
    summary = Summary(source=source)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dateline-fuzz-") as tmp:
        campaign = Campaign(summary, Path(tmp))
        try:
            for case in cases(n, seed, size, articles):
                if only is not None and case.number not in only:
                    continue
                campaign.run(case)
                if summary.inputs % 100:
                    continue
                summary.wall_seconds = time.perf_counter() - started
                if checkpoint is not None:
                    checkpoint.write_text(json.dumps(with_raw(summary), indent=2) + "\n")
                if progress:
                    print(f"{summary.inputs} inputs, {len(summary.uncaught)} uncaught, "
                          f"{len(summary.e200)} E200, max {summary.slowest[0]:.2f} s",
                          file=sys.stderr, flush=True)
        finally:
            campaign.close()
    summary.wall_seconds = time.perf_counter() - started
    return with_raw(summary) if checkpoint is not None else summary.report()


_LISTS = ("uncaught", "e200", "http_500", "schema_invalid", "bad_spans")


def with_raw(summary: Summary) -> dict[str, Any]:
    """The report plus what :func:`merge` needs to combine shards."""
    raw = {"seconds": summary.seconds, "cpu_seconds": summary.cpu_seconds, "slow": summary.slow,
           "codes": dict(summary.codes), "routes": dict(summary.routes),
           "documents": summary.documents, "slowest": summary.slowest,
           **{name: getattr(summary, name) for name in _LISTS}}
    return {**summary.report(), "raw": raw}


def merge(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One summary of several shards' reports (each written with ``--out``)."""
    summary = Summary(source=reports[0]["source"] if reports else "")
    for report in reports:
        raw = report["raw"]
        summary.inputs += report["inputs"]
        summary.documents += raw["documents"]
        summary.routes.update(raw["routes"])
        summary.codes.update(raw["codes"])
        summary.seconds += raw["seconds"]
        summary.cpu_seconds += raw["cpu_seconds"]
        summary.slow += [tuple(x) for x in raw["slow"]]
        summary.slowest = max(summary.slowest, tuple(raw["slowest"]))
        summary.wall_seconds = max(summary.wall_seconds, report["wall_seconds"])
        for name in _LISTS:
            getattr(summary, name).extend(raw[name])
    summary.slow.sort(reverse=True)
    return summary.report()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--short", action="store_true",
                        help="short articles and floods (what the test suite runs)")
    parser.add_argument("--size", type=int, default=None,
                        help="largest flood / token / nesting (default 20,000; 2,000 with --short)")
    parser.add_argument("--out", type=Path, default=None, help="write the summary JSON here")
    parser.add_argument("--only", type=int, nargs="*", default=None,
                        help="run only these input numbers (from a summary's labels)")
    parser.add_argument("--shard", default=None, metavar="K/N",
                        help="run only the inputs whose number is K modulo N (N processes share a run)")
    parser.add_argument("--merge", type=Path, nargs="+", default=None,
                        help="print one summary of these shard reports (nothing is run)")
    args = parser.parse_args(argv)
    if args.merge:
        report = merge([json.loads(path.read_text(encoding="utf-8")) for path in args.merge])
    else:
        only = set(args.only) if args.only is not None else None
        if args.shard:
            k, parts = (int(x) for x in args.shard.split("/"))
            only = {i for i in range(args.n) if i % parts == k and (only is None or i in only)}
        report = run_campaign(args.n, seed=args.seed, short=args.short, size=args.size,
                              progress=True, only=only, checkpoint=args.out)
    text = json.dumps({k: v for k, v in report.items() if k != "raw"}, indent=2, ensure_ascii=False)
    print(text)
    if args.out and not args.merge:
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    failed = report["uncaught_errors"] + report["e200"] + report["http_500"] + \
        report["schema_invalid"] + report["bad_spans"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
