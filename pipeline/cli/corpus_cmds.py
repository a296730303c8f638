"""Corpus commands: extract, ingest, show, search, summary, index rebuild.

Thin wrappers over :mod:`pipeline.process`, :mod:`pipeline.corpus.store` and
:mod:`pipeline.corpus.index`; domain exceptions become exit codes here and only here
(1: a document or an input failed / not found, 2: the corpus is unusable).
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.backends import backend_names
from pipeline.cli.common import CorpusOpt, err, existing_corpus, fail, open_reading
from pipeline.errors import CorpusError

BackendName = Enum("BackendName", {name: name for name in backend_names()}, type=str)  # type: ignore[misc]
BackendOpt = Annotated[
    BackendName | None,
    typer.Option("--backend", help="Input reader (default: by the file's content, pdfium for PDFs, docx for Word); "
                                   "pdfplumber is the reference PDF reader."),
]


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _reason(code: str, message: str, path: Path | None = None) -> str:
    """``message (code)``, without a leading file name (the error line names it)."""
    if path is not None:
        for prefix in (f"{path}: ", f"{path.name}: "):
            message = message.removeprefix(prefix)
    return f"{message} ({code})" if code and code not in message else message


def _document_summary(doc: Any) -> str:
    """A readable multi-line view of a document (``show --format summary``)."""
    m = doc.metadata
    people = lambda ps: "; ".join(  # noqa: E731
        " ".join(x for x in (p.name, p.title, p.unit or p.org) if x) for p in ps)
    period = " – ".join(x for x in (m.period_start, m.period_end) if x)
    lines = [
        f"{m.title or '(untitled)'}",
        f"  id        {doc.id}   status {doc.status}   pages {doc.source.pages}",
        f"  file      {doc.source.filename}",
    ]
    for label, value in (("category", m.category), ("agency", m.agency),
                         ("authors", people(m.authors)), ("countries", "、".join(m.countries)),
                         ("places", "、".join(m.places)), ("period", period),
                         ("report", m.report_date)):
        if value:
            lines.append(f"  {label:<9} {value}")
    if doc.sections:
        lines.append(f"  sections  {len(doc.sections)}")
        for s in doc.sections:
            if s.level <= 2:
                page = f"  p.{s.page}" if s.page else ""
                lines.append(f"    {'  ' * (s.level - 1)}{s.number} {s.title}{page}")
    if doc.tables:
        kinds: dict[str, int] = {}
        for t in doc.tables:
            kinds[t.kind] = kinds.get(t.kind, 0) + 1
        lines.append("  tables    " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    if doc.people:
        lines.append(f"  people    {len(doc.people)} (from tables)")
    if doc.blocks:
        langs: dict[str, int] = {}
        for b in doc.blocks:
            langs[b.lang] = langs.get(b.lang, 0) + len(b.text)
        lines.append("  languages " + ", ".join(f"{k} {v} chars" for k, v in langs.items()))
    if doc.sectors:
        lines.append("  sectors   " + ", ".join(s.label for s in doc.sectors if s.assigned))
    for e in doc.errors:
        lines.append(f"  error     {e.stage}: {e.code}: {e.message}")
    return "\n".join(lines)


def _summary_table(data: dict[str, Any], title: str) -> None:
    """Print corpus statistics as a small rich table on stdout."""
    from rich.console import Console
    from rich.table import Table

    def top(counts: dict[str, int], n: int = 6) -> str:
        items = [f"{k} {v}" for k, v in list(counts.items())[:n]]
        if len(counts) > n:
            items.append(f"… +{len(counts) - n}")
        return ", ".join(items) or "-"

    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("documents", str(data["documents"]))
    table.add_row("pages", str(data["pages"]))
    table.add_row("statuses", top(data["by_status"]))
    if "stale" in data:
        table.add_row("stale", f"{data['stale']} (made by another pipeline/models; "
                               "`ingest --upgrade` redoes them)" if data["stale"] else "0")
    table.add_row("countries", top(data["by_country"]))
    table.add_row("agencies", top(data["by_agency"]))
    table.add_row("categories", top(data["by_category"]))
    table.add_row("sections", str(data["sections"]))
    table.add_row("tables", str(data["tables"]))
    table.add_row("people", f"{data['people']} ({data['authors']} authors)")
    table.add_row("languages", top(data["by_lang"]))
    table.add_row("entities", f"{data['canonical_entities']}: " + top(data.get("entities_by_label", {})))
    table.add_row("sectors", top(data.get("by_sector", {})))
    Console(soft_wrap=False).print(table)


def extract(
    file: Annotated[Path, typer.Argument(help="A PDF or Word (.docx; .doc/.odt/.rtf with LibreOffice) file.")],
    backend: BackendOpt = None,
    no_ocr: Annotated[bool, typer.Option("--no-ocr", help="Do not OCR scanned pages.")] = False,
) -> None:
    """Process one file and print its document JSON (nothing is stored)."""
    from pipeline.process import process_file

    doc = process_file(file, backend=backend.value if backend else None, ocr=not no_ocr)
    if doc.failed:
        last = doc.errors[-1]
        err(f"error: {file}: {_reason(last.code, last.message, file)}")
        raise typer.Exit(1)
    for e in doc.errors:
        err(f"warning: {file}: {e.stage}: {_reason(e.code, e.message, file)}")
    _dump(doc.to_dict())


def ingest(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="PDF and Word files and/or folders (walked for *.pdf, *.docx, *.doc, *.odt, *.rtf); "
             "optional with --upgrade.")] = None,
    corpus: CorpusOpt = Path("corpus"),
    workers: Annotated[int | None, typer.Option(
        "--workers", "-w", min=1, show_default="the CPUs this process may use",
        help="Worker processes (each document runs in one, under the limits below).")] = None,
    doc_timeout: Annotated[float, typer.Option(
        "--doc-timeout", min=0.1, help="Seconds one document may take (then: timeout).")] = 120.0,
    doc_memory: Annotated[str, typer.Option(
        "--doc-memory", help="Memory one document may use, e.g. 2GB, 512MB (then: memory_limit).")] = "2GB",
    force: Annotated[bool, typer.Option("--force", help="Reprocess files already in the corpus.")] = False,
    backend: BackendOpt = None,
    upgrade: Annotated[bool, typer.Option(
        "--upgrade", help="Reprocess documents made by another pipeline version or other "
                          "models/configs, from their recorded source files.")] = False,
    scheduler: Annotated[str | None, typer.Option(
        "--scheduler", help="Run the step on a Dask cluster (tcp://HOST:8786).")] = None,
    log_json: Annotated[bool, typer.Option(
        "--log-json", help="One JSON line per document on stdout (id, file, status, seconds, pages).")] = False,
    no_ocr: Annotated[bool, typer.Option(
        "--no-ocr", help="Do not OCR scanned pages (they fail with no_text_layer).")] = False,
) -> None:
    """Add PDFs to a corpus; unchanged files are skipped, bad ones logged in errors.jsonl."""
    from functools import partial

    from pipeline.cli.ingest_view import IngestView
    from pipeline.corpus.ingest import ingest as run_ingest
    from pipeline.corpus.store import Corpus
    from pipeline.corpus.workers import Limits, WorkerStartError, parse_size
    from pipeline.process import process_bytes

    if not paths and not upgrade:
        err("error: give files or folders to ingest (or --upgrade)")
        raise typer.Exit(2)
    try:
        limits = Limits(timeout=doc_timeout, memory=parse_size(doc_memory))
    except ValueError as exc:
        err(f"error: --doc-memory: {exc}")
        raise typer.Exit(2) from None
    # a partial of a module-level function pickles: it runs in the worker processes
    processor = partial(process_bytes, backend=backend.value if backend else None, ocr=not no_ocr)
    try:
        with IngestView(log_json, _reason) as view:
            report = run_ingest(paths or [], Corpus(corpus), workers=workers, progress=view,
                                force=force, limits=limits, scheduler=scheduler, upgrade=upgrade,
                                processor=processor)
    except (CorpusError, OSError, WorkerStartError) as exc:
        raise fail(exc) from exc
    except KeyboardInterrupt:
        err("interrupted: documents written so far are kept and indexed")
        raise typer.Exit(130) from None
    for w in report.warnings:
        err(f"warning: {w}")
    summary_line = f"{report.line()} -> {corpus}"
    err(summary_line) if log_json else typer.echo(summary_line)
    raise typer.Exit(0 if report.ok else 1)


def show(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id or unique prefix.")],
    corpus: CorpusOpt = Path("corpus"),
    format: Annotated[str, typer.Option("--format", "-f",  # noqa: A002 - CLI name
                                        help="json or summary.")] = "json",
) -> None:
    """Print a stored document (JSON, or a readable summary)."""
    from pipeline.corpus.store import get_document

    if format not in ("json", "summary"):
        err(f"error: --format must be json or summary, not {format!r}")
        raise typer.Exit(2)
    c = existing_corpus(corpus)
    try:
        doc = get_document(c, doc_id)
    except CorpusError as exc:
        raise fail(exc) from exc
    if format == "json":
        _dump(doc.to_dict())
        return
    original = _original_of(c, doc.id)
    typer.echo(_document_summary(doc) + (f"\n  duplicate of {original}" if original else ""))


def _original_of(corpus: Any, doc_id: str) -> str | None:
    """The original of which the document is a later copy, from the index (None if no index)."""
    from pipeline.corpus.duplicates import original_of

    if not corpus.index_path.exists():
        return None
    conn = corpus.open_for_reading()
    try:
        return original_of(conn, doc_id)
    finally:
        conn.close()


def search(
    text: Annotated[str, typer.Argument(help="Words or CJK substrings (all must occur).")],
    corpus: CorpusOpt = Path("corpus"),
    limit: Annotated[int, typer.Option("--limit", "-n", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON lines.")] = False,
) -> None:
    """Full-text search over the corpus (trigram index; 1-2 character terms scan)."""
    from dataclasses import asdict

    from pipeline.corpus.search import search as run_search

    if not text.strip():
        err("error: nothing to search for (give a word or a CJK substring)")
        raise typer.Exit(2)
    conn = open_reading(corpus)
    try:
        hits = run_search(conn, text, limit)
    finally:
        conn.close()
    for h in hits:
        if as_json:
            typer.echo(json.dumps(asdict(h), ensure_ascii=False))
            continue
        where = " ".join(x for x in (h.section_number, h.section_title) if x) or h.kind
        page = f"p.{h.page}" if h.page is not None else ""
        typer.echo(f"{h.doc_id}  {h.title or '(untitled)'}  [{where}] {page}".rstrip())
        typer.echo(f"    {h.snippet}")
    if not hits and not as_json:
        err(f"no match for {text!r}")


def summary(
    corpus: CorpusOpt = Path("corpus"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the numbers as JSON.")] = False,
) -> None:
    """A short overview of a corpus: documents, pages, statuses, countries, agencies."""
    from pipeline.corpus.index import summary as run_summary
    from pipeline.corpus.store import Corpus
    from pipeline.provenance import stored_provenance

    conn = open_reading(corpus)
    try:
        data = run_summary(conn)
        # made by another pipeline version or other models/configs: `ingest --upgrade` redoes them
        data["stale"] = sum(m.stale for m in stored_provenance(Corpus(corpus), conn))
    finally:
        conn.close()
    if as_json:
        _dump(data)
        return
    _summary_table(data, title=f"corpus {corpus}")


def rebuild_cmd(corpus: CorpusOpt = Path("corpus")) -> None:
    """Recreate index.sqlite from the document JSON files."""
    from pipeline.corpus.store import Corpus, rebuild_index

    try:
        data = rebuild_index(Corpus(corpus))
    except CorpusError as exc:
        raise fail(exc) from exc
    typer.echo(f"rebuilt {Corpus(corpus).index_path}: {data['documents']} documents, "
               f"{data['pages']} pages, {data['tables']} tables, {data['people']} people")


def register(app: typer.Typer, *, train_app: typer.Typer, evaluate_app: typer.Typer) -> None:
    """Add this module's commands to the ``tripreport`` apps."""
    app.command()(extract)
    app.command()(ingest)
    app.command()(show)
    app.command()(search)
    app.command()(summary)
    index_app = typer.Typer(help="Maintain the corpus SQLite index.", no_args_is_help=True)
    index_app.command("rebuild")(rebuild_cmd)
    app.add_typer(index_app, name="index")
