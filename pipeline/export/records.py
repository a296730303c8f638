"""Export the corpus for other tools: tables as JSON lines, CSV or Parquet; NER
annotations as a spaCy DocBin or a CoNLL token/BIO file; the entity network as GraphML.

Everything is read from the corpus JSON files (the source of truth) and written in
a deterministic order, so two exports of the same corpus are identical.  Tables:

``documents``  one row per report (cover metadata, assigned sectors, languages, text)
``entities``   one row per canonical entity (id, label, names, reports, mentions)
``mentions``   one row per entity mention (document id, section, page, block,
               character offsets into that block's text, language, source)
``people``     one row per person record (cover authors and attendee tables)
``sectors``    one row per sector score of a document (section = null) or a section

Ids are stable across re-ingests: a document id is the first 16 hex digits of the
file's SHA-256, an entity id ``LABEL:`` + 12 hex digits of the SHA-1 of its folded
canonical name (:func:`pipeline.text.fold.canonical_id`).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipeline.corpus.index import mention_rows
from pipeline.corpus.store import Corpus
from pipeline.document import Document
from pipeline.errors import ExportError, QueryError
from pipeline.export.graph import DEFAULT_LABELS, entity_graph, write_graphml
from pipeline.export.nlp import write_conll, write_docbin
from pipeline.query.filters import labels_of
from pipeline.text.fold import canonical_id, fold

FORMATS = ("jsonl", "csv", "parquet", "spacy", "conll", "graphml")
TABLE_FORMATS = ("jsonl", "csv", "parquet")
PARQUET_HINT = "pip install pyarrow"

# Column name -> type (str, int, float, bool, list = list of strings, json = any value).
SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "documents": [("id", "str"), ("filename", "str"), ("sha256", "str"), ("pages", "int"),
                  ("status", "str"), ("category", "str"), ("title", "str"), ("agency", "str"),
                  ("countries", "list"), ("places", "list"), ("period_start", "str"),
                  ("period_end", "str"), ("report_date", "str"), ("authors", "json"),
                  ("sectors", "list"), ("langs", "list"), ("text", "str")],
    "entities": [("canonical_id", "str"), ("label", "str"), ("canonical", "str"),
                 ("names", "list"), ("langs", "list"), ("reports", "int"), ("mentions", "int"),
                 ("doc_ids", "list")],
    "mentions": [("doc_id", "str"), ("canonical_id", "str"), ("label", "str"),
                 ("canonical", "str"), ("text", "str"), ("lang", "str"), ("section", "str"),
                 ("page", "int"), ("block", "int"), ("start", "int"), ("end", "int"),
                 ("source", "str"), ("table", "int")],
    "people": [("doc_id", "str"), ("idx", "int"), ("person_id", "str"), ("name", "str"),
               ("title", "str"), ("unit", "str"), ("org", "str"), ("source", "str"),
               ("source_table", "int")],
    "sectors": [("doc_id", "str"), ("section", "str"), ("label", "str"), ("name", "str"),
                ("score", "float"), ("assigned", "bool")],
}


# Order of the values of index.mention_rows() tuples.
_MENTION_KEYS = ("doc_id", "canonical_id", "label", "text", "lang", "section", "page", "block",
                 "start", "end", "source", "table")


def documents(corpus: Corpus) -> Iterator[Document]:
    """The corpus documents, by id."""
    for path in corpus.json_files():
        yield corpus.load_json(path)


def _pick(counts: Counter[str]) -> str:
    return min(counts, key=lambda n: (-counts[n], len(n), n))


def table_rows(docs: list[Document]) -> dict[str, list[dict[str, Any]]]:
    """The five export tables (see the module docstring) as lists of dicts."""
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in SCHEMAS}
    ents: dict[str, dict[str, Any]] = {}
    for doc in docs:
        m = doc.metadata
        out["documents"].append({
            "id": doc.id, "filename": doc.source.filename, "sha256": doc.source.sha256,
            "pages": doc.source.pages, "status": doc.status, "category": m.category,
            "title": m.title, "agency": m.agency, "countries": list(m.countries),
            "places": list(m.places), "period_start": m.period_start,
            "period_end": m.period_end, "report_date": m.report_date,
            "authors": [{"name": a.name, "title": a.title, "unit": a.unit, "org": a.org}
                        for a in m.authors],
            "sectors": sorted(s.label for s in doc.sectors if s.assigned and s.label),
            "langs": sorted({b.lang for b in doc.blocks}), "text": doc.text})
        records = [e for e in doc.entities if e.canonical_id]
        canon = {e.canonical_id: e.canonical for e in records}
        for row in mention_rows(doc, records):
            rec = dict(zip(_MENTION_KEYS, row, strict=True))
            rec["canonical"] = canon.get(rec["canonical_id"])
            out["mentions"].append({c: rec.get(c) for c, _ in SCHEMAS["mentions"]})
        for e in records:
            g = ents.setdefault(e.canonical_id, {
                "label": e.label, "canon": Counter(), "names": Counter(),
                "langs": set(), "docs": set(), "mentions": 0})
            n = e.count or len(e.mentions) or 1
            g["canon"][e.canonical or e.text] += n
            g["names"][e.text or e.canonical] += n
            g["langs"].add(e.lang or "und")
            g["docs"].add(doc.id)
            g["mentions"] += n
        people = [(p, "cover") for p in m.authors] + [(p, "table") for p in doc.people]
        for i, (p, source) in enumerate(people):
            out["people"].append({
                "doc_id": doc.id, "idx": i, "person_id": canonical_id("PERSON", fold(p.name)),
                "name": p.name, "title": p.title, "unit": p.unit, "org": p.org,
                "source": source, "source_table": p.source_table})
        scored = [(None, s) for s in doc.sectors] + [(sec.id, s) for sec in doc.sections
                                                    for s in sec.sectors]
        for section, s in scored:
            out["sectors"].append({
                "doc_id": doc.id, "section": section, "label": s.label,
                "name": s.name, "score": s.score, "assigned": s.assigned})
    for cid in sorted(ents):
        g = ents[cid]
        names: Counter[str] = g["names"]
        out["entities"].append({
            "canonical_id": cid, "label": g["label"], "canonical": _pick(g["canon"]),
            "names": sorted(names, key=lambda n: (-names[n], n)), "langs": sorted(g["langs"]),
            "reports": len(g["docs"]), "mentions": g["mentions"], "doc_ids": sorted(g["docs"])})
    out["mentions"].sort(key=lambda r: (r["doc_id"], -1 if r["block"] is None else r["block"],
                                        r["start"] or 0, r["end"] or 0, r["canonical_id"],
                                        r["source"]))
    return out


def _csv_value(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind in ("list", "json"):
        return json.dumps(value, ensure_ascii=False)
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


def _from_text(value: str, kind: str) -> Any:
    """A CSV cell back to its value (empty cell: None)."""
    if value == "":
        return None
    if kind in ("list", "json"):
        return json.loads(value)
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return value == "true"
    return value


def _arrow_schema(name: str) -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "list": pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([(c, types[k]) for c, k in SCHEMAS[name]])


def _pyarrow() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise ExportError(f"parquet export needs pyarrow: {PARQUET_HINT}") from exc
    return pq


def write_table(name: str, rows: list[dict[str, Any]], path: Path, fmt: str) -> Path:
    """Write one table in ``fmt`` (jsonl, csv or parquet) at ``path``."""
    cols = SCHEMAS[name]
    if fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow([c for c, _ in cols])
            for r in rows:
                w.writerow([_csv_value(r.get(c), k) for c, k in cols])
    elif fmt == "parquet":
        import pyarrow as pa

        pq = _pyarrow()
        data = [{c: (json.dumps(r.get(c), ensure_ascii=False) if k == "json" else r.get(c))
                 for c, k in cols} for r in rows]
        pq.write_table(pa.Table.from_pylist(data, schema=_arrow_schema(name)), str(path))
    else:
        raise ExportError(f"{fmt!r} is not a table format ({', '.join(TABLE_FORMATS)})")
    return path


def read_table(path: str | Path) -> list[dict[str, Any]]:
    """Re-import one exported table (by extension: .jsonl, .csv, .parquet), values typed
    as exported (lists and records decoded)."""
    p = Path(path)
    name, fmt = p.stem, p.suffix.lstrip(".")
    kinds = dict(SCHEMAS.get(name, []))
    if fmt == "jsonl":
        return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line]
    if fmt == "csv":
        with open(p, encoding="utf-8", newline="") as fh:
            return [{k: _from_text(v, kinds.get(k, "str")) for k, v in row.items()}
                    for row in csv.DictReader(fh)]
    if fmt == "parquet":
        rows = _pyarrow().read_table(str(p)).to_pylist()
        return [{k: (json.loads(v) if kinds.get(k) == "json" and v is not None else v)
                 for k, v in r.items()} for r in rows]
    raise ExportError(f"{p}: unknown table format {fmt!r}")


def read_export(folder: str | Path, fmt: str = "jsonl") -> dict[str, list[dict[str, Any]]]:
    """Every table of an export folder written in ``fmt``."""
    return {name: read_table(Path(folder) / f"{name}.{fmt}") for name in SCHEMAS
            if (Path(folder) / f"{name}.{fmt}").is_file()}


def export(corpus: Corpus, out: str | Path, fmt: str, *, labels: str | None = None,
           graph_reports: bool = False) -> dict[Path, int]:
    """Write the corpus to folder ``out`` in ``fmt`` (one of :data:`FORMATS`).

    Returns ``{path: rows}`` of the files written (rows: table rows, spaCy docs,
    CoNLL sentences or GraphML nodes+edges); an empty dict for an empty corpus.
    ``labels`` and ``graph_reports`` apply to ``graphml`` (see
    :func:`pipeline.export.graph.entity_graph`).
    """
    if fmt not in FORMATS:
        raise ExportError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    docs = list(documents(corpus))
    if not docs:
        return {}
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    if fmt in TABLE_FORMATS:
        if fmt == "parquet":
            _pyarrow()
        return {write_table(name, rows, folder / f"{name}.{fmt}", fmt): len(rows)
                for name, rows in table_rows(docs).items()}
    if fmt == "spacy":
        path = folder / "blocks.spacy"
        return {path: write_docbin(docs, path)}
    if fmt == "conll":
        path = folder / "entities.conll"
        return {path: write_conll(docs, path)}

    path = folder / "entities.graphml"
    try:
        node_labels = labels_of(labels) if labels else DEFAULT_LABELS
    except QueryError as exc:
        raise ExportError(f"--labels: {exc}") from None
    graph = entity_graph(docs, node_labels, reports=graph_reports)
    return {write_graphml(graph, path): len(graph.nodes) + len(graph.edges)}


