"""TimeML in (reader) and out (writer), and the TempEval-3 scorer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dateline.errors import DataUnavailableError, MalformedRecordError
from dateline.eval.timeml import parse_timeml, read_corpus
from dateline.eval.timex import score, split_of
from dateline.export import timeml as writer
from dateline.model import Document, Extraction, Span, Timex

MARKUP = """<?xml version="1.0" ?>
<TimeML>
<DOCID>OWN001</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-05-06" temporalFunction="false" functionInDocument="CREATION_TIME">May 6, 2024</TIMEX3></DCT>
<TEXT>
Rail workers <EVENT eid="e1" class="OCCURRENCE">struck</EVENT> <TIMEX3 tid="t1" type="DATE" value="2024-05-03">on Friday</TIMEX3> &amp; will strike again for <TIMEX3 tid="t2" type="DURATION" value="P2D" mod="APPROX">about two days</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_reader_strips_tags_and_keeps_offsets() -> None:
    parsed = parse_timeml(MARKUP, source="own.tml")
    text = parsed.document.text
    assert "<" not in text and "&amp;" not in text and "& will" in text
    assert parsed.dct == "2024-05-06" == parsed.document.published
    assert parsed.document.external_id == "OWN001"
    assert [(g.span.text, g.type, g.value, g.mod) for g in parsed.gold] == [
        ("on Friday", "DATE", "2024-05-03", None),
        ("about two days", "DURATION", "P2D", "APPROX"),
    ]
    for gold in parsed.gold:
        assert text[gold.span.start : gold.span.end] == gold.span.text


def test_reader_rejects_files_without_text() -> None:
    with pytest.raises(MalformedRecordError):
        parse_timeml("<TimeML><DOCID>x</DOCID></TimeML>")


def test_corpus_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(DataUnavailableError):
        read_corpus(tmp_path / "missing")


def _extraction() -> Extraction:
    text = "Talks <failed> on Friday & resume in two weeks."
    doc = Document(id="d1", text=text, published="2024-05-06", external_id="talks/1")
    friday = text.index("Friday")
    weeks = text.index("two weeks")
    return Extraction(
        document=doc,
        timexes=[
            Timex(Span.of(text, friday, friday + 6), "DATE", "2024-05-03", anchor="2024-05-06"),
            Timex(Span.of(text, weeks, weeks + 9), "DURATION", "P2W", mod="APPROX"),
            Timex(Span.of(text, friday + 2, friday + 8), "DATE", "2024-05-03"),  # overlaps: dropped
        ],
    )


def test_writer_round_trips_through_the_reader(tmp_path: Path) -> None:
    extraction = _extraction()
    assert writer.write_files([extraction], tmp_path) == 1
    path = tmp_path / "talks_1.tml"
    parsed = parse_timeml(path.read_text(encoding="utf-8"))
    assert parsed.document.text.strip() == extraction.document.text
    assert parsed.dct == "2024-05-06"
    assert [(g.span.text, g.value, g.mod) for g in parsed.gold] == [
        ("Friday", "2024-05-03", None),
        ("two weeks", "P2W", "APPROX"),
    ]
    markup = path.read_text(encoding="utf-8")
    assert 'anchorTimeID="t0"' in markup and "&lt;failed&gt;" in markup


def test_writer_streams_documents() -> None:
    stream = io.StringIO()
    assert writer.write([_extraction(), _extraction()], stream) == 2
    assert stream.getvalue().count("<TimeML") == 2


def test_writer_without_publication_date_has_no_dct() -> None:
    extraction = _extraction()
    extraction.document.published = None
    assert "<DCT>" not in writer.render(extraction)


def _t(text: str, start: int, end: int, kind: str = "DATE", value: str = "2024") -> Timex:
    return Timex(Span.of(text, start, end), kind, value)


def test_tempeval_counts() -> None:
    text = "on Friday and two weeks later in 2024"
    gold = [_t(text, 3, 9, value="2024-05-03"), _t(text, 14, 23, "DURATION", "P2W"), _t(text, 33, 37)]
    system = [_t(text, 0, 9, value="2024-05-03"), _t(text, 14, 23, "DATE", "P2W"), _t(text, 24, 29)]
    counts = score(gold, system)
    assert (counts.gold, counts.system, counts.strict, counts.relaxed) == (3, 3, 1, 2)
    assert (counts.type_ok, counts.value_ok) == (1, 2)
    metrics = counts.metrics()
    assert metrics["relaxed_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["value_f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["type_f1"] == pytest.approx(1 / 3, abs=1e-4)


def test_split_is_every_fifth_file() -> None:
    assert [split_of(i) for i in range(10)].count("test") == 2
    assert split_of(4) == split_of(9) == "test"


@pytest.mark.model
def test_eval_command_on_our_own_corpus(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from dateline.interfaces.commands.eval_timex import command

    corpus = tmp_path / "own"
    corpus.mkdir()
    for i in range(5):
        (corpus / f"doc{i}.tml").write_text(MARKUP.replace("OWN001", f"OWN{i}"), encoding="utf-8")
    result = CliRunner().invoke(command, ["--corpus", str(corpus), "--no-peer", "--json"], obj={})
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    own = report["systems"]["dateline"]["own"]
    assert set(own) == {"dev", "test", "all"}
    assert own["all"]["gold"] == 10  # 5 files, 2 expressions each
    assert own["all"]["relaxed_f1"] == 1.0
    assert own["all"]["value_f1"] == 1.0


@pytest.mark.model
def test_eval_command_takes_several_corpora_after_one_flag(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from dateline.interfaces.commands.eval_timex import command

    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.tml").write_text(MARKUP, encoding="utf-8")
    args = ["--corpus", str(tmp_path / "one"), str(tmp_path / "two"), "--no-peer", "--json", "--split", "dev"]
    result = CliRunner().invoke(command, args, obj={})
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)["systems"]["dateline"]
    assert {"one", "two", "overall"} <= set(groups)
    assert groups["overall"]["dev"]["gold"] == 4
