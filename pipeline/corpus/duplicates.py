"""The same report twice: MinHash over character shingles of the body text.

A second rendering of a report (Word and its PDF, another producer, a
re-upload with a new cover date) has a different file hash but nearly the same
body text.  :func:`signature` is a MinHash of the text's 5-character shingles
(folded: NFKC, no spaces or punctuation); two signatures agreeing on a share of
their slots estimate the Jaccard similarity of the shingle sets.

The link is corpus knowledge, kept in the index next to the document: each
document's row of ``fingerprints`` holds its signature and ``duplicate_of``, and
``fingerprint_bands`` its LSH band keys (16 bands of 4 slots: a pair at Jaccard
0.8 shares a band with probability > 0.999), so a new document is only compared
with the few sharing a band.  In a group of copies the earliest (see
:func:`order_key`) is the original and every later copy gets ``duplicate_of`` =
its id, whatever order the files were ingested in.  The JSON documents stay a
pure function of their file (no stored document is rewritten when a copy
arrives), and ``tripreport index rebuild`` recomputes the links from them.
"""

from __future__ import annotations

import sqlite3
import zlib

import numpy as np

from pipeline.document import Document
from pipeline.text.fold import letters_only

SHINGLE = 5  # characters per shingle (CJK text: ~2-3 words)
PERMUTATIONS = 64
BANDS = 16  # PERMUTATIONS = BANDS * rows
THRESHOLD = 0.8  # estimated Jaccard similarity from which two reports are one
MIN_SHINGLES = 50  # shorter texts carry too little to judge
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20240614)  # fixed seed: signatures are stable across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.int64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.int64)

SCHEMA = """
CREATE TABLE IF NOT EXISTS fingerprints (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    duplicate_of TEXT, minhash BLOB
);
CREATE TABLE IF NOT EXISTS fingerprint_bands (
    doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE, band INTEGER, key INTEGER
);
CREATE INDEX IF NOT EXISTS fingerprint_bands_key ON fingerprint_bands (band, key);
CREATE INDEX IF NOT EXISTS fingerprint_bands_doc ON fingerprint_bands (doc_id)
"""


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (``PERMUTATIONS`` int64 values) of the text's shingles, or
    None for a text too short to compare."""
    # Spacing, punctuation and line breaks differ between renderings of one report.
    folded = letters_only(text)
    shingles = {folded[i:i + SHINGLE] for i in range(len(folded) - SHINGLE + 1)}
    if len(shingles) < MIN_SHINGLES:
        return None
    hashes = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.int64,
                         count=len(shingles))
    # (a*h + b) mod p for every permutation and shingle; h < 2^32, a < 2^31: fits in int64.
    return ((np.outer(_A, hashes) + _B[:, None]) % _PRIME).min(axis=1)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.mean(a == b))


def _bands(sig: np.ndarray) -> list[tuple[int, int]]:
    rows = PERMUTATIONS // BANDS
    return [(i, zlib.crc32(sig[i * rows:(i + 1) * rows].tobytes())) for i in range(BANDS)]


def ensure_tables(conn: sqlite3.Connection) -> None:
    """Create the fingerprint tables if the index lacks them (older indexes too)."""
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            conn.execute(stmt)


def order_key(report_date: str | None, period_start: str | None, doc_id: str) -> tuple[str, str]:
    """Which of two copies is the later one: the later report date (a re-upload with a
    new cover date), else the later trip start, else the larger id.  Not the order of
    ingestion: parallel workers finish in any order, the result must not depend on it."""
    return (report_date or period_start or "", doc_id)


def _matches(conn: sqlite3.Connection, doc_id: str, sig: np.ndarray) -> set[str]:
    """Indexed documents whose signature is at least ``THRESHOLD`` similar to ``sig``."""
    bands = _bands(sig)
    # one placeholder pair per band: only "?" marks are formatted into the statement
    pairs = " OR ".join("(b.band = ? AND b.key = ?)" for _ in bands)
    found = conn.execute(
        "SELECT DISTINCT f.doc_id, f.minhash FROM fingerprint_bands b "  # noqa: S608 - placeholders only
        f"JOIN fingerprints f ON f.doc_id = b.doc_id WHERE b.doc_id != ? AND ({pairs})",
        [doc_id, *[v for pair in bands for v in pair]]).fetchall()
    return {other for other, blob in found
            if blob is not None and similarity(sig, np.frombuffer(blob, dtype=np.int64)) >= THRESHOLD}


def _relink(conn: sqlite3.Connection, group: set[str]) -> None:
    """Point every member of a group of copies to its earliest member."""
    marks = ",".join("?" * len(group))
    keys = {i: order_key(rd, ps, i) for i, rd, ps in conn.execute(
        f"SELECT id, report_date, period_start FROM documents WHERE id IN ({marks})",  # noqa: S608
        sorted(group))}
    if not keys:
        return
    original = min(keys, key=keys.__getitem__)
    conn.executemany("UPDATE fingerprints SET duplicate_of = ? WHERE doc_id = ?",
                     [(None if i == original else original, i) for i in keys])


def index_document(conn: sqlite3.Connection, doc: Document) -> None:
    """Store ``doc``'s signature and band keys and re-link its group of copies (inside
    the caller's transaction, after the ``documents`` row and :func:`ensure_tables`;
    an earlier version's rows are replaced)."""
    conn.execute("DELETE FROM fingerprint_bands WHERE doc_id = ?", (doc.id,))
    conn.execute("DELETE FROM fingerprints WHERE doc_id = ?", (doc.id,))
    sig = signature(doc.text)
    conn.execute("INSERT INTO fingerprints VALUES (?,?,?)",
                 (doc.id, None, sig.tobytes() if sig is not None else None))
    if sig is None:
        return
    conn.executemany("INSERT INTO fingerprint_bands VALUES (?,?,?)",
                     [(doc.id, band, key) for band, key in _bands(sig)])
    matches = _matches(conn, doc.id, sig)
    if not matches:
        return
    marks = ",".join("?" * len(matches))
    # the copies already linked with the matches belong to the same group
    group = {doc.id} | matches | {r[0] for r in conn.execute(
        f"SELECT doc_id FROM fingerprints WHERE duplicate_of IN ({marks}) "  # noqa: S608
        f"OR doc_id IN (SELECT duplicate_of FROM fingerprints WHERE doc_id IN ({marks}))",
        [*matches, *matches]) if r[0]}
    _relink(conn, group)


def original_of(conn: sqlite3.Connection, doc_id: str) -> str | None:
    """Id of the original of which ``doc_id`` is a later copy, else None."""
    if not _has_tables(conn):
        return None
    row = conn.execute("SELECT duplicate_of FROM fingerprints WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='fingerprints'").fetchone() is not None


def duplicate_ids(conn: sqlite3.Connection) -> dict[str, str]:
    """Later copy -> its original, for every copy whose original is in the index."""
    if not _has_tables(conn):
        return {}
    return dict(conn.execute("SELECT doc_id, duplicate_of FROM fingerprints "
                             "WHERE duplicate_of IN (SELECT id FROM documents)"))
