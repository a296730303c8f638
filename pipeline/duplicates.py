"""The same report twice: MinHash over character shingles of the body text.

A second rendering of a report (Word and its PDF, another producer, a
re-upload with a new cover date) has a different file hash but nearly the same
body text.  :func:`signature` is a MinHash of the text's 5-character shingles
(folded: NFKC, no spaces or punctuation); two signatures agreeing on a share of
their slots estimate the Jaccard similarity of the shingle sets.

In the corpus index each document keeps its signature in ``fingerprints`` and
its LSH band keys in ``fingerprint_bands`` (16 bands of 4 slots: a pair at
Jaccard 0.8 shares a band with probability > 0.999), so a new document is only
compared with the few documents sharing a band.  The later of two documents
(the one stored second) gets ``duplicate_of`` = the earlier one's id.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
import zlib

import numpy as np

from pipeline.document import Document

SHINGLE = 5  # characters per shingle (CJK text: ~2-3 words)
PERMUTATIONS = 64
BANDS = 16  # PERMUTATIONS = BANDS * rows
THRESHOLD = 0.8  # estimated Jaccard similarity from which two reports are one
MIN_SHINGLES = 50  # shorter texts carry too little to judge
_PRIME = (1 << 31) - 1
_rng = np.random.default_rng(20240614)  # fixed seed: signatures are stable across runs
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.int64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.int64)
_DROP = re.compile(r"[\W_]+", re.UNICODE)

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


def fold_text(text: str) -> str:
    """NFKC, letters and digits only (spacing, punctuation and line breaks differ
    between renderings of one report)."""
    return _DROP.sub("", unicodedata.normalize("NFKC", text)).lower()


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (``PERMUTATIONS`` int64 values) of the text's shingles, or
    None for a text too short to compare."""
    folded = fold_text(text)
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


def find_original(conn: sqlite3.Connection, doc: Document) -> str | None:
    """Id of an indexed document with the same report as ``doc`` (its original when
    that one is itself a duplicate), or None."""
    sig = signature(doc.text)
    if sig is None:
        return None
    ensure_tables(conn)
    bands = _bands(sig)
    found = conn.execute(
        "SELECT DISTINCT f.doc_id, f.duplicate_of, f.minhash FROM fingerprint_bands b "
        "JOIN fingerprints f ON f.doc_id = b.doc_id WHERE b.doc_id != ? AND ("
        + " OR ".join("(b.band = ? AND b.key = ?)" for _ in bands) + ")",
        [doc.id, *[v for pair in bands for v in pair]]).fetchall()
    best: tuple[float, str] | None = None
    for other_id, other_original, blob in found:
        if (other_original or other_id) == doc.id:
            continue  # a later copy of this very document
        score = similarity(sig, np.frombuffer(blob, dtype=np.int64))
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, other_original or other_id)
    return best[1] if best else None


def index_document(conn: sqlite3.Connection, doc: Document) -> None:
    """Store ``doc``'s signature, band keys and ``duplicate_of`` (inside the caller's
    transaction; the rows of an earlier version of the document are replaced)."""
    ensure_tables(conn)
    conn.execute("DELETE FROM fingerprint_bands WHERE doc_id = ?", (doc.id,))
    conn.execute("DELETE FROM fingerprints WHERE doc_id = ?", (doc.id,))
    sig = signature(doc.text)
    conn.execute("INSERT INTO fingerprints VALUES (?,?,?)",
                 (doc.id, doc.duplicate_of, sig.tobytes() if sig is not None else None))
    if sig is not None:
        conn.executemany("INSERT INTO fingerprint_bands VALUES (?,?,?)",
                         [(doc.id, band, key) for band, key in _bands(sig)])


def duplicate_ids(conn: sqlite3.Connection) -> set[str]:
    """Ids of the documents recorded as a duplicate of another."""
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='fingerprints'").fetchone()
    if not has:
        return set()
    return {r[0] for r in conn.execute("SELECT doc_id FROM fingerprints WHERE duplicate_of IS NOT NULL")}
