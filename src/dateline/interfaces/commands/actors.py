"""``dateline actors list|show|add|eval``: the actor knowledge base from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from dateline.errors import DatelineError


def _kb(ctx: click.Context) -> Any:
    return _load(_config_files(ctx))


def _entry_json(entry: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "name": entry.name,
        "kind": entry.kind,
        "code": entry.code,
        "sector": entry.sector,
        "wikidata": entry.wikidata,
        "aliases": entry.aliases,
        "source": entry.source,
    }
    if entry.offices:
        data["offices"] = [
            {"office": o.office, "of": o.of, "start": o.start, "end": o.end, "head": o.head}
            for o in entry.offices
        ]
    if entry.kind == "country":
        data.update(iso2=entry.iso2, demonyms=entry.demonyms, seats=entry.seats)
    return data


@click.group(name="actors")
def command() -> None:
    """The actor knowledge base: list, show and add entries."""


LIST_COLUMNS = ("id", "name", "kind", "code", "sector", "wikidata", "from", "documents", "mentions")
SOURCES = ("all", "kb", "store")


@command.command(name="list")
@click.option("--kind", type=click.Choice(["person", "organization", "media", "group", "country"]))
@click.option("--code", default=None, help="Only actors of this country/organisation code (e.g. RUS).")
@click.option("--at", "when", default=None, help="Only people holding an office on this date (ISO).")
@click.option("--search", default=None, help="Substring of a name or alias (case-insensitive).")
@click.option("--from", "source", type=click.Choice(SOURCES), default="all", show_default=True,
              help="kb: the knowledge base; store: actors of the stored documents (with "
                   "document-local ones); all: both, with how often each is stored.")
@click.option("--db", default=None, help="Store path or URL (default: $DATELINE_DB or ./dateline.db, if it exists).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Same as --format jsonl.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=None, help="At most this many rows.")
@click.option("--offset", type=click.IntRange(0), default=0)
@click.pass_context
def list_actors(
    ctx: click.Context, kind: str | None, code: str | None, when: str | None,
    search: str | None, source: str, db: str | None, fmt: str, as_json: bool,
    limit: int | None, offset: int,
) -> None:
    """List actors: the knowledge base's and those of the stored documents."""
    from dateline.interfaces.output import render

    rows: list[dict[str, Any]] = []
    if source in ("kb", "all"):
        kb = _kb(ctx)
        needle = (search or "").casefold()
        for entry in sorted(kb.entries.values(), key=lambda e: e.id):
            if kind and entry.kind != kind:
                continue
            if code and entry.code != code.upper():
                continue
            if when and not entry.offices_at(when):
                continue
            if needle and not any(needle in n.casefold() for n in entry.names):
                continue
            row = {**_entry_json(entry), "from": "kb", "documents": None, "mentions": None}
            if when:
                row["offices_at"] = [f"{o.office}({o.of})" for o in entry.offices_at(when)]
            rows.append(row)
    if source in ("store", "all") and not (when and source == "all"):
        stored = _stored_actors(ctx, db, required=source == "store" or db is not None,
                                search=search, code=code, kind=kind)
        listed = {row["id"]: row for row in rows}
        for actor in stored:
            if actor["id"] in listed:
                listed[actor["id"]].update(documents=actor["documents"], mentions=actor["mentions"])
            else:  # document-local actors, sector variants: only the store knows them
                rows.append({**actor, "from": "store"})
    rows = rows[offset:]
    if limit is not None:
        rows = rows[:limit]
    render(rows, LIST_COLUMNS, "jsonl" if as_json else fmt, sys.stdout)


def _stored_actors(ctx: click.Context, db: str | None, *, required: bool, search: str | None,
                   code: str | None, kind: str | None) -> list[dict[str, Any]]:
    """Actors of the stored documents, most mentioned first ([] when there is no store)."""
    from dateline.store import open_store, sqlite_path
    from dateline.store.base import MAX_LIMIT

    config = ctx.obj["config"].with_overrides(db=db)
    path = sqlite_path(config.db)
    if path is not None and path != ":memory:" and not Path(path).exists():
        if required:
            click.echo(f"error: no store at {config.db}", err=True)
            sys.exit(1)
        return []  # no store yet: the knowledge base alone
    try:
        with open_store(config.db, read_only=True) as store:
            out: list[dict[str, Any]] = []
            while True:
                page = store.actors(name=search, code=code, kind=kind, limit=MAX_LIMIT, offset=len(out))
                out += page
                if len(page) < MAX_LIMIT:
                    return out
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)


@command.command(name="show")
@click.argument("actor")
@click.pass_context
def show_actor(ctx: click.Context, actor: str) -> None:
    """Show one actor by id (person:donald-trump, country:RUS:MIL) or by name/alias."""
    from dateline.resolve.actors.kb import fold

    kb = _kb(ctx)
    entries = [kb.get(actor)] if kb.get(actor) is not None else kb.by_alias.get(fold(actor), [])
    if not entries:
        click.echo(f"error: no actor {actor!r} (try `dateline actors list --search`)", err=True)
        sys.exit(1)
    for entry in entries:
        click.echo(json.dumps(_entry_json(entry), ensure_ascii=False, indent=2))


@command.command(name="add")
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="User knowledge-base file (default: the first of knowledge_base_files).")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["person", "organization", "media", "group"]),
              default="person", show_default=True)
@click.option("--id", "actor_id", default=None, help="Default: person:<slug of name> / org:<slug>.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--code", default=None, help="Country (ISO alpha-3) or organisation code.")
@click.option("--sector", default=None, help="PLOVER sector: GOV, MIL, REB, OPP, JRN, ...")
@click.option("--wikidata", default=None, help="Wikidata id (Q...), only when you are sure.")
@click.option("--office", "offices", multiple=True,
              help="OFFICE@OF@START[@END], e.g. foreign_minister@UKR@2024-09-05 (repeatable).")
@click.option("--override", is_flag=True, help="Replace a built-in entry with the same id.")
@click.pass_context
def add_actor(
    ctx: click.Context, path: Path | None, name: str, kind: str, actor_id: str | None,
    aliases: tuple[str, ...], code: str | None, sector: str | None, wikidata: str | None,
    offices: tuple[str, ...], override: bool,
) -> None:
    """Validate a new entry and append it to a user knowledge-base file."""
    from dateline.resolve.actors.kb import parse_entry, slugify

    config = (ctx.obj or {}).get("config")
    if path is None:
        files = tuple(config.knowledge_base_files) if config is not None else ()
        if not files:
            click.echo("error: pass --file or set knowledge_base_files in the configuration", err=True)
            sys.exit(2)
        path = Path(files[0])
    prefix = {"person": "person", "media": "media"}.get(kind, "org")
    data: dict[str, Any] = {
        "id": actor_id or f"{prefix}:{slugify(name)}",
        "name": name,
        "kind": kind,
        "aliases": list(aliases),
        "code": code.upper() if code else None,
        "sector": sector.upper() if sector else None,
        "wikidata": wikidata,
    }
    if offices:
        data["offices"] = []
        for raw in offices:
            parts = raw.split("@")
            if len(parts) not in (3, 4):
                click.echo(f"error: --office {raw!r}: expected OFFICE@OF@START[@END]", err=True)
                sys.exit(2)
            data["offices"].append(
                {"office": parts[0], "of": parts[1], "start": parts[2] or None,
                 "end": parts[3] if len(parts) == 4 and parts[3] else None}
            )
    if override:
        data["override"] = True
    try:
        parse_entry(data, "new entry", 1)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    line = json.dumps(data, ensure_ascii=False)
    candidate = existing + ("" if not existing or existing.endswith("\n") else "\n") + line + "\n"
    # validate the whole knowledge base with the entry added before writing anything
    probe = path.with_name(path.name + ".check")
    probe.write_text(candidate, encoding="utf-8")
    try:
        files = _config_files(ctx)
        files = tuple(str(probe) if f == str(path) else f for f in files)
        if str(probe) not in files:
            files += (str(probe),)
        _load(files, rename=(str(probe), str(path)))
    finally:
        probe.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(candidate, encoding="utf-8")
    click.echo(f"added {data['id']} to {path}")


def _config_files(ctx: click.Context) -> tuple[str, ...]:
    config = (ctx.obj or {}).get("config")
    return tuple(config.knowledge_base_files) if config is not None else ()


def _load(files: tuple[str, ...], rename: tuple[str, str] | None = None) -> Any:
    from dateline.resolve.actors.kb import load_knowledge_base

    try:
        return load_knowledge_base(files)
    except DatelineError as exc:
        message = str(exc)
        if rename is not None:  # report the user's file, not the scratch copy
            message = message.replace(rename[0], rename[1])
        click.echo(f"error: {message}", err=True)
        sys.exit(1)


@command.command(name="eval")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path),
              default=Path("../shared"), show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N articles (CI uses 60).")
@click.option("--sample", type=int, default=0, help="Print N random links (fixed seed) to check by hand.")
@click.pass_context
def eval_linking(ctx: click.Context, shared: Path, limit: int | None, sample: int) -> None:
    """Linking coverage on news-ukwar (share of PERSON/ORG/GPE mentions linked)."""
    from dateline.eval.linking import evaluate_linking

    config = (ctx.obj or {}).get("config")
    try:
        report = evaluate_linking(shared, config, limit=limit, sample=sample)
    except DatelineError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    links = report.pop("sample", [])
    click.echo(json.dumps(report, indent=2))
    for number, link in enumerate(links, 1):
        click.echo(f"{number:>3} {link['mention']!r} -> {link['actor']}  | {link['context']}")
