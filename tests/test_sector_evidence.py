"""Sector evidence: what is shown for a tag is a piece the model scores as about the sector.

Behaviour of :mod:`pipeline.sectors.stage` with the committed model: every
evidence item of an assigned label reaches that label's threshold (a sentence that
only names the sector in passing is never shown), and an assigned label always has
evidence, even when no single sentence carried the decision.
"""

from __future__ import annotations

from pipeline.annotations import SectorScore
from pipeline.document import Document, Section, Source
from pipeline.sectors import stage as sectors


def _doc(sections: list[tuple[str, str, str]]) -> Document:
    doc = Document(id="t", source=Source(filename="t.pdf", sha256="0", size=0))
    doc.sections = [Section(id=i, number=i, title=t, level=1, text=b) for i, t, b in sections]
    doc.text = "\n".join(b for _, _, b in sections)
    return doc


def _check_evidence(scores: list[SectorScore], texts: dict[str | None, str]) -> None:
    """Every assigned label has evidence; each item reaches the threshold and comes from its text."""
    for s in scores:
        if not s.assigned:
            continue
        assert s.evidence, (s.label, s.score)
        for e in s.evidence:
            assert e.score >= s.threshold, (s.label, e.score, s.threshold, e.text)
            assert e.text.replace("\n", "") in texts[e.section].replace("\n", ""), e.text


LIST_SENTENCE = "本縣重點產業包括觀光、農業、半導體、氫能及食品加工，歡迎企業前來投資。"


def test_passing_mention_is_never_evidence() -> None:
    doc = _doc([
        ("1", "拜會縣府", "縣府說明其氫能政策，已於縣內設置八座加氫站，並補助業者導入燃料電池堆高機與燃料電池巴士。"
                      "縣府並以太陽光電之餘電進行水電解製氫，供應縣內加氫站使用。"),
        ("2", "參訪溫泉旅館", "參訪溫泉旅館與地方酒造，了解其觀光推廣與伴手禮開發。" + LIST_SENTENCE),
    ])
    sectors.annotate(doc)
    texts = {s.id: f"{s.title}\n{s.text}" for s in doc.sections}
    _check_evidence(doc.sectors, texts)
    by = {d.label: d for d in doc.sectors}
    assert by["hydrogen"].assigned and {e.section for e in by["hydrogen"].evidence} == {"1"}
    shown = [e.text for d in doc.sectors for e in d.evidence]
    assert not any("重點產業" in t for t in shown), shown
    thresholds = {d.label: d.threshold for d in doc.sectors}
    for sec in doc.sections:  # section-level evidence follows the same rule
        for s in sec.sectors:
            assert all(e.score >= thresholds[s.label] for e in s.evidence), (sec.id, s)


def test_assigned_without_a_decisive_sentence_still_has_evidence() -> None:
    # fragments shorter than a sentence: the section text as a whole carries the tag
    body = "加氫站。燃料電池。水電解。儲氫槽。氫氣。加氫站。"
    result = sectors.classify_text(body)
    h = next(d for d in result if d.label == "hydrogen")
    assert h.assigned
    _check_evidence(result, {None: body})
    assert "加氫站" in h.evidence[0].text


def test_classify_text_evidence_reaches_threshold() -> None:
    texts = [
        "縣內加氫站已達十座，燃料電池車隊持續擴大。另外，縣府也推動觀光與農業。",
        "工廠以協作機器人進行組裝。本縣重點產業包括半導體、觀光及農業。",
        "该企业利用MEMS工艺量产硅麦克风和气压传感器。公司总部位于苏州。",
        "市の主要産業は半導体、観光、農業である。工場では産業用ロボットが溶接を行っている。",
    ]
    for text in texts:
        result = sectors.classify_text(text)
        _check_evidence(result, {None: text})
        for s in result:
            for e in s.evidence:
                assert "重點產業" not in e.text and "主要産業" not in e.text, (s.label, e.text)
