"""Pure text clean-up functions."""

from __future__ import annotations

import unicodedata

import pytest

from pipeline.text.chars import is_cjk, is_han, is_kana, is_latin_alnum
from pipeline.text.clean import (
    common_hanzi,
    garbled_score,
    join_lines,
    join_pair,
    needs_space,
    normalize,
    radical_equivalents,
    remove_cjk_gaps,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("⼯業局", "工業局"),  # Kangxi radical U+2F2F (NFKC)
        ("⻝品", "食品"),  # CJK Radicals Supplement U+2EDD (equivalent unified ideograph)
        ("⻑野", "長野"),  # U+2ED1 LONG ONE
        ("⻘森", "青森"),  # U+2ED8 BLUE
        ("⾦澤", "金澤"),  # Kangxi U+2F7E
        ("ＡＢＣ１２３", "ABC123"),
        ("ｱｲｳ", "アイウ"),  # half-width katakana
        ("福島縣\u3000郡山市", "福島縣 郡山市"),  # ideographic space
        ("a\u00a0b", "a b"),
        ("漢\u200b字\ufeff", "漢字"),  # zero-width space, BOM
        ("軟\u00ad體", "軟體"),  # soft hyphen
        ("x\x00y\x07z", "xyz"),  # control characters
        ("行1\r\n行2\r行3\t!", "行1\n行2\n行3\t!"),
        ("\uf900", "\u8c48"),  # CJK compatibility ideograph 豈 -> unified 豈
    ],
)
def test_normalize(raw, clean):
    assert normalize(raw) == clean


def test_normalize_keeps_fullwidth_punctuation_and_circled_numbers():
    text = "服務機關：經濟部（工業局），台灣！①項目；是否？"
    assert normalize(text) == text
    assert normalize("㈠目的") == "(一)目的"


def test_radical_table_is_consistent():
    table = radical_equivalents()
    assert len(table) > 80
    for src, dst in table.items():
        assert 0x2E80 <= ord(src) <= 0x2EFF
        assert is_han(dst)
        # NFKC leaves the supplement alone (two exceptions it maps to the same target)
        assert unicodedata.normalize("NFKC", src) in (src, dst)
        assert normalize(src) == dst
    assert sum(unicodedata.normalize("NFKC", s) == s for s in table) > 80


def test_char_classes():
    assert is_han("經") and is_han("々") and not is_han("あ")
    assert is_kana("あ") and is_kana("ー") and is_kana("ｱ") and not is_kana("漢")
    assert is_cjk("，") and is_cjk("。") and is_cjk("「") and is_cjk("カ")
    assert not is_cjk("a") and not is_cjk("1") and not is_cjk(",")
    assert is_latin_alnum("a") and is_latin_alnum("7") and not is_latin_alnum("漢")
    assert needs_space("S", "P") and needs_space(",", "P") and needs_space("8", "2")
    assert not needs_space("縣", "T") and not needs_space("S", "的")


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (["台灣有完整且實力堅強", "的資通訊產業聚落"], "台灣有完整且實力堅強的資通訊產業聚落"),
        (["MEMS", "Park Consortium"], "MEMS Park Consortium"),
        (["介紹 MEMS", "Park"], "介紹 MEMS Park"),
        (["inter-", "national trade"], "international trade"),
        (["COVID-", "19 疫情"], "COVID-19 疫情"),
        (["中央 2-", "5-1"], "中央 2-5-1"),
        (["福島縣", "Technology"], "福島縣Technology"),
        (["福島縣 ", "Technology"], "福島縣 Technology"),  # a space glyph ended the line
        (["已完工，", "預定"], "已完工，預定"),
        (["Consortium,", "Park"], "Consortium, Park"),
        (["  ", "abc"], "abc"),
    ],
)
def test_join_lines(lines, joined):
    assert join_lines(lines) == joined


def test_join_pair_never_puts_a_space_between_cjk():
    assert join_pair("實力 ", "堅強") == "實力堅強"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("實力 堅強", "實力堅強"),
        ("渡部 修副所長", "渡部修副所長"),
        ("研討會\t－千葉", "研討會－千葉"),
        ("福島縣 Technology Centre", "福島縣 Technology Centre"),
        ("於 108 年 9 月", "於 108 年 9 月"),
        ("台日 、日台", "台日、日台"),
        ("All Japan  Lighting", "All Japan  Lighting"),
    ],
)
def test_remove_cjk_gaps(raw, clean):
    assert remove_cjk_gaps(raw) == clean


def test_common_hanzi_covers_three_scripts():
    common = common_hanzi()
    assert 3000 < len(common) < 8000
    for ch in "经經経济濟済部工业業局県縣台臺灣湾"[:-1]:
        assert ch in common, ch


def test_garbled_score():
    real = "經濟部工業局辦理訪日團，由電資組科長率隊訪問日本千葉、福島縣，參加研討會活動。"
    assert garbled_score(real) > 0.9
    assert garbled_score("经济部工业局组织访日团，参加研讨会。") > 0.9
    assert garbled_score("半導体製造装置の出荷額は東北地方で増加している。") > 0.9
    # reportlab MSung-Light read back by pdfminer (經濟部工業局 -> 祣烼屁姦猧氦)
    assert garbled_score("祣烼屁姦猧氦") < 0.4
    assert garbled_score("Only Latin text 123") == 1.0
