"""The corpus commands, run through Typer's CliRunner and checked via the Python API.

The first group uses a corpus built from constructed documents; the end-to-end
group ingests the real sample PDFs (skipped while the pipeline is incomplete).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pdf_factory
import pytest
from test_corpus import text_processor, write_inputs
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.corpus.index import open_index, summary
from pipeline.corpus.ingest import ingest
from pipeline.corpus.store import Corpus
from pipeline.schema import validate_document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

runner = CliRunner()


def run(*args: str | Path, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error: ")]


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Corpus:
    corpus = Corpus(tmp_path / "corpus")
    ingest(write_inputs(tmp_path / "in", 2), corpus, processor=text_processor)
    return corpus


def test_show_json_and_summary(small_corpus: Corpus) -> None:
    doc_id = small_corpus.ids()[0]
    res = run("show", doc_id[:7], "--corpus", small_corpus.root)
    assert res.exit_code == 0, res.stderr
    assert "經濟部工業局" in res.stdout  # not ASCII-escaped
    assert json.loads(res.stdout)["id"] == doc_id
    res = run("show", doc_id, "--corpus", small_corpus.root, "--format", "summary")
    assert res.exit_code == 0 and doc_id in res.stdout and "貳 過程" in res.stdout


def test_show_unknown_and_bad_corpus(small_corpus: Corpus, tmp_path: Path) -> None:
    missing = "f" * 16 if not small_corpus.ids()[0].startswith("f") else "0" * 16
    res = run("show", missing, "--corpus", small_corpus.root)
    assert res.exit_code == 1 and error_lines(res.stderr)
    res = run("show", "abc", "--corpus", tmp_path / "nowhere")
    assert res.exit_code == 2 and "no corpus" in res.stderr
    res = run("search", "福島", "--corpus", tmp_path / "nowhere")
    assert res.exit_code == 2 and not (tmp_path / "nowhere").exists()


def test_default_corpus_from_env(small_corpus: Corpus) -> None:
    res = run("summary", "--json", env={"TRIPREPORT_CORPUS": str(small_corpus.root)})
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["documents"] == 2


def test_search_prints_hits(small_corpus: Corpus) -> None:
    res = run("search", "再生可能", "--corpus", small_corpus.root, "--limit", "1")
    assert res.exit_code == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 2 and lines[0].split()[0] in small_corpus.ids()
    assert "貳 過程" in lines[0] and "p.2" in lines[0] and "【再生可能】" in lines[1]
    res = run("search", "氫能", "--corpus", small_corpus.root, "--json")
    hits = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(hits) == 2 and all("【氫能】" in h["snippet"] for h in hits)


def test_search_without_terms_is_a_usage_error(small_corpus: Corpus) -> None:
    # Regression: `search ""` printed "no match" and exited 0.
    res = run("search", "  ", "--corpus", small_corpus.root)
    assert res.exit_code == 2 and "nothing to search for" in res.stderr


def test_summary_table(small_corpus: Corpus) -> None:
    res = run("summary", "--corpus", small_corpus.root)
    assert res.exit_code == 0, res.stderr
    assert "documents" in res.stdout and "日本" in res.stdout and "經濟部工業局" in res.stdout


def test_index_rebuild(small_corpus: Corpus) -> None:
    conn = open_index(small_corpus.index_path)
    before = summary(conn)
    conn.close()
    small_corpus.index_path.unlink()
    res = run("index", "rebuild", "--corpus", small_corpus.root)
    assert res.exit_code == 0, res.stderr
    conn = open_index(small_corpus.index_path)
    assert summary(conn) == before
    conn.close()


def test_ingest_missing_path_only(tmp_path: Path) -> None:
    res = run("ingest", tmp_path / "nope.pdf", "--corpus", tmp_path / "c")
    assert res.exit_code == 1
    assert error_lines(res.stderr) == [f"error: {tmp_path / 'nope.pdf'}: no such file or directory (missing)"]
    assert "failed 1" in res.stdout
    assert Corpus(tmp_path / "c").read_errors()[0]["code"] == "missing"


# --- end to end, real PDFs ---------------------------------------------------------------


def real_pdfs() -> list[Path]:
    pdfs = sorted((REPO / "corpora" / "samples").rglob("*.pdf"))
    pdfs += sorted((SHARED / "pdfs").glob("*.pdf")) if SHARED.is_dir() else []
    return pdfs




@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One ingest of the real PDFs plus four bad inputs, shared by the e2e tests."""
    root = tmp_path_factory.mktemp("e2e")
    good = root / "good"
    good.mkdir()
    for p in real_pdfs():
        shutil.copy(p, good / p.name)
    bad = root / "bad"
    bad.mkdir()
    first = real_pdfs()[0].read_bytes()
    (bad / "corrupt.pdf").write_bytes(first[: len(first) // 3])  # truncated PDF
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "notes.pdf").write_text("這不是PDF檔案，只是文字。\n", encoding="utf-8")
    odd = root / "odd"  # bad PDFs from pdf_factory, ingested as a folder
    odd.mkdir()
    (odd / "encrypted.pdf").write_bytes(pdf_factory.encrypted_pdf())
    (odd / "scan.pdf").write_bytes(pdf_factory.image_only_pdf())
    (odd / "bad-cmap.pdf").write_bytes(pdf_factory.wrong_tounicode_pdf())
    (odd / "cid.pdf").write_bytes(pdf_factory.no_tounicode_cid_pdf())
    (odd / "huge.pdf").write_bytes(pdf_factory.many_pages_pdf(2500))
    (root / "no-pdfs").mkdir()
    corpus = root / "corpus"
    # --no-ocr: the scan and the MSung-Light file fail on their text layer (with OCR the
    # latter is read from its rendering: tests/reliability)
    res = run("ingest", good, bad / "corrupt.pdf", bad / "empty.pdf", bad / "notes.pdf",
              bad / "missing.pdf", odd, root / "no-pdfs", "--corpus", corpus, "--no-ocr")
    return {"root": root, "good": good, "bad": bad, "corpus": Corpus(corpus), "result": res}


# Each bad input and the reason its error line must give (code in brackets or words).
BAD_INPUTS = {"corrupt.pdf": "corrupt PDF", "empty.pdf": "(empty_file)", "notes.pdf": "(not_pdf)",
              "missing.pdf": "(missing)", "encrypted.pdf": "encrypted PDF",
              "scan.pdf": "(no_text_layer)", "bad-cmap.pdf": "(garbled_text)", "cid.pdf": "(cid_font)",
              "huge.pdf": "2500 pages (limit 2000) (too_large)", "no-pdfs": "(no_pdfs)"}


def test_ingest_batch_with_bad_inputs(batch: dict) -> None:
    res, corpus = batch["result"], batch["corpus"]
    assert res.exit_code == 1, res.stdout + res.stderr
    errors = error_lines(res.stderr)
    assert len(errors) == len(BAD_INPUTS) and len(res.stderr.splitlines()) == len(errors), res.stderr
    for name, reason in BAD_INPUTS.items():  # one line each: the file's path, then why
        mine = [line for line in errors if line.split(": ")[1].endswith("/" + name)]
        assert len(mine) == 1 and reason in mine[0], (name, errors)
    assert sorted(r["filename"] for r in corpus.read_errors()) == sorted(BAD_INPUTS)
    n_good = len(list(batch["good"].glob("*.pdf")))
    conn = open_index(corpus.index_path)
    assert summary(conn)["documents"] == n_good == len(corpus.ids())
    conn.close()
    assert f"added {n_good}" in res.stdout and f"failed {len(BAD_INPUTS)}" in res.stdout
    for doc_id in corpus.ids():
        validate_document(corpus.read_document(doc_id).to_dict())


def test_reingest_skips_and_exits_zero(batch: dict) -> None:
    res = run("ingest", batch["good"], "--corpus", batch["corpus"].root)
    assert res.exit_code == 0, res.stderr
    assert f"skipped {len(batch['corpus'].ids())}" in res.stdout and "added 0" in res.stdout


def test_search_finds_text_of_a_real_document(batch: dict) -> None:
    corpus = batch["corpus"]
    doc = corpus.read_document(corpus.ids()[0])
    body = next(b.text for b in doc.blocks if len(b.text) >= 12) if doc.blocks else doc.text
    needle = "".join(body.split())[4:9]  # a 5-character substring of its own text
    res = run("search", needle, "--corpus", corpus.root, "--json", "--limit", "50")
    hits = [json.loads(line) for line in res.stdout.splitlines()]
    assert doc.id in {h["doc_id"] for h in hits}, (needle, res.stdout)


def test_extract_prints_document_or_error(batch: dict) -> None:
    pdf = next(batch["good"].glob("*.pdf"))
    res = run("extract", pdf)
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    validate_document(data)
    assert data["source"]["filename"] == pdf.name
    res = run("extract", batch["bad"] / "corrupt.pdf")
    assert res.exit_code == 1 and res.stdout == ""
    assert error_lines(res.stderr)[0].startswith(f"error: {batch['bad'] / 'corrupt.pdf'}: ")


def test_extract_gives_the_same_document_with_either_backend(batch: dict) -> None:
    pdf = min(batch["good"].glob("*.pdf"), key=lambda p: p.stat().st_size)
    docs = []
    for backend in ("pdfium", "pdfplumber"):
        res = run("extract", pdf, "--backend", backend)
        assert res.exit_code == 0, res.stderr
        docs.append(json.loads(res.stdout))
        docs[-1]["pipeline"].pop("timings")
        assert docs[-1]["pipeline"].pop("backend") == backend  # the document says which reader made it
    assert docs[0] == docs[1]
    res = run("extract", pdf, "--backend", "pdfminer")
    assert res.exit_code == 2 and "pdfium" in res.stderr


@pytest.mark.slow
def test_workers_give_same_documents(batch: dict, tmp_path: Path) -> None:
    # The two smallest real PDFs, one per worker: the cost is each worker loading the
    # models, not the pages (all four files took ~2x as long for the same check).
    small = sorted(batch["good"].glob("*.pdf"), key=lambda p: p.stat().st_size)[:2]
    res = run("ingest", *small, "--corpus", tmp_path / "w2", "--workers", "2")
    assert res.exit_code == 0, res.stderr
    serial, parallel = batch["corpus"], Corpus(tmp_path / "w2")
    assert len(parallel.ids()) == 2 and set(parallel.ids()) <= set(serial.ids())
    for doc_id in parallel.ids():
        a, b = serial.read_document(doc_id).to_dict(), parallel.read_document(doc_id).to_dict()
        for d in (a, b):
            d.pop("pipeline")
            d["source"].pop("path")
        assert a == b, doc_id


def test_ingest_into_a_file_is_a_corpus_error(tmp_path: Path) -> None:
    (tmp_path / "c").write_text("not a folder")
    # Wide columns: rich boxes the usage error and cuts a long tmp path (with the
    # reason after it) to the terminal width.
    res = run("ingest", tmp_path, "--corpus", tmp_path / "c", env={"COLUMNS": "1000"})
    assert res.exit_code == 2 and "is a file" in res.stderr  # rejected by the option itself
    res = run("ingest", tmp_path, "--corpus", tmp_path / "c" / "sub")
    assert res.exit_code == 2 and error_lines(res.stderr)


def test_summary_counts_sectors_and_entities_like_the_documents(batch: dict) -> None:
    corpus = batch["corpus"]
    docs = [corpus.read_document(i) for i in corpus.ids()]
    want_sectors: dict[str, int] = {}
    for doc in docs:
        for label in {s.label for s in doc.sectors if s.assigned}:
            want_sectors[label] = want_sectors.get(label, 0) + 1
    want_labels: dict[str, set[str]] = {}
    for doc in docs:
        for e in doc.entities:
            want_labels.setdefault(e.label, set()).add(e.canonical_id)
    conn = open_index(corpus.index_path)
    s = summary(conn)
    conn.close()
    assert s["by_sector"] == dict(sorted(want_sectors.items(), key=lambda kv: (-kv[1], kv[0])))
    assert s["entities_by_label"] == {k: len(v) for k, v in sorted(
        want_labels.items(), key=lambda kv: (-len(kv[1]), kv[0]))}
    assert s["by_sector"], "the sample reports discuss sectors"
    res = run("summary", "--corpus", corpus.root)
    assert res.exit_code == 0 and "sectors" in res.stdout and "entities" in res.stdout
