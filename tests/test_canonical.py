"""Cross-script folding and canonical ids (pipeline.text.fold + gazetteer aliases)."""

from __future__ import annotations

import re

import pytest

from pipeline.text.fold import canonical_id, fold, fold_chars, jp_to_traditional


def test_three_scripts_fold_equal() -> None:
    assert fold("経済産業省") == fold("經濟產業省") == fold("经济产业省")
    assert fold("千葉県") == fold("千葉縣")
    assert fold("臺灣") == fold("台湾") == fold("台灣")


def test_fold_removes_space_punctuation_case_and_width() -> None:
    assert fold("渡部 修") == fold("渡部修")
    assert fold("ＪＥＴＲＯ") == fold("jetro") == fold("JETRO")
    assert fold("新エネルギー・産業") == fold("新エネルギー産業")
    assert fold("") == ""


def test_fold_keeps_different_names_apart() -> None:
    assert fold("東北經濟產業局") != fold("九州經濟產業局")
    assert fold("經濟部") != fold("經濟產業省")


def test_folding_folded_text_changes_nothing_and_joins_both_spellings() -> None:
    # 沪 is also the Japanese form of 濾: one pass mapped 滬 to 沪 but 沪 to 滤.
    assert fold("上海滬江") == fold("上海沪江")
    for text in ["滬沪蕓芸戱戯薴苧", "厚生労働省と厚生劳动省", "東北経済産業局"]:
        assert fold_chars(fold_chars(text)) == fold_chars(text)
    assert fold("厚生労働省") == fold("厚生勞動省") == fold("厚生劳动省")


def test_fold_chars_keeps_length() -> None:
    for text in ["東北経済産業局 ＪＥＴＲＯ", "ｶﾀｶﾅ㈱", "", "a\x00b"]:
        assert len(fold_chars(text)) == len(text)


def test_canonical_id_is_stable_and_labelled() -> None:
    cid = canonical_id("ORG", fold("経済産業省"))
    assert re.fullmatch(r"ORG:[0-9a-f]{12}", cid)
    assert cid == canonical_id("ORG", fold("經濟產業省"))
    # the hash of the folded name: the same in every run and on every machine
    assert cid == "ORG:a4f119ba1d26"
    assert canonical_id("GPE", fold("経済産業省")) != cid


def test_jp_to_traditional() -> None:
    assert jp_to_traditional("経済産業省") == "經濟產業省"
    assert jp_to_traditional("仙台市青葉区") == "仙台市青葉區"  # Taiwan keeps 台 in 仙台


@pytest.mark.parametrize("name", ["東北經產局", "東北経済産業局", "東北經濟產業局", "东北经济产业局", "東北経産局"])
def test_gazetteer_aliases_share_one_canonical_id(name: str) -> None:
    from pipeline.ner.stage import extract_entities

    text = f"訪問團拜會{name}。"
    start = text.index(name)
    ents = [
        e for e in extract_entities(text, "zh-Hant")
        if any((m.start, m.end) == (start, start + len(name)) for m in e.mentions)
    ]
    assert len(ents) == 1
    assert ents[0].label == "ORG"
    assert ents[0].canonical == "東北經濟產業局"
    assert ents[0].canonical_id == canonical_id("ORG", fold("東北經濟產業局"))


def test_same_id_in_chinese_and_japanese_text() -> None:
    from pipeline.ner.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    a, b, c = gaz.lookup("經產省"), gaz.lookup("経済産業省"), gaz.lookup("经济产业省")
    assert a is not None and a is b is c
    assert a.names["ja"] == "経済産業省" and a.names["en"]
