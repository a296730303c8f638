"""News outlets are found where news text credits its source (pipeline/ner/media.py)."""

from __future__ import annotations

import pytest

from pipeline.ner.media import media_spans
from pipeline.ner.spans import Span
from pipeline.ner.stage import extract_entities


def _names(text: str, prior: list[Span] | None = None) -> list[str]:
    return [text[s.start:s.end] for s in media_spans(text, prior or [], "zh-Hans")]


@pytest.mark.parametrize(("text", "outlet"), [
    ("来源:共同网\n日本关西经济界代表团访问北京。", "共同网"),
    ("【大紀元2月26日報導】日本政府宣布。", "大紀元"),
    ("中国粉体网讯 5月18日,乌海市政府与公司签约。", "中国粉体网"),
    ("（安徽经济报融媒体记者 李世龙）", "安徽经济报"),
    ("会见日本经济界代表。(中评社 林艶摄)", "中评社"),
    ("据日本经济新闻报道，该公司将扩产。", "日本经济新闻"),
    ("《汽车新闻》(Automotive News)发布了百强榜", "汽车新闻"),
    ("中央社/ 2024.06.26 11:58", "中央社"),
])
def test_outlet_in_a_crediting_context_is_found(text: str, outlet: str) -> None:
    assert outlet in _names(text)


def test_dateline_place_is_cut_off_the_outlet() -> None:
    text = "中评社北京11月21日电 国务院总理会见代表团。"
    place = Span(3, 5, "GPE", "gazetteer", "gazetteer")
    assert _names(text, [place]) == ["中评社"]


@pytest.mark.parametrize("text", [
    "資料來源：本研究整理",
    "来源:网络",
    "本报讯 日前，大连市贸促会会长率团访日。",
    "据了解，公司将在物联网领域扩产。",
    "产业资讯\n公司将扩产。",
    "《反间谍法》表示中国是法治国家",
    "长江日报讯(记者宋磊 通讯员赵静)应邀请",
])
def test_no_outlet_without_a_name_in_a_crediting_context(text: str) -> None:
    names = _names(text)
    assert all(n not in ("本研究整理", "网络", "本报", "物联网", "产业资", "反间谍法", "记者宋磊") for n in names)


def test_stage_keeps_the_reporter_and_the_outlet_of_one_credit() -> None:
    found = {(e.text, e.label) for e in extract_entities("长江日报讯(记者宋磊 通讯员赵静)应湖北省友协邀请。")}
    assert ("长江日报", "ORG") in found and ("宋磊", "PERSON") in found
