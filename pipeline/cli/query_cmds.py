"""Query, export and serve commands: ``tripreport query agencies|people|trips|cooccur``,
``tripreport export`` and ``tripreport serve``.

Thin wrappers over :mod:`pipeline.query.queries`, :mod:`pipeline.export.records`; exit codes:
1 nothing found to export, 2 unusable corpus or argument.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline import resources
from pipeline.cli.common import CorpusOpt, err, existing_corpus, fail, open_reading
from pipeline.errors import CorpusError, ExportError, QueryError

SERVE_HINT = "pip install 'tripreport[serve]'"

Country = Annotated[str | None, typer.Option("--country", help="Country visited (cover 派赴國家).")]
Place = Annotated[str | None, typer.Option("--place", help="Place visited (cover or GPE/LOC entity).")]
Sector = Annotated[str | None, typer.Option("--sector", help="Assigned sector, label or name (semiconductor, 半導體).")]
Since = Annotated[str | None, typer.Option("--since", help="Trips ending on/after this date (YYYY[-MM[-DD]]).")]
Until = Annotated[str | None, typer.Option("--until", help="Trips starting on/before this date.")]
Visiting = Annotated[str | None, typer.Option("--visiting-agency", help="The reporting agency (服務機關 / authors' units).")]
Entity = Annotated[list[str] | None, typer.Option("--entity", "-e", help="Reports must mention this entity (repeatable).")]
Text = Annotated[str | None, typer.Option("--text", "-t", help="Full-text terms, all must occur (any script).")]
Fmt = Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=0, help="At most N rows (0: all).")]
Sort = Annotated[str, typer.Option("--sort", help="reports, name, first or last.")]
MinReports = Annotated[int, typer.Option("--min-reports", min=1, help="Seen in at least N reports.")]


def _filters(country: str | None, place: str | None, sector: str | None, since: str | None,
             until: str | None, visiting: str | None, entity: list[str] | None = None,
             text: str | None = None) -> Any:
    from pipeline.query.queries import Filters

    return Filters(country=country, place=place, sector=sector, since=since, until=until,
                   visiting_agency=visiting, entities=list(entity or []), text=text)


def _run(corpus: Path, fmt: str, limit: int, title: str, fn: Any, *args: Any, **kwargs: Any) -> None:
    """Open the corpus, run a query function, print its rows."""
    from pipeline.query.output import FORMATS, render

    if fmt not in FORMATS:
        err(f"error: --format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        raise typer.Exit(2)
    conn = open_reading(corpus)
    try:
        rows = fn(conn, *args, **kwargs)
    except QueryError as exc:
        err(f"error: {exc}")
        raise typer.Exit(2) from None
    finally:
        conn.close()
    shown = rows[:limit] if limit else rows
    if len(shown) < len(rows):
        title = f"{title}: first {len(shown)} of {len(rows)}"
    render(shown, fmt, sys.stdout, title=title)


def agencies(
    corpus: CorpusOpt = Path("corpus"), country: Country = None, place: Place = None,
    sector: Sector = None, since: Since = None, until: Until = None, visiting_agency: Visiting = None,
    entity: Entity = None, text: Text = None,
    label: Annotated[str, typer.Option("--label", help="Entity label(s): ORG, PERSON, GPE, LOC, place, all.")] = "ORG",
    min_reports: MinReports = 1, sort: Sort = "reports",
    exclude_own: Annotated[bool, typer.Option("--exclude-own", help="Leave out each report's own agency and its units.")] = False,
    format: Fmt = "table", limit: Limit = 0,  # noqa: A002
) -> None:
    """Organisations across the corpus, merged by canonical form, with reports and dates."""
    from pipeline.query.queries import agencies as run

    _run(corpus, format, limit, "agencies", run,
         _filters(country, place, sector, since, until, visiting_agency, entity, text),
         label=label, min_reports=min_reports, sort=sort, exclude_own=exclude_own)


def people(
    corpus: CorpusOpt = Path("corpus"),
    org: Annotated[str | None, typer.Option("--org", help="Who was met at this organisation.")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Name contains (any script).")] = None,
    country: Country = None, place: Place = None, sector: Sector = None, since: Since = None,
    until: Until = None, visiting_agency: Visiting = None, entity: Entity = None, text: Text = None,
    min_reports: MinReports = 1, sort: Sort = "reports", format: Fmt = "table",  # noqa: A002
    limit: Limit = 0,
) -> None:
    """Persons with their titles and units over time, and the reports they appear in."""
    from pipeline.query.queries import people as run

    _run(corpus, format, limit, "people", run,
         _filters(country, place, sector, since, until, visiting_agency, entity, text),
         org=org, name=name, min_reports=min_reports, sort=sort)


def trips(
    corpus: CorpusOpt = Path("corpus"), country: Country = None, place: Place = None,
    sector: Sector = None, since: Since = None, until: Until = None, visiting_agency: Visiting = None,
    entity: Entity = None, text: Text = None, format: Fmt = "table", limit: Limit = 0,  # noqa: A002
) -> None:
    """Reports matching entity, sector, country, date and full-text conditions."""
    from pipeline.query.queries import trips as run

    _run(corpus, format, limit, "trips", run,
         _filters(country, place, sector, since, until, visiting_agency, entity, text))


def cooccur(
    corpus: CorpusOpt = Path("corpus"),
    label: Annotated[str, typer.Option("--label", help="Labels of side a (and b).")] = "ORG",
    with_label: Annotated[str | None, typer.Option("--with-label", help="Labels of side b.")] = None,
    entity: Annotated[str | None, typer.Option("--entity", "-e", help="Only pairs with this entity.")] = None,
    within: Annotated[str, typer.Option("--within", help="report or section.")] = "report",
    min_count: Annotated[int, typer.Option("--min-count", min=1, help="Together at least N times.")] = 1,
    country: Country = None, place: Place = None, sector: Sector = None, since: Since = None,
    until: Until = None, visiting_agency: Visiting = None, text: Text = None,
    format: Fmt = "table", limit: Limit = 0,  # noqa: A002
) -> None:
    """Entities found together (in a report or a section), with counts."""
    from pipeline.query.queries import cooccur as run

    _run(corpus, format, limit, "co-occurrences", run,
         _filters(country, place, sector, since, until, visiting_agency, None, text),
         label=label, with_label=with_label, entity=entity, within=within, min_count=min_count)


def export(
    corpus: CorpusOpt = Path("corpus"),
    format: Annotated[str, typer.Option("--format", "-f",  # noqa: A002
                                        help="jsonl, csv, parquet, spacy, conll or graphml.")] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", file_okay=False,
                                             help="Output folder (default: <corpus>/export).")] = None,
    labels: Annotated[str | None, typer.Option("--labels", help="graphml: node labels (default ORG,PERSON,GPE,LOC).")] = None,
    graph_reports: Annotated[bool, typer.Option("--graph-reports", help="graphml: add report nodes and entity-report edges.")] = False,
) -> None:
    """Write documents, entities, mentions, people and sectors for other tools."""
    from pipeline.export.records import FORMATS
    from pipeline.export.records import export as run

    if format not in FORMATS:
        err(f"error: --format must be one of {', '.join(FORMATS)}, not {format!r}")
        raise typer.Exit(2)
    c = existing_corpus(corpus)
    try:
        written = run(c, out or c.root / "export", format, labels=labels, graph_reports=graph_reports)
    except (CorpusError, ExportError) as exc:
        raise fail(exc) from exc
    for path, n in written.items():
        typer.echo(f"{n:>7}  {path}")
    if not written:
        err("error: nothing to export (empty corpus)")
        raise typer.Exit(1)


def serve_command(index: Path, metadata: Path | None = None, host: str = "127.0.0.1",
                  port: int = 8001) -> list[str]:
    """The Datasette command line that opens a corpus index with the canned queries.

    Datasette runs under this interpreter (``python -m datasette``), so the one
    installed beside tripreport is used whatever ``PATH`` says.
    """
    cmd = [sys.executable, "-m", "datasette", "serve", str(index), "--host", host, "--port", str(port)]
    metadata = metadata or resources.path("datasette/metadata.json")
    if metadata.is_file():
        cmd += ["--metadata", str(metadata)]
    return cmd


def datasette_installed() -> bool:
    """Whether Datasette is importable by this interpreter (the ``serve`` extra)."""
    return importlib.util.find_spec("datasette") is not None


def serve(
    corpus: CorpusOpt = Path("corpus"),
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p")] = 8001,
) -> None:
    """Open the corpus index in Datasette (optional extra: tripreport[serve])."""
    index_path = existing_corpus(corpus).index_path
    open_reading(corpus).close()  # create/upgrade the index before serving it
    cmd = serve_command(index_path, None, host, port)
    if not datasette_installed():
        err(f"error: datasette is not installed for {sys.executable}; install it with: {SERVE_HINT}")
        raise typer.Exit(2)
    err(" ".join(cmd))
    # Replace this process: signals (Ctrl-C, kill) reach Datasette itself.
    os.execv(cmd[0], cmd)


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    query_app = typer.Typer(help="Ask the corpus: agencies, people, trips, co-occurrences.",
                            no_args_is_help=True)
    query_app.command("agencies")(agencies)
    query_app.command("people")(people)
    query_app.command("trips")(trips)
    query_app.command("cooccur")(cooccur)
    app.add_typer(query_app, name="query")
    app.command("export")(export)
    app.command("serve")(serve)
