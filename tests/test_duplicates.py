"""The same report twice: MinHash of the body text, ``duplicate_of`` on the later
document, counted once by the queries unless asked otherwise."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import docx
import pytest

from pipeline.corpus import duplicates
from pipeline.corpus.ingest import ingest
from pipeline.corpus.store import Corpus, rebuild_index
from pipeline.query import queries as query
from pipeline.query.queries import Filters

TEMPLATES = Path(__file__).resolve().parents[1] / "corpora" / "templates"
WORD = TEMPLATES / "word-autonumber-tiyao.docx"
SAME_AS_PDF = TEMPLATES / "word-autonumber-tiyao.pdf"  # LibreOffice's rendering of WORD
OTHER = TEMPLATES / "word-heading-styles.docx"

TEXT = ("本次赴新加坡建屋發展局進修四週，研習組屋智慧管理平台、社區營造與高齡友善住宅設計，"
        "並實地參訪榜鵝數位區與淡濱尼社區中心。建屋發展局以感測器監測電梯、照明與用水，維修需求由平台自動派工。")


def test_signature_ignores_spacing_and_punctuation() -> None:
    a = duplicates.signature(TEXT)
    b = duplicates.signature(re.sub("，", ", ", TEXT).replace("。", ".\n"))
    assert a is not None and duplicates.similarity(a, b) == 1.0
    other = duplicates.signature("荷蘭溫室產業以高度自動化與數據管理著稱，本次考察旨在瞭解其技術與推廣體系，"
                                 "並拜會瓦赫寧根大學溫室園藝研究團隊與台夫特地區溫室設備業者。")
    assert duplicates.similarity(a, other) < 0.2


def test_signature_is_stable_and_short_texts_are_not_compared() -> None:
    assert duplicates.signature(TEXT).tolist() == duplicates.signature(TEXT).tolist()
    assert duplicates.signature("太短的文字") is None


def _redated(data: bytes) -> bytes:
    """A re-upload: the same Word report with a new cover date."""
    d = docx.Document(io.BytesIO(data))
    for p in d.paragraphs:
        if p.text.startswith("報告日期"):
            p.text = "報告日期：113年7月1日"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _ingest_one_by_one(folder: Path, corpus: Corpus, names: list[str]) -> Corpus:
    for name in names:
        report = ingest([folder / name], corpus)
        assert not report.failed, report.failed
    return corpus


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dups")
    for i, src in enumerate([WORD, OTHER, SAME_AS_PDF]):
        (root / f"{i}-{src.name}").write_bytes(src.read_bytes())
    (root / "3-redated.docx").write_bytes(_redated(WORD.read_bytes()))
    return root


@pytest.fixture(scope="module")
def corpus(inputs: Path) -> Corpus:
    names = sorted(p.name for p in inputs.iterdir() if p.is_file())
    return _ingest_one_by_one(inputs, Corpus(inputs / "corpus"), names)


def _links(corpus: Corpus) -> dict[str, str | None]:
    """File name -> file name of the original it is a later copy of (None: an original)."""
    conn = corpus.open_for_reading()
    try:
        names = dict(conn.execute("SELECT id, filename FROM documents"))
        return {names[i]: names.get(duplicates.original_of(conn, i) or "") for i in names}
    finally:
        conn.close()


def test_later_copies_point_to_the_earliest(corpus: Corpus) -> None:
    links = _links(corpus)
    by_name = {corpus.read_document(i).source.filename: corpus.read_document(i) for i in corpus.ids()}
    # The .docx and its PDF share a report date (the smaller id is the original); the
    # re-upload with a new cover date is later than both.
    first = min(("0-word-autonumber-tiyao.docx", "2-word-autonumber-tiyao.pdf"), key=lambda n: by_name[n].id)
    assert links[first] is None and links["1-word-heading-styles.docx"] is None
    assert {n: links[n] for n in by_name if n not in (first, "1-word-heading-styles.docx")} == {
        n: first for n in by_name if n not in (first, "1-word-heading-styles.docx")}
    assert by_name["3-redated.docx"].metadata.report_date == "2024-07-01"


def test_the_document_files_stay_a_pure_function_of_their_input(corpus: Corpus) -> None:
    """The link lives in the index: no stored JSON is rewritten when a copy arrives."""
    assert all("duplicate_of" not in p.read_text("utf-8") for p in corpus.json_files())


def test_which_copy_is_the_original_does_not_depend_on_ingest_order(corpus: Corpus, inputs: Path) -> None:
    names = sorted((p.name for p in inputs.iterdir() if p.is_file()), reverse=True)
    reverse = _ingest_one_by_one(inputs, Corpus(inputs / "reverse"), names)
    assert _links(reverse) == _links(corpus)


def test_trips_and_agencies_count_a_report_once(corpus: Corpus) -> None:
    conn = corpus.open_for_reading()
    try:
        assert len(query.trips(conn)) == 2
        assert len(query.trips(conn, Filters(include_duplicates=True))) == 4
        once = {r.name: r.reports for r in query.agencies(conn)}
        every = {r.name: r.reports for r in query.agencies(conn, Filters(include_duplicates=True))}
    finally:
        conn.close()
    assert max(once.values()) == 1 and max(every.values()) == 3


def test_duplicate_of_survives_an_index_rebuild(corpus: Corpus, tmp_path: Path) -> None:
    copy = Corpus(tmp_path / "copy")
    shutil.copytree(corpus.documents_dir, copy.documents_dir)
    rebuild_index(copy)
    conn = copy.open_for_reading()
    try:
        assert len(duplicates.duplicate_ids(conn)) == 2
        assert len(query.trips(conn)) == 2
        rows = query.trips(conn, Filters(include_duplicates=True))
        assert sorted(bool(r.duplicate_of) for r in rows) == [False, False, True, True]
    finally:
        conn.close()


def test_query_commands_take_include_duplicates(corpus: Corpus) -> None:
    import json

    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    base = ["query", "trips", "--corpus", str(corpus.root), "-f", "json"]
    once = runner.invoke(app, base)
    twice = runner.invoke(app, [*base, "--include-duplicates"])
    assert once.exit_code == 0 and twice.exit_code == 0, once.output
    assert (len(json.loads(once.stdout)), len(json.loads(twice.stdout))) == (2, 4)
    copy = next(r for r in json.loads(twice.stdout) if r["duplicate_of"])
    shown = runner.invoke(app, ["show", copy["id"], "--corpus", str(corpus.root), "-f", "summary"])
    assert f"duplicate of {copy['duplicate_of']}" in shown.stdout


def test_the_real_report_and_its_retypeset_sample_are_one_report(processed_pdf) -> None:
    """Two renderings by different producers: the archived PDF and the sample re-typeset
    from its text (different fonts, page breaks, running headers)."""
    reference = Path(__file__).resolve().parents[2] / "shared" / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
    if not reference.exists():
        pytest.skip("../shared is not beside the project")
    sample = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "2019-chiba-fukushima.pdf"
    a, b = (duplicates.signature(processed_pdf(p).text) for p in (reference, sample))
    assert duplicates.similarity(a, b) >= duplicates.THRESHOLD
    other = duplicates.signature(processed_pdf(sample.with_name("2023-kyushu-semiconductor-hydrogen.pdf")).text)
    assert duplicates.similarity(a, other) < 0.1
