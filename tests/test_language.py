"""Language detection and language blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document, Page, Source
from pipeline.extract import language, sections
from pipeline.extract.language import detect_language, script_sets

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"
PDF = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"

ZH_HANT = ("為深化並維繫與日本產業交流合作，經濟部工業局辦理訪日團，由電資組科長率隊，"
           "參加台日夥伴關係強化研討會活動，並參訪地方政府及產業推動機構。")
ZH_HANS = ("为深化并维系与日本产业交流合作，经济部工业局组织访日团，参加台日伙伴关系强化研讨会，"
           "并参访当地政府及产业推动机构，促进双边产业合作。")
JA = ("東北経済産業局は、東北地域の産業振興を担う経済産業省の地方支分部局です。"
      "半導体や電子部品の産業集積があり、台湾企業との連携が期待されています。")
EN = ("The delegation visited prefectural governments in Japan to promote industrial "
      "cooperation between Taiwanese and Japanese companies.")


def _doc(*texts: str) -> Document:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    return Document(id="t", source=Source(filename="t.pdf", sha256="", size=0), pages=pages)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (ZH_HANT, "zh-Hant"),
        (ZH_HANS, "zh-Hans"),
        (JA, "ja"),
        (EN, "en"),
        ("東北経済産業局の概要", "ja"),
        ("テクノロジーセンター", "ja"),
        ("経済産業省製造産業局", "ja"),  # kanji only, but shinjitai forms
        ("拜會福島縣 Technology Centre", "zh-Hant"),  # Chinese with an English name
        ("參觀福島縣 Technology Centre 的精密測定室・機器人", "zh-Hant"),  # ・ is not kana
        ("由經濟部工業局率隊拜會日本經済産業省", "zh-Hant"),  # one quoted Japanese name
        ("於：九州経済産業局第一会議室（福岡市博多区博多駅東）", "ja"),  # 会/区 are ja too
        ("MEMS Park Consortium", "en"),
        ("參訪 Fraunhofer IPMS", "zh-Hant"),
        ("2019", "und"),
        ("  ", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.skipif(not SEED.exists(), reason="../shared not available")
def test_report_paragraphs_are_traditional() -> None:
    paras = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    assert len(paras) > 20
    assert {detect_language(p) for p in paras} == {"zh-Hant"}


def test_script_sets() -> None:
    trad, simp, jp = script_sets()
    assert script_sets() is script_sets()  # computed once per process
    assert {"經", "臺", "與", "產"} <= trad and {"经", "与", "产"} <= simp
    assert {"経", "仏"} <= jp
    # Characters normal in both scripts are evidence for neither.
    for ch in "台后干里才面日本":
        assert ch not in trad and ch not in simp
    assert not (trad & simp) and not (jp & (trad | simp))


def test_ambiguous_chinese_defaults_to_the_document_variant() -> None:
    assert detect_language("目的") == "zh-Hant"
    assert detect_language("目的", default_zh="zh-Hans") == "zh-Hans"
    doc = _doc(f"一、目的\n{ZH_HANS}\n二、范围\n{ZH_HANS}")
    language.annotate(doc)
    assert {b.lang for b in doc.blocks} == {"zh-Hans"}


def test_mixed_document_blocks() -> None:
    doc = _doc(f"摘要\n{ZH_HANT}\n{JA}", f"壹、目的\n{EN}\n{ZH_HANT}\n2019\n{ZH_HANT}")
    sections.annotate(doc)
    language.annotate(doc)
    got = [(b.lang, b.section, b.page, b.text.split("\n")[0][:6]) for b in doc.blocks]
    assert got == [
        ("zh-Hant", "1", 1, "摘要"),  # the short heading merges with its paragraph
        ("ja", "1", 1, JA[:6]),
        ("zh-Hant", "2", 2, "壹、目的"),  # next paragraph is English: no merge
        ("en", "2", 2, EN[:6]),
        ("zh-Hant", "2", 2, ZH_HANT[:6]),
        ("zh-Hant", "2", 2, ZH_HANT[:6]),
    ]
    # "2019" (und) joins the block before it; two long same-language paragraphs stay apart.
    assert doc.blocks[-2].text == f"{ZH_HANT}\n2019"
    langs = doc.pipeline["languages"]
    assert set(langs) == {"zh-Hant", "ja", "en"}
    assert langs["ja"] == len(JA) and langs["zh-Hant"] > 3 * len(ZH_HANT)


def test_weak_paragraphs_follow_japanese_context_only() -> None:
    doc = _doc(f"壹、目的\n{ZH_HANT}\n貳、過程\n一、概要\n{ZH_HANS}\n二、參訪 Fraunhofer IPMS\n{ZH_HANT}",
               f"附件一：意見交換メモ\n令和5年10月3日14時\n1．出席者\n{JA}\n以上")
    language.annotate(doc)
    by_first = {b.text.split("\n")[0]: b.lang for b in doc.blocks}
    assert by_first["附件一：意見交換メモ"] == "ja"  # heading, date line merged in
    assert by_first["1．出席者"] == "ja" and doc.blocks[-1].text.endswith(f"{JA}\n以上")
    assert by_first["壹、目的"] == "zh-Hant"
    # A quoted Simplified passage does not recolour the next (weak) heading.
    assert by_first["二、參訪 Fraunhofer IPMS"] == "zh-Hant"
    assert by_first[ZH_HANS] == "zh-Hans"


def test_blocks_cover_all_body_text_including_text_before_headings() -> None:
    doc = _doc("沒有標題的開頭文字。\n摘要\n內容。", f"壹、目的\n{JA}\n{EN}")
    doc.pages.insert(0, Page(number=0, text="出國報告（出國類別：其他）", kind="cover"))
    language.annotate(doc)
    lines = [ln for b in doc.blocks for ln in b.text.split("\n")]
    assert lines == ["沒有標題的開頭文字。", "摘要", "內容。", "壹、目的", JA, EN]
    assert doc.blocks[0].section is None


@pytest.mark.skipif(not PDF.exists(), reason="../shared not available")
def test_reference_pdf_blocks(processed_pdf) -> None:
    doc = processed_pdf(PDF)
    assert doc.status == "ok", doc.errors
    body = [ln for ln in doc.text.split("\n") if ln.strip()]
    assert [ln for b in doc.blocks for ln in b.text.split("\n")] == [ln.strip() for ln in body]
    langs = doc.pipeline["languages"]
    assert langs["zh-Hant"] / sum(langs.values()) > 0.97
    section_ids = {s.id for s in doc.sections}
    assert all(b.section in section_ids for b in doc.blocks)
    assert {b.section for b in doc.blocks} == section_ids  # every section has text or a heading


REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.pdf"))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_languages_match_golden(name: str, processed_pdf) -> None:
    import json
    import re

    exp = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    doc = processed_pdf(SAMPLES / f"{name}.pdf")
    assert set(doc.pipeline["languages"]) == set(exp["languages"])
    squash = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    for lang, sample in exp["lang_samples"].items():
        holders = [b for b in doc.blocks if squash(sample) in squash(b.text)]
        assert holders and all(b.lang == lang for b in holders), lang
    titles = {s.id: s.title for s in doc.sections}
    for att in exp["attachments"]:
        sid = next(i for i, t in titles.items() if t == att["title"])
        inside = [b for b in doc.blocks if b.section == sid or (b.section or "").startswith(sid + ".")]
        assert inside and {b.lang for b in inside} == {att["lang"]}


def test_kanji_only_lines_of_a_japanese_document_are_japanese() -> None:
    """Per-line detection alone calls 三重県知事 鈴木 英敬 Chinese (its 鈴, 長 are
    Traditional-only for OpenCC); inside a Japanese document such a line is Japanese,
    and a quoted Chinese line (來, 會: forms Japanese does not write) stays Chinese."""
    lines = ["(3)参加者", "三重県知事 鈴木 英敬", "熊野市長 河上 敢二", "経済産業省製造産業局産業機械課",
             "資料來源:資策會,2018年3月", JA]
    assert [detect_language(t) for t in lines[1:3]] == ["zh-Hant", "zh-Hant"]
    assert language.line_languages(lines) == ["ja", "ja", "ja", "ja", "zh-Hant", "ja"]
    # A Chinese document keeps its kanji-only lines Chinese, and its Japanese quotes Japanese.
    zh = ["出國人員：鄒宗勳", "經濟部工業局電資組", ZH_HANT, JA]
    assert language.line_languages(zh) == ["zh-Hant", "zh-Hant", "zh-Hant", "ja"]


def test_japanese_document_blocks_without_kana_are_japanese() -> None:
    doc = _doc(f"研修報告書\n{JA}\n\n三重県議会 議員 中嶋 年規\n\n{JA}")
    language.annotate(doc)
    assert {b.lang for b in doc.blocks} == {"ja"}
