"""The bundled sample PDFs (corpora/samples) and the test-time PDF factory.

Checks that each committed sample is a real, Word-like 出國報告 whose text
layer survives pdfplumber (Traditional Chinese intact), that the golden
``*.expected.json`` files agree with the PDFs, and that
``scripts/make_samples.py`` rebuilds them byte for byte (when the fonts exist).
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_factory

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
NAMES = ["2019-chiba-fukushima", "2023-kyushu-semiconductor-hydrogen", "2023-germany-mems-sensors"]
FOOTER_RE = re.compile(r"^(\d+|- \d+ -|第 \d+ 頁)$")


@cache
def _make_samples():
    """Import scripts/make_samples.py (not a package) as a module."""
    spec = importlib.util.spec_from_file_location("make_samples", REPO / "scripts" / "make_samples.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_samples"] = mod  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(mod)
    return mod


@cache
def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))


@cache
def page_texts(name: str) -> tuple[str, ...]:
    with pdfplumber.open(SAMPLES / f"{name}.pdf") as pdf:
        return tuple(p.extract_text() or "" for p in pdf.pages)


@cache
def page_tables(name: str) -> tuple[tuple[list[list[str]], ...], ...]:
    with pdfplumber.open(SAMPLES / f"{name}.pdf") as pdf:
        return tuple(tuple(t.extract() for t in p.find_tables()) for p in pdf.pages)


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def body_text(name: str) -> str:
    """All page text without running headers and page-number footers, whitespace removed."""
    exp = expected(name)
    header = exp.get("running_header")
    out = []
    for text in page_texts(name):
        lines = [ln for ln in text.splitlines() if ln.strip() != header and not FOOTER_RE.match(ln.strip())]
        out.append("".join(lines))
    return squash("".join(out))


def test_every_sample_and_golden_file_present() -> None:
    pdfs = sorted(p.stem for p in SAMPLES.glob("*.pdf"))
    assert pdfs == sorted(NAMES)
    for name in NAMES:
        assert expected(name)["file"] == f"{name}.pdf"
        assert (SAMPLES / f"{name}.pdf").stat().st_size < 1_000_000


@pytest.mark.parametrize("name", NAMES)
def test_opens_with_sane_page_count(name: str) -> None:
    n = len(page_texts(name))
    assert n == expected(name)["pages"]
    assert (2 <= n <= 4) if not expected(name)["toc"] else (6 <= n <= 30)
    assert all(len(squash(t)) > 0 for t in page_texts(name)), "every page has a text layer"


@pytest.mark.parametrize("name", NAMES)
def test_cover_text_survives_extraction(name: str) -> None:
    """The cover's Traditional Chinese decodes to itself (not MSung-style nonsense)."""
    meta = expected(name)["metadata"]
    cover = page_texts(name)[0]
    assert cover.splitlines()[0] == f"出國報告（出國類別：{meta['category']}）"
    assert meta["title"] in squash(cover)
    assert meta["agency"] in cover
    for label, value in meta["raw"].items():
        assert squash(f"{label}：{value}") in squash(cover), label
    for author in meta["authors"]:
        assert author["name"] in cover and author["title"] in cover and author["unit"] in cover


@pytest.mark.parametrize("name", NAMES)
def test_fonts_are_embedded_truetype(name: str) -> None:
    with pdfplumber.open(SAMPLES / f"{name}.pdf") as pdf:
        fonts = {c["fontname"].split("+")[-1] for p in pdf.pages for c in p.chars}
    assert fonts and not any("MSung" in f for f in fonts)
    assert any(f.startswith("UMing") for f in fonts)


@pytest.mark.parametrize("name", NAMES)
def test_source_paragraphs_are_in_text_layer(name: str) -> None:
    """Every paragraph, heading and the abstract of the source text reads back intact."""
    ms = _make_samples()
    spec = next(s for s in ms.SPECS if s.name == name)
    if not spec.source.exists():
        pytest.skip(f"source {spec.source} not available")
    rep = ms.parse_source(spec.source.read_text(encoding="utf-8"), spec.repairs)
    text = body_text(name)
    paras = rep.abstract + [b.text for b in rep.body if b.kind in ("h1", "h2", "h3", "para", "item", "attach")]
    assert len(paras) > 10
    missing = [p for p in paras if squash(p) not in text]
    assert not missing, missing[:3]


@pytest.mark.parametrize("name", NAMES)
def test_sections_and_attachments(name: str) -> None:
    text = body_text(name)
    for sec in expected(name)["sections_level1"]:
        assert f"{sec['number']}、{sec['title']}" in text
    for att in expected(name)["attachments"]:
        assert squash(att["title"]) in text
    for lang, sample in expected(name)["lang_samples"].items():
        assert squash(sample) in text, lang


@pytest.mark.parametrize("name", NAMES)
def test_tables_match_golden(name: str) -> None:
    """Ruled tables are found on the expected pages with the expected shape; split tables repeat the header."""
    tables = page_tables(name)
    texts = page_texts(name)
    used: set[tuple[int, int]] = set()
    for exp in expected(name)["tables"]:
        rows = 0
        for pg in exp["pages"]:
            cands = [(k, t) for k, t in enumerate(tables[pg - 1]) if (pg, k) not in used
                     and len(t[0]) == exp["columns"] and squash("".join(c or "" for c in t[0])) == squash("".join(exp["header"]))]
            assert cands, f"{exp['caption']}: no table on page {pg}"
            k, t = cands[0]
            used.add((pg, k))
            rows += len(t) - 1  # the header row repeats on continuation pages
        assert rows == exp["rows"], exp["caption"]
        if exp["caption"]:
            assert squash(exp["caption"]) in squash(texts[exp["pages"][0] - 1])
        for n in exp.get("names", []):
            assert any(n in squash(texts[pg - 1]) or n in texts[pg - 1] for pg in exp["pages"])
    assert sum(len(t) for t in tables) == len(used), "no unexpected tables"


def test_sample1_table_continues_across_page_break() -> None:
    split = [t for t in expected("2019-chiba-fukushima")["tables"] if len(t["pages"]) > 1]
    assert split, "at least one table spans a page break"
    a, b = split[0]["pages"][:2]
    assert b == a + 1
    ta, tb = page_tables("2019-chiba-fukushima")[a - 1][-1], page_tables("2019-chiba-fukushima")[b - 1][0]
    assert len(ta[0]) == len(tb[0]) and ta[0] == tb[0]


def test_sample1_toc_has_dot_leaders_and_true_page_numbers() -> None:
    """TOC lines end in dot leaders + a number, and that printed page holds the heading."""
    texts = page_texts("2019-chiba-fukushima")
    toc_page = next(i for i, t in enumerate(texts) if t.splitlines()[0].strip() == "目次")
    lines = texts[toc_page].splitlines()
    entries = [re.match(r"^(.+?)\s*\.{5,}\s*(\d+)$", ln) for ln in lines]
    entries = [m for m in entries if m]
    assert len(entries) >= 20 and "表目錄" in lines and "圖目錄" in lines
    printed = {}
    for i, t in enumerate(texts):
        last = t.strip().splitlines()[-1].strip()
        if FOOTER_RE.match(last):
            printed[last] = i
    for m in entries:
        # the TOC writes 一、 where the body heading may print 一. (as in the real report)
        title, page = re.sub(r"^[壹貳參肆一二三四五六七八九十]+、", "", m.group(1)), m.group(2)
        assert squash(title) in squash(texts[printed[page]]), (title, page)


def test_running_header_and_footer_on_body_pages_only() -> None:
    for name in NAMES:
        header = expected(name)["running_header"]
        texts = page_texts(name)
        body = [t for t in texts[1:] if FOOTER_RE.match(t.strip().splitlines()[-1].strip())]
        assert len(body) == expected(name)["body_pages"]
        assert not FOOTER_RE.match(texts[0].strip().splitlines()[-1].strip())
        if header:
            assert all(t.splitlines()[0] == header for t in body)


def test_make_samples_is_deterministic(tmp_path: Path) -> None:
    """Rebuilding gives the committed bytes (the fonts are Debian packages `make system-deps` installs)."""
    ms = _make_samples()
    assert ms.fonts_available(), "CJK TrueType fonts missing: run `make system-deps`"
    if not ms.SEED.exists():
        pytest.skip("seed text (../shared) not available")
    assert ms.main(["--out", str(tmp_path)]) == 0
    for name in NAMES:
        assert (tmp_path / f"{name}.pdf").read_bytes() == (SAMPLES / f"{name}.pdf").read_bytes(), name


# ----------------------------------------------------------------------------- pdf_factory
def _open(data: bytes, **kw) -> pdfplumber.PDF:
    return pdfplumber.open(io.BytesIO(data), **kw)


def test_factory_encrypted_needs_password() -> None:
    data = pdf_factory.encrypted_pdf("pw")
    with pytest.raises(Exception):  # noqa: B017 - pdfminer raises its own PDFPasswordIncorrect family
        _open(data).pages[0].extract_text()
    with _open(data, password="pw") as pdf:
        assert "Encrypted" in pdf.pages[0].extract_text()


def test_factory_cid_fonts_decode_as_documented() -> None:
    with _open(pdf_factory.garbled_msung_pdf("經濟部工業局")) as pdf:
        text = pdf.pages[0].extract_text()
    assert text and "經濟部工業局" not in text
    with _open(pdf_factory.japanese_cid_pdf("九州経済産業局との意見交換")) as pdf:
        assert "九州経済産業局との意見交換" in pdf.pages[0].extract_text()
    with _open(pdf_factory.simplified_cid_pdf("微机电传感器的需求")) as pdf:
        assert "微机电传感器的需求" in pdf.pages[0].extract_text()


def test_factory_degenerate_pdfs() -> None:
    with _open(pdf_factory.image_only_pdf()) as pdf:
        assert not (pdf.pages[0].extract_text() or "").strip() and len(pdf.pages[0].images) == 1
    with _open(pdf_factory.empty_pdf()) as pdf:
        assert len(pdf.pages) == 1 and not pdf.pages[0].chars and not pdf.pages[0].images
    with _open(pdf_factory.huge_pdf(50)) as pdf:
        assert len(pdf.pages) == 50 and "Page 50 of 50" in pdf.pages[-1].extract_text()
    with pytest.raises(Exception):  # noqa: B017 - pdfminer's parser errors have no common base
        with _open(pdf_factory.truncated_pdf(pdf_factory.huge_pdf(5))) as pdf:
            [p.extract_text() for p in pdf.pages]
    assert pdf_factory.huge_pdf(3) == pdf_factory.huge_pdf(3)
