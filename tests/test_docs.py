"""The docs are tested: every `dateline ...` command line and every Python block in
README.md and docs/*.md is checked against the code, so the docs cannot drift from it.

Shell lines go through click itself: contexts are made resiliently (as shell completion
does: no callbacks, no required-parameter checks) and each command's own parser then
splits the arguments. The command path must exist, every option must belong to its
command, an option that takes a value must get one, and Choice/number values must convert. Values that are
placeholders (DIR, FILE, <url>, N) are accepted; paths are never checked (they need not
exist here). Python blocks must compile, and every `dateline` name they import must
exist, with calls of those names matching their signatures. Nothing is executed: no
model, network or data.

Doc conventions the parser understands: `$ ` prompts, `\\` continuations, pipes,
redirections and `#` comments; synopsis notation as in `--help` output: `[--opt X]` for
optional parts, `a|b|c` (no spaces around `|`) for alternatives, each checked; a pipe
between commands has spaces around it. A block that is deliberately not a real
invocation is opted out by `<!-- docs-test: skip -->` on the line before its fence.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import pytest

from dateline.interfaces.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC_FILES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SKIP_MARKER = "<!-- docs-test: skip -->"
SHELL_LANGS = {"", "bash", "sh", "shell", "console", "shell-session", "zsh"}
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
ENV_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Values that stand for something the reader supplies: N, DIR, DOC_ID, <url>, $DB, ...
PLACEHOLDER = re.compile(r"^(<.*>|[A-Z][A-Z0-9_]*|\$\{?\w+\}?|.*\.\.\.)$")
# Only these types are converted: files and directories named in docs need not exist.
CHECKED_TYPES = (
    click.Choice, click.types.IntParamType, click.types.FloatParamType,
    click.types.BoolParamType, click.DateTime,
)
MAX_EXPANSIONS = 64


# --- Markdown -------------------------------------------------------------------------

@dataclass(frozen=True)
class Block:
    """One fenced code block: `first` is the doc line number of its first content line."""

    path: Path
    lang: str
    first: int
    lines: tuple[str, ...]
    skipped: bool


def iter_blocks(path: Path, text: str | None = None) -> Iterator[Block]:
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening["fence"]
        previous = next((line.strip() for line in reversed(lines[:i]) if line.strip()), "")
        end = i + 1
        # A fence closes on the same character, at least as long, with nothing after it.
        while end < len(lines) and not (
            lines[end].strip().startswith(fence) and not lines[end].strip().strip(fence[0])
        ):
            end += 1
        yield Block(path, opening["info"].lower(), i + 2, tuple(lines[i + 1 : end]),
                    previous == SKIP_MARKER)
        i = end + 1


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)


# --- Shell ----------------------------------------------------------------------------

def command_lines(block: Block) -> list[tuple[int, str]]:
    """(doc line, command text) for each command in a shell block.

    Continuations are joined: a trailing `\\`, and a synopsis wrapped the way `--help`
    wraps one (an indented line starting with `[` or `-`), which is otherwise easy to
    leave unchecked.
    """
    console = block.lang in {"console", "shell-session"}
    commands: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(block.lines, start=block.first):
        line = raw.strip()
        if not pending:
            if commands and raw[:1].isspace() and line[:1] in {"[", "-"}:
                commands[-1] = (commands[-1][0], f"{commands[-1][1]} {line}")
                continue
            if line.startswith("$ "):
                line = line[2:].lstrip()
            elif console:
                continue  # console output, not a command
            start = number
        if line.endswith("\\"):
            pending.append(line[:-1])
            continue
        pending.append(line)
        commands.append((start, " ".join(pending)))
        pending = []
    if pending:
        commands.append((start, " ".join(pending)))
    return commands


def split_shell(text: str) -> list[list[tuple[str, ...]]]:
    """Simple commands of a shell line; each word is a tuple of synopsis alternatives.

    Quotes and backslashes are honoured; `#` at a word start ends the line; `|`, `||`,
    `&&`, `;`, `&` separate commands; redirections are dropped with their target;
    unquoted `[` `]` (optional parts) are dropped; an unquoted `|` inside a word
    (`jsonl|csv`) separates alternatives.
    """
    commands: list[list[tuple[str, ...]]] = [[]]
    parts: list[str] = []  # alternatives of the word being read
    word: list[str] = []
    in_word = False
    redirect = False  # the next word is a redirection target
    i, n = 0, len(text)

    def finish_word() -> None:
        nonlocal parts, word, in_word, redirect
        if in_word:
            alternatives = tuple(parts + ["".join(word)])
            if redirect:
                redirect = False
            elif alternatives != ("...",):  # a bare ellipsis: "and so on"
                commands[-1].append(alternatives)
        parts, word, in_word = [], [], False

    while i < n:
        char = text[i]
        if char == "'":
            end = text.find("'", i + 1)
            end = n if end < 0 else end
            word.append(text[i + 1 : end])
            in_word, i = True, end + 1
            continue
        if char == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\" and i + 1 < n and text[i + 1] in '"\\$`':
                    i += 1
                word.append(text[i])
                i += 1
            in_word, i = True, i + 1
            continue
        if char == "\\" and i + 1 < n:
            word.append(text[i + 1])
            in_word, i = True, i + 2
            continue
        if char.isspace():
            finish_word()
        elif char == "#" and not in_word:
            break
        elif char in "[]":
            pass  # "[--json]": the brackets go, the word stays
        elif char == "|" and in_word and i + 1 < n and not text[i + 1].isspace() \
                and text[i + 1] not in "|&;<>":
            parts.append("".join(word))
            word = []
        elif char in "|&;()":
            finish_word()
            while i + 1 < n and text[i + 1] in "|&":
                i += 1
            commands.append([])
        elif char in "<>":
            if in_word and "".join(word).isdigit() and not parts:
                parts, word, in_word = [], [], False  # the fd of "2>"
            finish_word()
            while i + 1 < n and text[i + 1] in "<>&":
                i += 1
            if i + 1 < n and text[i + 1].isdigit() and text[i] == "&":
                i += 1  # "2>&1": no target word
                while i + 1 < n and text[i + 1].isdigit():
                    i += 1
            else:
                redirect = True
        else:
            word.append(char)
            in_word = True
        i += 1
    finish_word()
    return [command for command in commands if command]


def dateline_invocations(text: str) -> list[list[tuple[str, ...]]]:
    """The argument lists (after `dateline`) of each dateline command in a shell line."""
    found = []
    for command in split_shell(text):
        while command and len(command[0]) == 1 and ENV_ASSIGNMENT.match(command[0][0]):
            command = command[1:]  # DATELINE_TOKEN=... dateline serve
        if command and command[0] == ("dateline",):
            found.append(command[1:])
    return found


def _parse_strictly(
    command: click.Command, ctx: click.Context, args: list[str]
) -> tuple[dict[str, Any], list[str]]:
    """(raw values by parameter name, leftover arguments), raising click's usage errors.

    A resilient context makes click's parser swallow unknown options and missing values,
    so the parser gets a plain context. The parser only splits tokens: no callbacks, no
    type conversion, no required-parameter checks.
    """
    strict = click.Context(command, info_name=ctx.info_name, parent=ctx.parent)
    opts, leftover, _ = command.make_parser(strict).parse_args(args=list(args))
    return opts, leftover


def _value_problems(command: click.Command, ctx: click.Context, opts: dict[str, Any]) -> list[str]:
    """Options given another option as value (a value was left out), and bad values."""
    problems = []
    option_names = {name for p in command.params for name in (*p.opts, *p.secondary_opts)}
    for param in command.get_params(ctx):
        if param.name not in opts or getattr(param, "is_flag", False) \
                or getattr(param, "count", False):
            continue
        raw = opts[param.name]
        values = raw if isinstance(raw, list | tuple) else [raw]
        for value in values:
            if not isinstance(value, str):
                continue
            label = "/".join(param.opts)
            if value in option_names or value.startswith("--"):
                problems.append(f"{label} takes a value but got the option {value!r}")
            elif isinstance(param.type, CHECKED_TYPES) and not PLACEHOLDER.match(value):
                value_type: click.ParamType = param.type
                try:
                    value_type.convert(value, param, ctx)
                except click.BadParameter as exc:
                    problems.append(f"{label} {value!r}: {exc.format_message()}")
    return problems


def check_invocation(args: list[str]) -> list[str]:
    """Problems of `dateline ARGS` against the real CLI; [] when the line is sound."""
    command: click.Command = main
    name, parent = "dateline", None
    path = name
    while True:
        # Resilient: no callbacks (--version, --help), no required or type checks here.
        ctx = command.make_context(name, list(args), parent=parent, resilient_parsing=True)
        try:
            opts, leftover = _parse_strictly(command, ctx, args)
        except click.UsageError as exc:  # unknown option, option missing its value
            return [f"{path}: {exc.format_message()}"]
        problems = [f"{path}: {p}" for p in _value_problems(command, ctx, opts)]
        if not isinstance(command, click.Group):
            if leftover and not ctx.allow_extra_args:
                problems.append(f"{path}: unexpected extra arguments {leftover}")
            return problems
        if problems:
            return problems
        rest = leftover  # a group stops parsing at its subcommand: [name, *its args]
        if not rest:
            return []  # a bare group prints its help
        sub_name, sub, args = command.resolve_command(ctx, rest)
        if sub is None:
            known = ", ".join(command.list_commands(ctx))
            return [f"{path}: no command {rest[0]!r} (there are: {known})"]
        assert sub_name is not None
        command, name, parent = sub, sub_name, ctx
        path = f"{path} {name}"


def expand(words: list[tuple[str, ...]]) -> list[list[str]]:
    """Every combination of the synopsis alternatives on a line."""
    combinations = list(itertools.islice(itertools.product(*words), MAX_EXPANSIONS + 1))
    assert len(combinations) <= MAX_EXPANSIONS, "too many alternatives on one line"
    return [list(combination) for combination in combinations]


@dataclass(frozen=True)
class DocCommand:
    path: Path
    line: int
    text: str
    skipped: bool


def doc_commands() -> list[DocCommand]:
    found = []
    for path in DOC_FILES:
        for block in iter_blocks(path):
            if block.lang not in SHELL_LANGS:
                continue
            for line, text in command_lines(block):
                if dateline_invocations(text):
                    found.append(DocCommand(path, line, text, block.skipped))
    return found


# --- Python ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PythonBlock:
    path: Path
    line: int
    source: str
    skipped: bool


def python_blocks() -> list[PythonBlock]:
    return [
        PythonBlock(block.path, block.first, "\n".join(block.lines), block.skipped)
        for path in DOC_FILES
        for block in iter_blocks(path)
        if block.lang in {"python", "py"}
    ]


def _dotted(node: ast.expr) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None for anything else (calls, subscripts...)."""
    names = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(names)]


def python_problems(source: str, filename: str, first_line: int) -> list[str]:
    """Compile the block; check its dateline imports and the calls made through them."""
    # Leading newlines make compile errors carry the doc's own line numbers.
    padded = "\n" * (first_line - 1) + source
    try:
        compile(padded, filename, "exec", dont_inherit=True)
        tree = ast.parse(padded, filename)
    except SyntaxError as exc:
        return [f"{filename}:{exc.lineno}: does not compile: {exc.msg}"]

    problems: list[str] = []
    imported: dict[str, Any] = {}  # local name -> the dateline object it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "dateline":
            try:
                module = importlib.import_module(node.module or "")
            except ImportError as exc:
                problems.append(f"{filename}:{node.lineno}: {exc}")
                continue
            for alias in node.names:
                if alias.name == "*":
                    continue
                if not hasattr(module, alias.name):
                    problems.append(
                        f"{filename}:{node.lineno}: {node.module} has no {alias.name!r}")
                else:
                    imported[alias.asname or alias.name] = getattr(module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] != "dateline":
                    continue
                try:
                    module = importlib.import_module(alias.name)
                except ImportError as exc:
                    problems.append(f"{filename}:{node.lineno}: {exc}")
                    continue
                if alias.asname:
                    imported[alias.asname] = module
                else:
                    imported.setdefault("dateline", importlib.import_module("dateline"))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        dotted = _dotted(node.func)
        if not dotted or dotted[0] not in imported:
            continue
        target = imported[dotted[0]]
        for attribute in dotted[1:]:
            if not hasattr(target, attribute):
                problems.append(
                    f"{filename}:{node.lineno}: {'.'.join(dotted)}: no attribute {attribute!r}")
                break
            target = getattr(target, attribute)
        else:
            problems.extend(_call_problem(node, target, ".".join(dotted), filename))
    return problems


def _call_problem(node: ast.Call, target: Any, name: str, filename: str) -> list[str]:
    # *args / **kwargs in the doc hide what is passed, so such calls are not judged.
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
        k.arg is None for k in node.keywords
    ):
        return []
    if not callable(target):
        return [f"{filename}:{node.lineno}: {name} is not callable"]
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return []  # builtins without a signature
    try:
        signature.bind(*node.args, **{k.arg: k.value for k in node.keywords if k.arg})
    except TypeError as exc:
        return [f"{filename}:{node.lineno}: {name}(...) does not match {signature}: {exc}"]
    return []


# --- Tests ----------------------------------------------------------------------------

COMMANDS = doc_commands()
PYTHON_BLOCKS = python_blocks()


def _param(item: DocCommand | PythonBlock, value: Any) -> Any:
    marks = [pytest.mark.skip(reason=f"opted out with {SKIP_MARKER}")] if item.skipped else []
    return pytest.param(value, id=f"{_relative(item.path)}:{item.line}", marks=marks)


@pytest.mark.parametrize("doc", [_param(c, c) for c in COMMANDS])
def test_doc_command_line_matches_the_cli(doc: DocCommand):
    problems = [
        problem
        for words in dateline_invocations(doc.text)
        for args in expand(words)
        for problem in check_invocation(args)
    ]
    assert not problems, f"{_relative(doc.path)}:{doc.line}: {doc.text}\n" + "\n".join(problems)


@pytest.mark.parametrize("block", [_param(b, b) for b in PYTHON_BLOCKS])
def test_doc_python_block_compiles_and_its_imports_exist(block: PythonBlock):
    problems = python_problems(block.source, _relative(block.path), block.line)
    assert not problems, "\n".join(problems)


def test_docs_have_commands_and_python_blocks_to_check():
    # Guards the collection itself: a broken fence parser would silently check nothing.
    assert len(COMMANDS) >= 20
    assert len(PYTHON_BLOCKS) >= 5
    assert {c.path.name for c in COMMANDS} >= {"README.md", "web.md", "scale.md"}


# The checker is checked too, so a lenient parser cannot pass every doc line vacuously.

@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["events", "--no-such-option"], "No such option"),
        (["nosuch"], "no command 'nosuch'"),
        (["actors", "remove"], "no command 'remove'"),
        (["export", "--format"], "requires an argument"),
        (["export", "--format", "xml"], "'xml' is not one of"),
        (["export", "--db", "--quiet"], "got the option '--quiet'"),
        (["serve", "--port", "http"], "'http' is not a valid integer"),
        (["stats", "extra"], "unexpected extra arguments"),
        (["--no-such-global", "stats"], "No such option"),
    ],
)
def test_check_invocation_reports_bad_lines(args: list[str], expected: str):
    problems = check_invocation(args)
    assert problems and expected in problems[0], problems


@pytest.mark.parametrize(
    "args",
    [
        ["show", "DOC_ID"],
        ["export", "--format", "FMT", "--out", "FILE"],  # placeholders stand for values
        ["serve", "--port", "N", "--db", "<url>"],
        ["--config", "my.toml", "actors", "list", "--json"],
        ["ingest", "-q", "path/to/articles/"],
        ["eval"],
    ],
)
def test_check_invocation_accepts_sound_lines(args: list[str]):
    assert check_invocation(args) == []


def test_shell_lines_are_split_like_a_shell_would():
    text = ('DB=x dateline export --format "a b" --out FILE 2>&1 > out.jsonl '
            "| head -n 3 && dateline stats  # counts")
    assert dateline_invocations(text) == [
        [("export",), ("--format",), ("a b",), ("--out",), ("FILE",)],
        [("stats",)],
    ]
    assert split_shell("dateline eval quotes [--limit N] [--split dev|test] ...") == [
        [("dateline",), ("eval",), ("quotes",), ("--limit",), ("N",), ("--split",),
         ("dev", "test")],
    ]
    assert expand([("export",), ("--format",), ("jsonl", "csv")]) == [
        ["export", "--format", "jsonl"], ["export", "--format", "csv"],
    ]


def test_blocks_continuations_prompts_and_the_opt_out_marker():
    text = "\n".join([
        "```console",
        "$ dateline ingest a.txt \\",
        "    --quiet",
        "dateline, output not a command",
        "```",
        "```",
        "dateline batch INPUT... [--engine local|dask]",
        "               [--quiet] [--json]",
        "```",
        "",
        SKIP_MARKER,
        "```bash",
        "dateline frobnicate",
        "```",
    ])
    first, synopsis, skipped = list(iter_blocks(ROOT / "x.md", text))
    assert command_lines(first) == [(2, "dateline ingest a.txt  --quiet")]
    assert command_lines(synopsis) == [
        (7, "dateline batch INPUT... [--engine local|dask] [--quiet] [--json]"),
    ]
    assert not first.skipped and skipped.skipped and skipped.first == 13


def test_python_checker_reports_missing_names_bad_calls_and_syntax():
    bad_import = "from dateline.store import open_store, no_such_thing\n"
    assert any("no_such_thing" in p for p in python_problems(bad_import, "x.md", 1))
    bad_call = "from dateline.store import open_store\nopen_store('a.db', nonsense=1)\n"
    assert any("does not match" in p for p in python_problems(bad_call, "x.md", 10))
    assert python_problems("def f(:\n", "x.md", 7)[0].startswith("x.md:7: does not compile")
    sound = "from dateline.config import Config\nconfig = Config.load()\n"
    assert python_problems(sound, "x.md", 1) == []


# --- The README's Python example runs ------------------------------------------------

@pytest.mark.model
def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    pytest.importorskip("pandas")
    blocks = [b for b in PYTHON_BLOCKS if b.path.name == "README.md" and not b.skipped]
    assert blocks, "README.md should show the Python API"
    monkeypatch.chdir(tmp_path)  # the example writes example.db where it runs
    for block in blocks:
        exec(compile(block.source, f"README.md:{block.line}", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert "ASSAULT" in out and "2022-03-07" in out  # "Monday" before 8 March 2022
    import dateline

    with dateline.open(str(tmp_path / "example.db")) as store:
        (event,) = store.events(event_type="ASSAULT")
        assert event.fatalities == 3 and event.actor_codes == ["RUS"]
