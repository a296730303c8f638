"""Corpus writer: atomic writes, skip unchanged, errors.jsonl, reconcile, workers.

These tests run the corpus machinery with :func:`text_processor`, a small real
processing step for UTF-8 text files (no PDFs needed); end-to-end runs on real
PDFs are in test_cli.py.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.annotations import Entity, Mention, SectorEvidence, SectorScore
from pipeline.corpus.index import indexed_ids, open_index, upsert_document
from pipeline.corpus.ingest import expand_paths, ingest
from pipeline.corpus.store import Corpus, atomic_write_text
from pipeline.document import Block, Document, Metadata, Page, Person, Section, Source, Table
from pipeline.errors import CorpusError

REPO = Path(__file__).resolve().parents[1]

REPORT_TEXT = """壹、目的
經濟部工業局赴日本千葉縣及福島縣考察半導體與氫能產業。
貳、過程
一、拜訪福島再生可能エネルギー研究所
福島県郡山市にある産業技術総合研究所の研究拠点を訪問した。
參、心得及建議
建議持續推動臺日機器人產業合作。
"""


def make_doc(text: str = REPORT_TEXT, filename: str = "report.pdf", *,
             data: bytes | None = None, title: str = "赴日本千葉及福島考察報告") -> Document:
    """A complete document (cover metadata, sections, blocks, a table) from text."""
    raw = data if data is not None else text.encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    doc = Document(id=sha[:16], source=Source(filename=filename, sha256=sha, size=len(raw), pages=2))
    doc.metadata = Metadata(
        category="考察", title=title, agency="經濟部工業局",
        authors=[Person(name="王大明", title="科長", unit="產業發展組")],
        countries=["日本"], places=["千葉縣", "福島縣"],
        period_start="2019-10-01", period_end="2019-10-05", report_date="2019-12-20")
    doc.pages = [Page(number=1, text=title, kind="cover"), Page(number=2, text=text)]
    doc.text = text
    sec_id = None
    count = 0
    for line in text.splitlines():
        if line[:1] in "壹貳參肆" and "、" in line:
            count += 1
            sec_id = str(count)
            num, title_ = line.split("、", 1)
            doc.sections.append(Section(id=sec_id, number=num, title=title_, level=1, page=2))
        elif line.strip():
            lang = "ja" if any("\u3040" <= ch <= "\u30ff" for ch in line) else "zh-Hant"
            doc.blocks.append(Block(lang=lang, text=line, section=sec_id, page=2))
            if doc.sections:
                doc.sections[-1].text += line + "\n"
    doc.tables = [Table(caption="表1 出席人員", page=2, header=["姓名", "職稱"],
                        rows=[["山田太郎", "課長"], ["佐藤花子", "主任"]], pages=[2],
                        section="2", kind="attendees")]
    doc.people = [Person(name="山田太郎", title="課長", source_table=0),
                  Person(name="佐藤花子", title="主任", source_table=0)]
    doc.sectors = [SectorScore(label="semiconductor", name="半導體", score=0.9, assigned=True,
                               threshold=0.5, sections=["1"], share=0.4,
                               evidence=[SectorEvidence(text="半導體", score=0.8, section="1",
                                                        number="壹", title="目的")])]
    doc.sections[0].sectors = [SectorScore(label="hydrogen", name="氫能", score=0.7, assigned=True)]
    doc.entities = [Entity(text="產業技術總合研究所", label="ORG", canonical="産業技術総合研究所",
                           canonical_id="ORG:0123456789ab", lang="zh-Hant", count=2,
                           mentions=[Mention(start=0, end=9)], sources=["gazetteer"])]
    return doc


def text_processor(data: bytes, filename: str, path: str | None = None) -> Document:
    """A real (tiny) step for text files with process_bytes' contract: never raises.

    Lines starting with "PARTIAL" give a partial document; "CRASH" kills the worker
    process (to test BrokenProcessPool handling); empty or non-UTF-8 input fails.
    """
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(b"CRASH"):
        os._exit(3)
    if not data:
        doc = Document(id=sha[:16], source=Source(filename=filename, sha256=sha, size=0, path=path))
        doc.fail("extract", "empty", "empty file")
        return doc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        doc = Document(id=sha[:16], source=Source(filename=filename, sha256=sha, size=len(data)))
        doc.fail("extract", "not_text", "not a UTF-8 text file")
        return doc
    doc = make_doc(text, filename, data=data)
    doc.source.path = path
    if text.startswith("PARTIAL"):
        doc.add_error("tables", "stage_error", "simulated stage failure")
    return doc


def write_inputs(folder: Path, n: int = 3) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"r{i}.pdf"
        p.write_text(REPORT_TEXT + f"第{i}號報告\n", encoding="utf-8")
        paths.append(p)
    return paths


def count(corpus: Corpus, table: str = "documents") -> int:
    conn = sqlite3.connect(corpus.index_path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def test_ingest_writes_json_and_index(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in")
    corpus = Corpus(tmp_path / "corpus")
    report = ingest([tmp_path / "in"], corpus, processor=text_processor)
    assert len(report.added) == 3 and not report.failed and not report.skipped
    assert sorted(corpus.ids()) == sorted(report.added)
    stored = corpus.json_path(report.added[0]).read_text(encoding="utf-8")
    assert "經濟部工業局" in stored  # UTF-8, not \\u-escaped
    data = json.loads(stored)
    assert data["id"] == report.added[0] and data["pipeline"]["ingested_at"]
    assert count(corpus) == 3 and count(corpus, "people") == 9 and count(corpus, "tables") == 3
    assert not list(corpus.root.rglob("*.tmp"))
    assert inputs  # inputs untouched
    assert all(p.is_file() for p in inputs)


def test_reingest_unchanged_is_skipped(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 2)
    corpus = Corpus(tmp_path / "corpus")
    ingest([tmp_path / "in"], corpus, processor=text_processor)
    mtimes = {p: p.stat().st_mtime_ns for p in corpus.json_files()}
    (tmp_path / "in" / "new.PDF").write_text(REPORT_TEXT + "新報告\n", encoding="utf-8")
    report = ingest([tmp_path / "in"], corpus, processor=text_processor)
    assert (len(report.added), len(report.skipped), len(report.failed)) == (1, 2, 0)
    assert all(p.stat().st_mtime_ns == m for p, m in mtimes.items())  # not rewritten
    # the same content under another name is the same document
    (tmp_path / "copy.pdf").write_bytes((tmp_path / "in" / "r0.pdf").read_bytes())
    assert len(ingest([tmp_path / "copy.pdf"], corpus, processor=text_processor).skipped) == 1
    assert count(corpus) == 3


def test_failures_go_to_errors_jsonl_not_documents(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 1)
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    (tmp_path / "in" / "binary.pdf").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "in" / "partial.pdf").write_text("PARTIAL\n" + REPORT_TEXT, encoding="utf-8")
    (tmp_path / "in" / "notes.txt").write_text("ignored when walking a folder", encoding="utf-8")
    named = tmp_path / "named.txt"  # an explicitly named file is tried whatever its extension
    named.write_text(REPORT_TEXT + "named\n", encoding="utf-8")
    corpus = Corpus(tmp_path / "corpus")
    events = []
    report = ingest([tmp_path / "in", named, tmp_path / "nope.pdf"], corpus,
                    progress=events.append, processor=text_processor)
    assert len(report.added) == 3 and len(report.partial) == 1
    assert {e.code for e in report.failed} == {"empty", "not_text", "missing"}
    records = corpus.read_errors()
    assert [r["filename"] for r in records] == [e.filename for e in report.failed]
    assert set(records[0]) == {"time", "path", "filename", "code", "message"}
    assert any(r["path"].endswith("nope.pdf") for r in records)
    assert len(corpus.ids()) == 3  # failed inputs are not written as documents
    partial = corpus.read_document(report.partial[0])
    assert partial.status == "partial" and partial.errors[0].code == "stage_error"
    assert [e.done for e in events] == list(range(1, 7)) and {e.total for e in events} == {6}


def test_expand_paths(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "dir.pdf").mkdir()  # a folder named like a PDF is not a file
    (tmp_path / "none").mkdir()
    (tmp_path / "none" / "notes.txt").write_text("x")
    os.mkfifo(tmp_path / "fifo.pdf")  # reading it would block the batch
    for name in ("a/x.pdf", "a/b/y.Pdf", "a/z.txt"):
        (tmp_path / name).write_text("x")
    files, rejected = expand_paths([tmp_path / "a", tmp_path / "a" / "x.pdf", tmp_path / "m",
                                    tmp_path / "none", tmp_path / "fifo.pdf"])
    assert [f.name for f in files] == ["y.Pdf", "x.pdf"]
    assert [(p.name, code) for p, code, _ in rejected] == [
        ("m", "missing"), ("none", "no_pdfs"), ("fifo.pdf", "not_a_file")]


def test_folder_without_pdfs_is_an_error_not_silence(tmp_path: Path) -> None:
    # Regression: `ingest empty_dir` used to print "added 0 ... failed 0" and exit 0.
    (tmp_path / "empty").mkdir()
    corpus = Corpus(tmp_path / "corpus")
    report = ingest([tmp_path / "empty"], corpus, processor=text_processor)
    assert [(e.code, e.filename) for e in report.failed] == [("no_pdfs", "empty")]
    assert not report.ok and corpus.read_errors()[0]["code"] == "no_pdfs"


def test_atomic_write_leaves_old_file_on_interrupt(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "doc.json"
    atomic_write_text(target, "old")

    def interrupted_fsync(fd: int) -> None:  # Ctrl-C while the temp file is flushed
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted_fsync)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"]


def test_reconcile_heals_crash_between_json_and_index(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 2)
    corpus = Corpus(tmp_path / "corpus")
    ingest([tmp_path / "in"], corpus, processor=text_processor)
    # Simulated crash: a JSON written whose index row never was, an index row whose
    # JSON is gone, and a temp file from an interrupted write.
    gone = corpus.ids()[0]
    orphan = make_doc(REPORT_TEXT + "孤兒文件\n", "orphan.pdf")
    corpus.write_document(orphan)
    corpus.json_path(gone).unlink()
    (corpus.documents_dir / ".x.json.123.tmp").write_text("{")
    assert count(corpus) == 2
    report = ingest([], corpus, processor=text_processor)
    assert report.reconciled == (1, 1)
    conn = open_index(corpus.index_path)
    ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert ids == set(corpus.ids()) and orphan.id in ids and gone not in ids
    assert conn.execute("SELECT count(*) FROM fts WHERE doc_id = ?", (gone,)).fetchone()[0] == 0
    conn.close()
    assert not list(corpus.root.rglob("*.tmp"))


def test_reconcile_reports_unreadable_json(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus")
    corpus.documents_dir.mkdir(parents=True)
    (corpus.documents_dir / "0123456789abcdef.json").write_text("{not json", encoding="utf-8")
    report = ingest([], corpus, processor=text_processor)
    assert len(report.warnings) == 1 and "0123456789abcdef" in report.warnings[0]
    assert count(corpus) == 0


def test_interrupt_during_index_write_keeps_index_consistent(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus")
    conn = corpus.connect()
    doc = make_doc()
    corpus.store(conn, doc)

    class Interrupting(Document):
        @property
        def tables(self):  # type: ignore[override]
            raise KeyboardInterrupt

        @tables.setter
        def tables(self, value):  # type: ignore[override]
            pass

    bad = Interrupting(id=doc.id, source=doc.source, metadata=Metadata(title="changed"))
    with pytest.raises(KeyboardInterrupt):
        upsert_document(conn, bad, "documents/x.json")
    # rolled back: the previous rows are all still there
    assert conn.execute("SELECT title FROM documents").fetchone()[0] == doc.metadata.title
    assert conn.execute("SELECT count(*) FROM tables").fetchone()[0] == 1
    conn.close()


def test_writer_lock(tmp_path: Path) -> None:
    corpus = Corpus(tmp_path / "corpus")
    with corpus.lock():
        with pytest.raises(CorpusError, match="busy"):
            ingest([], Corpus(tmp_path / "corpus"), processor=text_processor)


def _docs(corpus: Corpus) -> dict[str, dict]:
    out = {}
    for p in corpus.json_files():
        d = json.loads(p.read_text(encoding="utf-8"))
        d.pop("pipeline")
        out[p.stem] = d
    return out


@pytest.mark.slow
def test_workers_give_same_documents_and_survive_a_crash(tmp_path: Path) -> None:
    inputs = write_inputs(tmp_path / "in", 4)
    (tmp_path / "in" / "crash.pdf").write_bytes(b"CRASH the worker")
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    serial, parallel = Corpus(tmp_path / "s"), Corpus(tmp_path / "p")
    ingest(inputs, serial, processor=text_processor)
    report = ingest([tmp_path / "in"], parallel, workers=2, processor=text_processor)
    assert len(report.added) == 4
    assert {(e.filename, e.code) for e in report.failed} == {("crash.pdf", "worker_crash"),
                                                            ("empty.pdf", "empty")}
    assert _docs(serial) == _docs(parallel)
    assert count(parallel) == 4


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_ctrl_c_mid_batch_leaves_consistent_corpus(tmp_path: Path, workers: int) -> None:
    from limit_steps import paced  # here: limit_steps imports this module

    write_inputs(tmp_path / "in", 5)
    corpus = Corpus(tmp_path / "corpus")

    def interrupt_after_two(ev) -> None:
        if ev.done == 2:  # Ctrl-C: SIGINT, which Python raises in the main thread
            os.kill(os.getpid(), signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        ingest([tmp_path / "in"], corpus, workers=workers, progress=interrupt_after_two,
               processor=paced)
    assert not list(corpus.root.rglob("*.tmp"))
    conn = open_index(corpus.index_path)
    assert {r[0] for r in conn.execute("SELECT id FROM documents")} == set(corpus.ids())
    conn.close()
    # The writer thread stores what the workers returned before the interrupt
    # reached the main thread: the two reported and perhaps the one(s) in flight.
    stored = len(corpus.ids())
    assert 2 <= stored < 5
    report = ingest([tmp_path / "in"], corpus, workers=workers, processor=text_processor)
    assert (len(report.added), len(report.skipped)) == (5 - stored, stored)


def test_reading_heals_a_deleted_index(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 2)
    corpus = Corpus(tmp_path / "corpus")
    ingest([tmp_path / "in"], corpus, processor=text_processor)
    corpus.index_path.unlink()
    conn = corpus.open_for_reading()
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    conn.close()
    with pytest.raises(CorpusError, match="no corpus"):
        Corpus(tmp_path / "elsewhere").open_for_reading()


def test_force_reprocesses_existing_documents(tmp_path: Path) -> None:
    write_inputs(tmp_path / "in", 2)
    corpus = Corpus(tmp_path / "corpus")
    first = ingest([tmp_path / "in"], corpus, processor=text_processor)
    stamp = corpus.read_document(first.added[0]).pipeline["ingested_at"]
    report = ingest([tmp_path / "in"], corpus, processor=text_processor, force=True)
    assert sorted(report.added) == sorted(first.added) and not report.skipped
    assert corpus.read_document(first.added[0]).pipeline["ingested_at"] >= stamp
    assert count(corpus) == 2 and count(corpus, "people") == 6


# --- real signals on a real ingest process ------------------------------------------------

_SLOW_WORKER = '''
import sys, time
sys.path.insert(0, {tests!r})
import test_corpus


def slow(data, filename, path=None):
    time.sleep(0.15)  # long enough to be killed between two documents or inside one
    return test_corpus.text_processor(data, filename, path)
'''

_RUNNER = '''
import sys
sys.path.insert(0, {tmp!r})
import slowproc
from pipeline.corpus.store import Corpus
from pipeline.corpus.ingest import ingest

ingest([{inputs!r}], Corpus({corpus!r}), workers={workers}, processor=slowproc.slow,
       progress=lambda ev: print(ev.done, flush=True))
'''


@pytest.mark.parametrize(("sig", "workers"), [(signal.SIGKILL, 1), (signal.SIGINT, 1),
                                              (signal.SIGKILL, 2)])
@pytest.mark.slow
def test_killed_ingest_process_leaves_a_corpus_that_heals(tmp_path: Path, sig: int,
                                                          workers: int) -> None:
    """SIGKILL (no clean-up at all) or SIGINT after two documents: every JSON file
    that exists is whole, reading the corpus reconciles the index with them, and the
    next ingest adds exactly the rest."""
    write_inputs(tmp_path / "in", 6)
    (tmp_path / "slowproc.py").write_text(
        _SLOW_WORKER.format(tests=str(Path(__file__).resolve().parent)), encoding="utf-8")
    corpus = Corpus(tmp_path / "corpus")
    code = _RUNNER.format(tmp=str(tmp_path), inputs=str(tmp_path / "in"),
                          corpus=str(corpus.root), workers=workers)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "2":
                break
        proc.send_signal(sig)
        rc = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert rc != 0  # it did not finish the batch
    ids = corpus.ids()
    assert 2 <= len(ids) < 6
    for doc_id in ids:  # no torn JSON file, whatever the moment of the kill
        assert corpus.read_document(doc_id).id == doc_id
    if sig == signal.SIGINT:  # a clean stop: no temp file, index already in step
        assert not list(corpus.root.rglob("*.tmp"))
        conn = open_index(corpus.index_path)
        assert set(indexed_ids(conn)) == set(ids)
        conn.close()
    conn = corpus.open_for_reading()  # heals an index left behind by SIGKILL
    assert set(indexed_ids(conn)) == set(ids)
    conn.close()
    report = ingest([tmp_path / "in"], corpus, processor=text_processor)
    assert (len(report.added), len(report.skipped), report.failed) == (6 - len(ids), len(ids), [])
    assert count(corpus) == 6 and not list(corpus.root.rglob("*.tmp"))
