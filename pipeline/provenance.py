"""What made a document, and which stored documents an upgrade must redo.

Every document records the pipeline version and a fingerprint of the files under
``models/`` and ``configs/`` that made it (``doc.pipeline["version"]`` and
``["fingerprint"]``).  A stored document whose record differs from the running
pipeline's is *stale*: ``tripreport ingest --upgrade`` reprocesses it from the
source file recorded in it (``source.path``), ``tripreport summary`` counts them.

Reading every JSON file to find stale documents would cost minutes on a large
corpus, so what each file records is cached in the index (table ``provenance``,
keyed by document id and checked against the file's mtime; derived data like the
rest of the index): only files written since the last look are read.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import __version__, resources

if TYPE_CHECKING:
    from pipeline.corpus.store import Corpus

__all__ = ["Made", "adopt_fingerprint", "fingerprint", "made_by", "is_stale", "stored_provenance"]

FINGERPRINTED = ("models", "configs")

_TABLE = """CREATE TABLE IF NOT EXISTS provenance (
    doc_id TEXT PRIMARY KEY, json_mtime INTEGER, version TEXT, fingerprint TEXT, source_path TEXT)"""


@lru_cache(maxsize=1)
def fingerprint(root: Path | None = None) -> str:
    """16 hex digits of a SHA-256 over the path and content of every file under
    ``models/`` and ``configs/`` of ``root`` (default: the data home,
    :func:`pipeline.resources.home`), computed once per process."""
    root = root if root is not None else resources.home()
    outer = hashlib.sha256()
    for folder in FINGERPRINTED:
        base = root / folder
        for path in sorted(p for p in base.rglob("*") if p.is_file()):
            rel = path.relative_to(root)
            if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                continue
            inner = hashlib.sha256()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    inner.update(block)
            outer.update(rel.as_posix().encode() + b"\0" + inner.digest())
    return outer.hexdigest()[:16]


# Set in worker processes from their parent's fingerprint (adopt_fingerprint), so that
# every worker does not hash ~40 MB of models and configs again at start.
_adopted: str | None = None


def adopt_fingerprint(value: str | None) -> None:
    """Use ``value`` (computed by the parent process over the same files) as this
    process's fingerprint instead of hashing the files again; ``None`` forgets it."""
    global _adopted
    _adopted = value


def made_by() -> dict[str, str]:
    """The running pipeline's record, as stored in ``doc.pipeline``."""
    return {"version": __version__, "fingerprint": _adopted or fingerprint()}


def is_stale(pipeline: dict[str, Any]) -> bool:
    """True if a document's ``pipeline`` record is not the running pipeline's."""
    current = made_by()
    return any(pipeline.get(key) != value for key, value in current.items())


@dataclass(frozen=True)
class Made:
    """What one stored document records about its making."""

    doc_id: str
    version: str | None
    fingerprint: str | None
    source_path: str | None

    @property
    def stale(self) -> bool:
        return is_stale({"version": self.version, "fingerprint": self.fingerprint})


def stored_provenance(corpus: Corpus, conn: sqlite3.Connection) -> list[Made]:
    """The record of every indexed document, reading only JSON files that changed
    since they were last cached (the cache is skipped if the index is read-only or
    busy)."""
    try:
        conn.execute(_TABLE)
    except sqlite3.OperationalError:
        return _read_all(corpus, conn)
    rows = conn.execute(
        "SELECT d.id, p.json_mtime, p.version, p.fingerprint, p.source_path "
        "FROM documents d LEFT JOIN provenance p ON p.doc_id = d.id ORDER BY d.id").fetchall()
    out, fresh = [], []
    for doc_id, cached_mtime, version, fp, source in rows:
        mtime = _mtime(corpus, doc_id)
        if cached_mtime is None or cached_mtime != mtime:
            version, fp, source = _read_one(corpus, doc_id)
            fresh.append((doc_id, mtime, version, fp, source))
        out.append(Made(doc_id, version, fp, source))
    if fresh:
        try:
            with conn:
                conn.executemany("INSERT OR REPLACE INTO provenance VALUES (?,?,?,?,?)", fresh)
        except sqlite3.OperationalError:  # busy or read-only: the answer is right anyway
            pass
    return out


def _mtime(corpus: Corpus, doc_id: str) -> int | None:
    try:
        return corpus.json_path(doc_id).stat().st_mtime_ns
    except OSError:
        return None


def _read_all(corpus: Corpus, conn: sqlite3.Connection) -> list[Made]:
    ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]
    return [Made(i, *_read_one(corpus, i)) for i in ids]


def _read_one(corpus: Corpus, doc_id: str) -> tuple[str | None, str | None, str | None]:
    try:
        data = json.loads(corpus.json_path(doc_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None, None
    pipeline = data.get("pipeline") or {}
    source = data.get("source") or {}
    return pipeline.get("version"), pipeline.get("fingerprint"), source.get("path")
