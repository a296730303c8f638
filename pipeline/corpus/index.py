"""The SQLite index over a corpus of document JSON files (stdlib ``sqlite3``).

The JSON files under ``<corpus>/documents/`` are the source of truth; this
index is derived from them and can always be rebuilt (:func:`pipeline.corpus.store.rebuild`).  It
holds one row per document plus its people, sections, tables, language blocks,
sectors and entities, and an FTS5 full-text table with the ``trigram``
tokenizer, so Chinese/Japanese substrings of 3+ characters are searchable
without a word segmenter.  Shorter queries fall back to a substring scan (searching: :mod:`pipeline.corpus.search`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.annotations import Entity
from pipeline.document import Document
from pipeline.errors import CorpusError, IndexCorrupt, IndexSchemaMismatch
from pipeline.text.fold import fold, fold_chars

INDEX_SCHEMA_VERSION = 3  # 2: entity_mentions, entity views, folded FTS column;
# 3: folded name keys, entity surface forms, trip dates and sector labels per document,
# covering indexes for the analyst queries
MIN_SQLITE = (3, 34, 0)  # first release with the FTS5 trigram tokenizer


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, filename TEXT, sha256 TEXT, size INTEGER, pages INTEGER,
    status TEXT, n_errors INTEGER, category TEXT, title TEXT, agency TEXT,
    countries TEXT, places TEXT, period_start TEXT, period_end TEXT, report_date TEXT,
    ingested_at TEXT, json_path TEXT, json_mtime INTEGER,
    trip_start TEXT, trip_end TEXT, sector_labels TEXT
);
CREATE TABLE IF NOT EXISTS people (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER,
    name TEXT, title TEXT, unit TEXT, org TEXT,
    source TEXT CHECK (source IN ('cover', 'table')), source_table INTEGER
);
CREATE VIEW IF NOT EXISTS authors AS SELECT * FROM people WHERE source = 'cover';
CREATE TABLE IF NOT EXISTS sections (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, id TEXT,
    number TEXT, title TEXT, level INTEGER, page INTEGER, parent TEXT, text TEXT,
    PRIMARY KEY (doc_id, id)
);
CREATE TABLE IF NOT EXISTS tables (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER,
    caption TEXT, page INTEGER, pages TEXT, section TEXT, kind TEXT, header TEXT, rows TEXT,
    PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS blocks (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, idx INTEGER,
    lang TEXT, section TEXT, page INTEGER, text TEXT, PRIMARY KEY (doc_id, idx)
);
CREATE TABLE IF NOT EXISTS sectors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label TEXT, score REAL, assigned INTEGER, name TEXT
);
CREATE TABLE IF NOT EXISTS section_sectors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE, section TEXT,
    label TEXT, score REAL, assigned INTEGER, name TEXT
);
CREATE TABLE IF NOT EXISTS entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    label TEXT, text TEXT, canonical TEXT, canonical_id TEXT, count INTEGER,
    lang TEXT, sources TEXT, title TEXT, org TEXT, unit TEXT,
    canonical_key TEXT, text_key TEXT, forms TEXT
);
CREATE TABLE IF NOT EXISTS entity_mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    canonical_id TEXT, label TEXT, text TEXT, lang TEXT, section TEXT, page INTEGER,
    block INTEGER, start INTEGER, end INTEGER,
    source TEXT CHECK (source IN ('text', 'table', 'cover')), table_idx INTEGER,
    text_key TEXT
);
CREATE VIEW IF NOT EXISTS entity_docs AS
    SELECT e.canonical_id, e.label, e.canonical, e.doc_id, sum(e.count) AS mentions,
           d.title, d.agency, d.countries, d.period_start, d.period_end
    FROM entities e JOIN documents d ON d.id = e.doc_id
    GROUP BY e.canonical_id, e.doc_id;
CREATE VIEW IF NOT EXISTS canonical_entities AS
    SELECT e.canonical_id, e.label, min(e.canonical) AS canonical,
           count(DISTINCT e.doc_id) AS reports, sum(e.count) AS mentions,
           min(coalesce(d.period_start, d.report_date)) AS first_date,
           max(coalesce(d.period_end, d.period_start, d.report_date)) AS last_date
    FROM entities e JOIN documents d ON d.id = e.doc_id GROUP BY e.canonical_id;
CREATE VIEW IF NOT EXISTS document_countries AS
    SELECT d.id AS doc_id, j.value AS country FROM documents d, json_each(d.countries) j;
CREATE VIEW IF NOT EXISTS document_places AS
    SELECT d.id AS doc_id, j.value AS place FROM documents d, json_each(d.places) j;
CREATE VIEW IF NOT EXISTS document_sectors AS
    SELECT doc_id, label, name, score FROM sectors WHERE assigned = 1;
CREATE INDEX IF NOT EXISTS documents_start ON documents(period_start);
CREATE INDEX IF NOT EXISTS documents_trip ON documents(trip_start, trip_end);
CREATE INDEX IF NOT EXISTS documents_agency ON documents(agency);
CREATE INDEX IF NOT EXISTS people_doc ON people(doc_id);
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE INDEX IF NOT EXISTS people_org ON people(org);
CREATE INDEX IF NOT EXISTS sectors_doc ON sectors(doc_id);
CREATE INDEX IF NOT EXISTS sectors_label ON sectors(assigned, label, name, doc_id);
CREATE INDEX IF NOT EXISTS section_sectors_doc ON section_sectors(doc_id);
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc_id);
CREATE INDEX IF NOT EXISTS entities_cid ON entities(canonical_id);
CREATE INDEX IF NOT EXISTS entities_ckey ON entities(canonical_key, label, doc_id, canonical_id);
CREATE INDEX IF NOT EXISTS entities_tkey ON entities(text_key, label, doc_id, canonical_id);
CREATE INDEX IF NOT EXISTS entities_role ON entities(label, org, unit, canonical_id, doc_id);
CREATE INDEX IF NOT EXISTS entities_agg
    ON entities(label, canonical_id, canonical, text, forms, doc_id, count);
CREATE INDEX IF NOT EXISTS mentions_doc ON entity_mentions(doc_id, block);
CREATE INDEX IF NOT EXISTS mentions_cid ON entity_mentions(canonical_id);
CREATE INDEX IF NOT EXISTS mentions_tkey ON entity_mentions(text_key);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, folded, doc_id UNINDEXED, section UNINDEXED, page UNINDEXED, kind UNINDEXED,
    tokenize = 'trigram'
);
"""

# Child tables cleared on upsert/remove (fts has no foreign key: cleared explicitly).
_CHILD_TABLES = ("people", "sections", "tables", "blocks", "sectors", "section_sectors",
                 "entities", "entity_mentions", "fts")


def check_fts5() -> None:
    """Raise :class:`CorpusError` unless this Python's SQLite has FTS5 with trigram."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise CorpusError(
            f"SQLite {sqlite3.sqlite_version} is too old: the index needs FTS5 with the "
            f"trigram tokenizer (SQLite >= {'.'.join(map(str, MIN_SQLITE))}); "
            "use a Python built against a newer SQLite"
        )
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.OperationalError as exc:
        raise CorpusError(f"this SQLite ({sqlite3.sqlite_version}) lacks FTS5 trigram: {exc}") from exc
    finally:
        probe.close()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One explicit write transaction: committed on success, rolled back on any exit
    (including KeyboardInterrupt), so the index is never left half-updated."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_index(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) the index at ``path``; the schema is created idempotently.

    Raises :class:`IndexSchemaMismatch` if the file holds another schema version and
    :class:`CorpusError` if SQLite lacks FTS5 trigram or the file is not a database.
    """
    check_fts5()
    # isolation_level=None: we issue BEGIN/COMMIT ourselves (see transaction()).
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        # Readers may meet a writer's transaction (rollback journal): wait, don't fail.
        conn.execute("PRAGMA busy_timeout = 10000")
        row = None
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
        if has_meta:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if row is None or row[0] != str(INDEX_SCHEMA_VERSION):
                raise IndexSchemaMismatch(
                    f"{path}: index schema version {row[0] if row else '?'}, "
                    f"expected {INDEX_SCHEMA_VERSION}; run `tripreport index rebuild`")
        with transaction(conn):
            # Statement by statement: executescript() would COMMIT our transaction.
            for stmt in _SCHEMA.split(";"):
                if stmt.strip():
                    conn.execute(stmt)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                          (str(INDEX_SCHEMA_VERSION),))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise IndexCorrupt(f"{path}: cannot open index: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_SPACES = re.compile(r"\s+")


def search_text(text: str) -> str:
    """Text as stored for search: whitespace collapsed, and removed between CJK
    characters on one line (a gap inside a Chinese phrase is not a word boundary).
    A line break stays a boundary: layout has already re-joined wrapped lines, so a
    break in block, section or table text ends a heading, paragraph or table row
    (``壹、目的`` / ``微機電…`` must not match ``目的微機電``)."""
    return _SPACES.sub(" ", " ".join(_CJK_GAP.sub("", line) for line in text.split("\n"))).strip()


def _fts_rows(doc: Document) -> list[tuple[str, str, str | None, int | None, str]]:
    """(text, doc_id, section, page, kind) rows for the full-text table."""
    rows: list[tuple[str, str, str | None, int | None, str]] = []
    if doc.metadata.title:
        rows.append((doc.metadata.title, doc.id, None, 1, "title"))
    # Language blocks start with their heading line; index a heading on its own only
    # when no block carries it (else every heading hit would come twice).
    in_blocks = {b.section for b in doc.blocks}
    for s in doc.sections:
        heading = f"{s.number} {s.title}".strip()
        if heading and s.id not in in_blocks:
            rows.append((heading, doc.id, s.id, s.page, "heading"))
    # Body text once: language blocks when the language stage ran, else section
    # bodies, else page text (a document always has some searchable body).
    if doc.blocks:
        rows += [(b.text, doc.id, b.section, b.page, "block") for b in doc.blocks]
    elif any(s.text for s in doc.sections):
        rows += [(s.text, doc.id, s.id, s.page, "block") for s in doc.sections if s.text]
    else:
        rows += [(p.text, doc.id, None, p.number, "block") for p in doc.pages
                 if p.text and p.kind not in ("cover", "toc")]
    for t in doc.tables:
        # " | " between cells: search_text() must not glue neighbouring CJK cells into
        # one string (false trigram matches across cell boundaries).
        cells = [t.caption or "", " | ".join(t.header)] + [" | ".join(r) for r in t.rows]
        rows.append(("\n".join(c for c in cells if c), doc.id, t.section, t.page, "table"))
    return [(search_text(r[0]), *r[1:]) for r in rows if r[0] and r[0].strip()]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _insert_document(conn: sqlite3.Connection, doc: Document, json_path: str,
                     json_mtime: int | None) -> None:
    m, src = doc.metadata, doc.source
    # Trip dates as the queries use them: the period, else the report date.
    trip_start = m.period_start or m.report_date or None
    trip_end = m.period_end or trip_start
    sector_labels = sorted({s.label for s in doc.sectors if s.label and s.assigned})
    conn.execute(
        "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (doc.id, src.filename, src.sha256, src.size, src.pages, doc.status, len(doc.errors),
         m.category, m.title, m.agency, _json(m.countries), _json(m.places),
         m.period_start, m.period_end, m.report_date, doc.pipeline.get("ingested_at"),
         json_path, json_mtime, trip_start, trip_end, _json(sector_labels)))
    people = [(p, "cover") for p in m.authors] + [(p, "table") for p in doc.people]
    conn.executemany(
        "INSERT INTO people VALUES (?,?,?,?,?,?,?,?)",
        [(doc.id, i, p.name, p.title, p.unit, p.org, source, p.source_table)
         for i, (p, source) in enumerate(people)])
    conn.executemany(
        "INSERT OR REPLACE INTO sections VALUES (?,?,?,?,?,?,?,?)",
        [(doc.id, s.id, s.number, s.title, s.level, s.page, s.parent, s.text)
         for s in doc.sections])
    conn.executemany(
        "INSERT INTO tables VALUES (?,?,?,?,?,?,?,?,?)",
        [(doc.id, i, t.caption, t.page, _json(t.pages), t.section, t.kind, _json(t.header),
          _json(t.rows)) for i, t in enumerate(doc.tables)])
    conn.executemany(
        "INSERT INTO blocks VALUES (?,?,?,?,?,?)",
        [(doc.id, i, b.lang, b.section, b.page, b.text) for i, b in enumerate(doc.blocks)])
    conn.executemany(
        "INSERT INTO sectors VALUES (?,?,?,?,?)",
        [(doc.id, s.label, s.score, int(s.assigned), s.name) for s in doc.sectors])
    conn.executemany(
        "INSERT INTO section_sectors VALUES (?,?,?,?,?,?)",
        [(doc.id, sec.id, s.label, s.score, int(s.assigned), s.name)
         for sec in doc.sections for s in sec.sectors])
    keys: dict[str, str] = {}  # fold() memo: names repeat within a document

    def key(text: Any) -> str:
        t = str(text) if text else ""
        if t not in keys:
            keys[t] = fold(t)
        return keys[t]

    mentions = [mention_rows(doc, [e]) for e in doc.entities]
    conn.executemany(
        "INSERT INTO entities VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(doc.id, e.label, e.text, e.canonical, e.canonical_id, e.count, e.lang,
          _json(e.sources), e.title, e.org, e.unit, key(e.canonical), key(e.text),
          _json(sorted({r[3] for r in rows if r[10] == "text" and r[3]})))
         for e, rows in zip(doc.entities, mentions, strict=True)])
    conn.executemany("INSERT INTO entity_mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     [(*r, key(r[3])) for rows in mentions for r in rows])
    conn.executemany(
        "INSERT INTO fts (text, folded, doc_id, section, page, kind) VALUES (?,?,?,?,?,?)",
        [(r[0], fold_chars(r[0]), *r[1:]) for r in _fts_rows(doc)])


def mention_rows(doc: Document, ents: list[Entity]) -> list[tuple[Any, ...]]:
    """One row per entity mention; text mentions carry the surface form cut from the
    block (offsets index ``doc.blocks[block].text``), table/cover ones the entity text."""
    rows = []
    for e in ents:
        for m in e.mentions:
            block, start, end = m.block, m.start, m.end
            text, lang, where = e.text, e.lang, m.where
            if block is not None and 0 <= block < len(doc.blocks) and start is not None \
                    and end is not None:
                text, lang = doc.blocks[block].text[start:end], doc.blocks[block].lang
                where = "text"
            source = where if where in ("table", "cover") else "text"
            rows.append((doc.id, e.canonical_id, e.label, text, lang, m.section,
                         m.page, block, start, end, source, m.table))
    return rows


def _delete(conn: sqlite3.Connection, doc_id: str) -> None:
    for table in _CHILD_TABLES:
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))  # noqa: S608 - fixed names
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))


def upsert_document(conn: sqlite3.Connection, doc: Document, json_path: str | Path,
                    json_mtime: int | None = None) -> None:
    """Replace everything indexed for ``doc.id`` by ``doc``, in one transaction.

    ``json_path`` is stored as given (the corpus passes it relative to its root);
    ``json_mtime`` (ns) lets reconciliation notice a JSON file rewritten later.
    """
    upsert_documents(conn, [(doc, json_path, json_mtime)])


def upsert_documents(conn: sqlite3.Connection,
                     items: list[tuple[Document, str | Path, int | None]]) -> None:
    """:func:`upsert_document` for several ``(doc, json_path, json_mtime)`` in one
    transaction: one commit (and its fsyncs) for the lot, as a batch's writer does."""
    from pipeline.corpus import duplicates

    with transaction(conn):
        duplicates.ensure_tables(conn)  # once per transaction, not once per document
        for doc, json_path, json_mtime in items:
            _delete(conn, doc.id)
            _insert_document(conn, doc, str(json_path), json_mtime)
            duplicates.index_document(conn, doc)


def remove_document(conn: sqlite3.Connection, doc_id: str) -> None:
    """Delete a document and all its rows from the index (no error if absent)."""
    with transaction(conn):
        _delete(conn, doc_id)


def indexed_ids(conn: sqlite3.Connection) -> dict[str, int | None]:
    """Indexed document ids with the JSON mtime recorded when each was indexed."""
    return dict(conn.execute("SELECT id, json_mtime FROM documents").fetchall())


def _counts(conn: sqlite3.Connection, sql: str) -> dict[str, int]:
    return {str(k): int(v) for k, v in conn.execute(sql).fetchall()}


def summary(conn: sqlite3.Connection) -> dict[str, Any]:
    """Corpus statistics: documents, pages, people, tables and counts by field."""
    one = lambda sql: conn.execute(sql).fetchone()[0] or 0  # noqa: E731
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "pages": one("SELECT sum(pages) FROM documents"),
        "by_status": _counts(conn, "SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_country": _counts(
            conn, "SELECT j.value, count(DISTINCT d.id) FROM documents d, json_each(d.countries) j "
                  "GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_category": _counts(
            conn, "SELECT coalesce(category, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_agency": _counts(
            conn, "SELECT coalesce(agency, '?'), count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_lang": _counts(conn, "SELECT lang, count(*) FROM blocks GROUP BY 1 ORDER BY 2 DESC, 1"),
        "people": one("SELECT count(*) FROM people"),
        "authors": one("SELECT count(*) FROM people WHERE source = 'cover'"),
        "sections": one("SELECT count(*) FROM sections"),
        "tables": one("SELECT count(*) FROM tables"),
        "blocks": one("SELECT count(*) FROM blocks"),
        "entities": one("SELECT count(*) FROM entities"),
        "canonical_entities": one("SELECT count(DISTINCT canonical_id) FROM entities"),
        "entity_mentions": one("SELECT count(*) FROM entity_mentions"),
        "entities_by_label": _counts(
            conn, "SELECT label, count(DISTINCT canonical_id) FROM entities GROUP BY 1 ORDER BY 2 DESC, 1"),
        "by_sector": _counts(
            conn, "SELECT label, count(DISTINCT doc_id) FROM sectors WHERE assigned "
                  "GROUP BY 1 ORDER BY 2 DESC, 1"),
    }
