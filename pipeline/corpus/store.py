"""The corpus store: document JSON files, their SQLite index, the error log, the writer lock.

The batch that runs the per-document step over files is :mod:`pipeline.corpus.ingest`.

A corpus is a folder::
    <root>/documents/<id>.json   one JSON file per document (the source of truth)
    <root>/index.sqlite          the derived SQLite index (pipeline.corpus.index)
    <root>/errors.jsonl          one line per input that produced no document

Writes happen in the main process only: the JSON file first (temp file, fsync,
``os.replace``), then the index row in one SQLite transaction.  Every ingest
starts by reconciling the two, so a crash between the steps heals itself.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.corpus.index import (
    indexed_ids,
    open_index,
    remove_document,
    summary,
    upsert_document,
    upsert_documents,
)
from pipeline.document import Document
from pipeline.errors import AmbiguousId, CorpusError, DocumentNotFound, IndexCorrupt, IndexSchemaMismatch

__all__ = ["AmbiguousId", "Corpus", "CorpusError", "DocumentNotFound", "IngestError", "atomic_write_text"]

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def atomic_write_text(path: Path, text: str, sync_dir: bool = True) -> None:
    """Write ``text`` to ``path`` so readers see the old file or the new one, never a
    torn one: temp file in the same directory, fsync, ``os.replace``, fsync the dir
    (unless ``sync_dir`` is false: the caller does it once for several files)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:  # includes KeyboardInterrupt: leave no temp file behind
        tmp.unlink(missing_ok=True)
        raise
    if sync_dir:
        fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make the renames into ``folder`` durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # make the rename itself durable
    finally:
        os.close(dir_fd)


@dataclass
class IngestError:
    """One input that produced no document (also a line of errors.jsonl)."""

    path: str
    filename: str
    code: str
    message: str
    time: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, str]:
        return {"time": self.time, "path": self.path, "filename": self.filename,
                "code": self.code, "message": self.message}


class Corpus:
    """A corpus folder: document JSON files, the SQLite index and the error log."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @property
    def documents_dir(self) -> Path:
        return self.root / "documents"

    @property
    def index_path(self) -> Path:
        return self.root / "index.sqlite"

    @property
    def errors_path(self) -> Path:
        return self.root / "errors.jsonl"

    def exists(self) -> bool:
        """True if the folder looks like a corpus (has a documents folder or an index)."""
        return self.documents_dir.is_dir() or self.index_path.is_file()

    def json_path(self, doc_id: str) -> Path:
        return self.documents_dir / f"{doc_id}.json"

    def relative(self, path: Path) -> str:
        """``path`` relative to the corpus root (stored in the index: corpora can move)."""
        return path.relative_to(self.root).as_posix()

    def has(self, doc_id: str) -> bool:
        return self.json_path(doc_id).is_file()

    def json_files(self) -> list[Path]:
        """Every document JSON file, sorted by id."""
        if not self.documents_dir.is_dir():
            return []
        return sorted(self.documents_dir.glob("*.json"))

    def ids(self) -> list[str]:
        return [p.stem for p in self.json_files()]

    def load_json(self, path: Path) -> Document:
        """Read one document file; :class:`CorpusError` if it is not a valid document."""
        try:
            doc = Document.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CorpusError(f"{path}: not a readable document: {exc}") from exc
        if doc.id != path.stem:
            raise CorpusError(f"{path}: holds document {doc.id!r}, not {path.stem!r}")
        return doc

    def read_document(self, doc_id: str) -> Document:
        """Load a document by its full id (see :func:`get_document` for prefixes)."""
        path = self.json_path(doc_id)
        if not path.is_file():
            raise DocumentNotFound(f"{doc_id}: no such document in {self.root}")
        return self.load_json(path)

    def write_document(self, doc: Document, sync_dir: bool = True) -> Path:
        """Atomically write ``doc`` as ``documents/<id>.json`` and return the path."""
        self.documents_dir.mkdir(parents=True, exist_ok=True)
        path = self.json_path(doc.id)
        atomic_write_text(path, json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n",
                          sync_dir)
        return path

    def store(self, conn: Any, doc: Document) -> Path:
        """Write the JSON, then index it (this order lets :meth:`reconcile` heal a crash)."""
        return self.store_many(conn, [doc])[0]

    def store_many(self, conn: Any, docs: list[Document]) -> list[Path]:
        """:meth:`store` for several documents with one directory fsync and one index
        transaction (a group commit: the fsyncs, not the documents, bound a writer)."""
        for doc in docs:
            doc.pipeline.setdefault("ingested_at", _now())
        if len(docs) > 1:
            # The files' fsyncs at once: the file system commits its journal for several
            # of them together instead of once per file (fsync releases the GIL).
            with ThreadPoolExecutor(max_workers=min(8, len(docs))) as pool:
                paths = list(pool.map(lambda d: self.write_document(d, sync_dir=False), docs))
        else:
            paths = [self.write_document(doc, sync_dir=False) for doc in docs]
        if paths:
            fsync_dir(self.documents_dir)
        upsert_documents(conn, [(doc, self.relative(path), path.stat().st_mtime_ns)
                                for doc, path in zip(docs, paths, strict=True)])
        return paths

    def record_error(self, error: IngestError) -> None:
        """Append one line to errors.jsonl (a single write, flushed to disk)."""
        self.root.mkdir(parents=True, exist_ok=True)
        line = json.dumps(error.to_dict(), ensure_ascii=False) + "\n"
        with open(self.errors_path, "a", encoding="utf-8") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def read_errors(self) -> list[dict[str, str]]:
        """The records of errors.jsonl, oldest first."""
        if not self.errors_path.is_file():
            return []
        lines = self.errors_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def cleanup_temp(self) -> int:
        """Delete temp files left by an interrupted write; returns how many."""
        n = 0
        for folder in (self.root, self.documents_dir):
            if folder.is_dir():
                for tmp in folder.glob("*.tmp"):
                    tmp.unlink(missing_ok=True)
                    n += 1
        return n

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Exclusive writer lock (one ingest/rebuild at a time per corpus)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise CorpusError(f"{self.root}: corpus is busy (another ingest is running)") from exc
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def connect(self, create: bool = True) -> Any:
        """Open the index (a ``sqlite3.Connection``); an index written by another
        schema version, or not a database at all, is rebuilt from the JSON files
        (it is derived data)."""
        if not create and not self.exists():
            raise CorpusError(f"{self.root}: no corpus here (run `tripreport ingest` first)")
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            return open_index(self.index_path)
        except (IndexSchemaMismatch, IndexCorrupt):
            rebuild(self)
            return open_index(self.index_path)

    def open_for_reading(self) -> Any:
        """Open the index of an existing corpus for queries; if its ids differ from the
        JSON files (index deleted, crash mid-ingest), reconcile first when no writer
        holds the corpus."""
        conn = self.connect(create=False)
        if set(indexed_ids(conn)) != set(self.ids()):
            try:
                with self.lock():
                    self.reconcile(conn)
            except CorpusError:  # an ingest is running and will reconcile itself
                pass
        return conn

    def reconcile(self, conn: Any) -> tuple[int, int, list[str]]:
        """Make the index match the JSON files: index files missing from it (or
        rewritten since), drop rows whose file is gone.

        Returns ``(indexed, removed, problems)``; unreadable JSON files are reported
        in ``problems`` and left out of the index.
        """
        on_disk = {p.stem: p for p in self.json_files()}
        indexed = indexed_ids(conn)
        n_indexed, problems = 0, []
        for doc_id, path in on_disk.items():
            mtime = path.stat().st_mtime_ns
            if doc_id in indexed and indexed[doc_id] == mtime:
                continue
            try:
                doc = self.load_json(path)
            except CorpusError as exc:
                problems.append(str(exc))
                if doc_id in indexed:
                    remove_document(conn, doc_id)
                continue
            upsert_document(conn, doc, self.relative(path), mtime)
            n_indexed += 1
        gone = [i for i in indexed if i not in on_disk]
        for doc_id in gone:
            remove_document(conn, doc_id)
        return n_indexed, len(gone), problems


def rebuild_index(corpus: Corpus) -> dict[str, Any]:
    """Rebuild the corpus index from its JSON files (under the writer lock)."""
    if not corpus.exists():
        raise CorpusError(f"{corpus.root}: no corpus here")
    with corpus.lock():
        corpus.cleanup_temp()
        return rebuild(corpus)


def rebuild(corpus: Corpus) -> dict[str, Any]:
    """Recreate the index from the corpus JSON files; returns :func:`summary` of it.

    Built into a temporary database next to the index and swapped in with
    ``os.replace``, so readers see either the old or the new index, never half of one.
    """
    corpus.root.mkdir(parents=True, exist_ok=True)
    final = corpus.index_path
    tmp = final.with_name(f"{final.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = open_index(tmp)
    try:
        for path in corpus.json_files():
            doc = corpus.load_json(path)
            upsert_document(conn, doc, corpus.relative(path), path.stat().st_mtime_ns)
        result = summary(conn)
        conn.close()
        # A leftover hot journal belongs to the old file; it must not be replayed
        # onto the new one.
        final.with_name(final.name + "-journal").unlink(missing_ok=True)
        os.replace(tmp, final)
    except BaseException:
        conn.close()
        tmp.unlink(missing_ok=True)
        raise
    return result


def get_document(corpus: Corpus, id_or_prefix: str) -> Document:
    """Load a document by full id or unique id prefix (read from its JSON file).

    Raises :class:`DocumentNotFound` or :class:`AmbiguousId`.
    """
    key = id_or_prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{1,64}", key):
        raise DocumentNotFound(f"{id_or_prefix}: not a document id (hex digits expected)")
    matches = [p for p in corpus.json_files() if p.stem.startswith(key[:16])]
    if not matches:
        raise DocumentNotFound(f"{id_or_prefix}: no such document in {corpus.root}")
    if len(matches) > 1:
        ids = ", ".join(p.stem for p in matches[:5])
        raise AmbiguousId(f"{id_or_prefix}: ambiguous id prefix ({len(matches)} documents: {ids}…)")
    return corpus.load_json(matches[0])
