"""Sector classifier: held-out quality, determinism, storage, stage API and the real report."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from pipeline import resources
from pipeline.annotations import SectorScore
from pipeline.document import Document, Section, Source
from pipeline.sectors import model as sm
from pipeline.sectors import stage as sectors
from pipeline.training import sectors as st
from pipeline.training.sectors_real import load_real_passages

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_PDF = SHARED / "pdfs" / "trip-report-2019-chiba-fukushima.pdf"
REQUIRED = ["semiconductor", "mems", "hydrogen", "robotics"]


def assigned(result: list[SectorScore]) -> set[str]:
    return {r.label for r in result if r.assigned}


# ------------------------------------------------------------------ data + config


def test_config_has_required_and_extra_sectors() -> None:
    cfg = sm.load_config()
    assert set(REQUIRED) <= set(cfg.required_labels)
    assert len(set(cfg.labels) - set(REQUIRED)) >= 4
    assert all(s.name and s.description for s in cfg.sectors)


def test_passages_are_documented_and_split_by_hash() -> None:
    rows = st.load_passages()  # raises if a split is not the seeded hash of the id
    assert len(rows) >= 500
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["text"].strip() and r["source"] and r["lang"] in {"zh-Hant", "zh-Hans", "ja"}
    langs = {lang: [r for r in rows if r["lang"] == lang] for lang in ("zh-Hant", "zh-Hans", "ja")}
    for lab in REQUIRED:
        for lang, rs in langs.items():
            assert sum(lab in r["labels"] for r in rs) >= 15, (lab, lang)
        assert sum(lab in r["labels"] for r in rows if r["split"] == "test") >= 10, lab
    assert sum(not r["labels"] for r in rows) >= 150  # "none" passages and hard negatives


def test_real_passages_are_documented_and_split_by_url() -> None:
    rows = load_real_passages()  # raises if a split is not the URL hash or a label is unknown
    assert len(rows) >= 250 and all(r["url"].startswith("http") and r["terms"] and r["publisher"] for r in rows)
    by_url: dict[str, set[str]] = {}
    for r in rows:
        by_url.setdefault(r["url"], set()).add(r["split"])
    assert all(len(s) == 1 for s in by_url.values())  # one page never straddles splits
    for lab in REQUIRED:
        assert sum(lab in r["labels"] for r in rows) >= 40, lab
        assert sum(lab in r["labels"] for r in rows if r["split"] == "test") >= 10, lab
    assert sum(not set(r["labels"]) & set(REQUIRED) for r in rows) >= 100  # hard negatives
    assert {r["lang"] for r in rows} == {"zh-Hant", "zh-Hans", "ja"}
    frozen = json.loads((REPO / "corpora" / "sectors" / "real" / "split.json").read_text(encoding="utf-8"))
    assert frozen == {r["id"]: r["split"] for r in rows}


def test_real_report_text_is_not_in_training_data() -> None:
    seed = SHARED / "seeds" / "000_83d5a5fe7b9e6195.txt"
    if not seed.exists():
        pytest.skip("../shared is absent")
    report = seed.read_text(encoding="utf-8")
    for r in st.load_passages():
        # no passage shares a 15-character run with the evaluation report (shorter
        # passages are generic headings such as 日方出席人員, common to every report)
        t = r["text"]
        assert not any(t[i : i + 15] in report for i in range(len(t) - 14)), r["id"]


# ------------------------------------------------------------------ model quality


def test_heldout_macro_f1_of_committed_model() -> None:
    metrics = st.evaluate("test")
    assert metrics["passages"] >= 100
    f1 = [metrics["per_label"][lab]["f1"] for lab in REQUIRED]
    assert float(np.mean(f1)) >= 0.90, metrics["per_label"]
    assert metrics["macro_f1_required"] == pytest.approx(float(np.mean(f1)), abs=1e-3)


def test_real_heldout_scores_of_committed_model() -> None:
    # Aggregate score of the blind real-passage test split (never inspected for errors).
    # Issue #11 target: macro-F1 >= 0.90 (met) and precision >= 0.85 per required sector
    # (semiconductor is at 0.82: the floor below guards against regression, not the target).
    metrics = st.evaluate("test", dataset="real")
    assert metrics["passages"] >= 90
    assert metrics["macro_f1_required"] >= 0.90, metrics["per_label"]
    for lab in REQUIRED:
        assert metrics["per_label"][lab]["precision"] >= 0.80, (lab, metrics["per_label"][lab])


def test_committed_model_matches_data_and_config() -> None:
    meta = json.loads((resources.model("sectors") / "model.json").read_text(encoding="utf-8"))
    cfg = sm.load_config()
    assert meta["labels"] == cfg.labels
    rows = st.load_passages() + load_real_passages()
    digest = __import__("hashlib").sha256(
        "\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows).encode()
    ).hexdigest()
    assert meta["training"]["data_sha256"] == digest, "models/sectors is stale: run `tripreport train sectors`"
    assert meta["training"]["config"] == {k: cfg.model[k] for k in sorted(cfg.model)}


def test_model_files_are_plain_data() -> None:
    names = {p.name for p in resources.model("sectors").iterdir()}
    assert names == {"model.json", "vocab.json", "idf.npy", "coef.npy", "model_card.md"}
    coef = np.load(resources.model("sectors") / "coef.npy", allow_pickle=False)
    vocab = json.loads((resources.model("sectors") / "vocab.json").read_text(encoding="utf-8"))
    assert coef.shape == (len(sm.load_config().labels), len(vocab))


@pytest.mark.slow
def test_training_is_deterministic_and_config_driven(tmp_path: Path) -> None:
    # A taxonomy without one optional sector: labels follow the config, no code change.
    raw = (REPO / "configs" / "sectors.toml").read_text(encoding="utf-8")
    cfg = tomllib.loads(raw)
    dropped = "biotech"
    blocks = raw.split("[[sector]]")
    kept = [b for b in blocks[1:] if f'label = "{dropped}"' not in b]
    config = tmp_path / "sectors.toml"
    config.write_text("[[sector]]".join([blocks[0], *kept]), encoding="utf-8")
    rows = []
    for i, r in enumerate(st.load_passages()):
        if r["split"] == "test" or (r["split"] == "train" and i % 2):
            continue  # a subset keeps the test fast
        rows.append({**r, "labels": [lab for lab in r["labels"] if lab != dropped]})
    out1, out2 = tmp_path / "m1", tmp_path / "m2"
    meta = st.train(config, st.default_passages(), out1, rows=rows)
    st.train(config, st.default_passages(), out2, rows=rows)
    assert dropped not in meta["labels"] and len(meta["labels"]) == len(cfg["sector"]) - 1
    for name in ("coef.npy", "idf.npy", "vocab.json", "model.json", "model_card.md"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name
    model = sm.SectorModel.load(out1)
    p = model.predict_proba(["縣內設置加氫站並推廣燃料電池車。"])[0]
    assert p[model.labels.index("hydrogen")] >= model.thresholds[model.labels.index("hydrogen")]


# ------------------------------------------------------------------ text API

# Passages written for this test (not in the training data).
POSITIVE = [
    ("semiconductor", "該公司於臺南科學園區新建十二吋晶圓廠，採用極紫外光微影技術生產三奈米邏輯晶片。"),
    ("semiconductor", "这家晶圆代工厂计划扩充二十八纳米成熟制程产能，以满足汽车芯片需求。"),
    ("semiconductor", "同社は半導体の後工程向けにダイボンダーとワイヤボンダーを製造している。"),
    ("mems", "研究團隊以微機電製程開發三軸加速度計，並完成晶圓級封裝之可靠度驗證。"),
    ("mems", "该企业利用MEMS工艺量产硅麦克风和气压传感器，主要供应可穿戴设备厂商。"),
    ("mems", "MEMSジャイロセンサの量産に向けて、ウエハー接合工程の歩留まり改善に取り組んでいる。"),
    ("hydrogen", "市府規劃於港區設置加氫站，並引進燃料電池巴士作為接駁車隊。"),
    ("hydrogen", "该项目利用风电电解水制氢，并通过长管拖车向加氢站供应氢气。"),
    ("hydrogen", "県は水素ステーションの整備を進め、燃料電池トラックの導入を補助している。"),
    ("robotics", "工廠導入六軸工業機器人進行焊接與搬運，並以視覺系統引導取放。"),
    ("robotics", "养老院引进护理机器人，协助老人翻身和移位，减轻护理人员负担。"),
    ("robotics", "倉庫では自律移動ロボットが商品棚を運び、ピッキングを自動化している。"),
]

HARD_NEGATIVE = [
    ("semiconductor", "本縣重點產業為半導體、觀光、農業及食品加工，歡迎臺灣企業前來投資。"),
    ("semiconductor", "市の主要産業は半導体、観光、農業、食品加工であり、台湾企業の投資を歓迎している。"),
    ("robotics", "該工業區以工具機、產業機械及金屬加工為主，機械業者逾三百家。"),
    ("robotics", "该地区机械工业发达，主要生产农业机械和工程机械。"),
    ("hydrogen", "縣府持續擴大可再生能源之設置，包括屋頂型太陽光電與陸域風力發電。"),
    ("hydrogen", "県は再生可能エネルギーの導入を進め、メガソーラーの建設が相次いでいる。"),
    ("hydrogen", "污水處理廠以生物脫臭設備處理硫化氫等惡臭氣體。"),
]


@pytest.mark.parametrize("label,text", POSITIVE)
def test_classify_text_assigns_written_passages(label: str, text: str) -> None:
    result = sectors.classify_text(text)
    assert label in assigned(result), result[:3]
    hit = next(r for r in result if r.label == label)
    assert hit.evidence and hit.evidence[0].text in text


@pytest.mark.parametrize("label,text", HARD_NEGATIVE)
def test_classify_text_hard_negatives(label: str, text: str) -> None:
    assert label not in assigned(sectors.classify_text(text))


def test_classify_text_none_passage_and_shape() -> None:
    result = sectors.classify_text("訪團於上午拜會縣廳，雙方交換名片並介紹各自業務，會後合影留念。")
    assert not assigned(result)
    labels = sm.load_config().labels
    assert sorted(r.label for r in result) == sorted(labels)
    assert [r.score for r in result] == sorted((r.score for r in result), reverse=True)
    for r in result:
        assert set(r.to_dict()) >= {"label", "name", "score", "threshold", "assigned", "share", "evidence"}
        assert r.sections is None  # plain text has no section ids
    assert sectors.classify_text("", only_assigned=True) == []


def test_whole_text_rolls_up_chunks() -> None:
    filler = "雙方就今後之交流方式交換意見，並確認下次會議之時間與地點。" * 12
    text = f"{filler}\n\n縣內加氫站已達十座，燃料電池車隊持續擴大。\n\n{filler}"
    result = sectors.classify_text(text)
    h = next(r for r in result if r.label == "hydrogen")
    assert h.assigned and 0 < h.share < 1
    assert h.evidence[0].chunk >= 1 and "加氫站" in h.evidence[0].text


# ------------------------------------------------------------------ stage


def _doc(sections: list[tuple[str, str, str]]) -> Document:
    doc = Document(id="t", source=Source(filename="t.pdf", sha256="0", size=0))
    doc.sections = [Section(id=i, number=i, title=t, level=1, text=b) for i, t, b in sections]
    doc.text = "\n".join(b for _, _, b in sections)
    return doc


def test_annotate_sections_and_document() -> None:
    doc = _doc(
        [
            ("1", "目的", "本次出國目的為深化雙邊產業交流，並了解地方政府之產業支援措施。"),
            ("2", "拜會研究所", "研究所說明其微機電感測器試作平台，可協助企業開發壓力感測器與慣性感測器。"),
            ("3", "參訪工廠", "工廠以協作機器人進行組裝，作業員與機器人在同一工作站作業。"),
            ("4", "研討會", "研討會介紹投資環境與租稅優惠，約五十名企業代表出席。"),
        ]
    )
    sectors.annotate(doc)
    by = {d.label: d for d in doc.sectors}
    assert by["mems"].assigned and by["robotics"].assigned
    assert not by["hydrogen"].assigned and not by["semiconductor"].assigned
    assert {e.section for e in by["mems"].evidence} == {"2"}
    assert {e.section for e in by["robotics"].evidence} == {"3"}
    assert by["mems"].sections == ["2"]
    secs = {s.id: s for s in doc.sections}
    assert [x.label for x in secs["2"].sectors if x.assigned] == ["mems"]
    assert [x.label for x in secs["3"].sectors if x.assigned] == ["robotics"]
    assert not [x for x in secs["1"].sectors + secs["4"].sectors if x.assigned]
    json.dumps(doc.to_dict(), ensure_ascii=False)  # JSON-ready


def test_annotate_without_sections_uses_text() -> None:
    doc = _doc([])
    doc.text = "該公司生產十二吋矽晶圓，並擴建半導體材料工廠。"
    sectors.annotate(doc)
    assert "semiconductor" in assigned(doc.sectors)


def test_wrapped_lines_and_boilerplate_do_not_make_sectors() -> None:
    # PDF line wraps inside sentences, Japanese report boilerplate (意見交換, 説明を受けた)
    doc = _doc(
        [
            ("1", "目的", "関東経済産業局を訪問し、半導体産業の集積に\nついて意見交換を行った。\n"
                         "経済産業省の支援策についても説明を受けた。"),
            ("2", "過程", "横浜市で担当者とも面談し、\n半導体製造装置の人材育成について議論した。"),
        ]
    )
    sectors.annotate(doc)
    assert assigned(doc.sectors) == {"semiconductor"}
    assert sectors.split_sentences("集積に\nついて意見交換を行った。\n1. 時間：午後") == [
        "集積について意見交換を行った。",
        "1. 時間：午後",
    ]


def test_latin_names_are_not_letter_soup() -> None:
    # "Messe" shares letters with MEMS; Latin words are whole features
    text = "展覽於 Messe München 舉行，另於 Makers Space 舉辦交流會，共有兩千家廠商參展。"
    assert "mems" not in assigned(sectors.classify_text(text))
    assert "mems" in assigned(sectors.classify_text("該公司量產 MEMS 麥克風與壓力感測器。"))


def test_model_loaded_lazily_once_per_process() -> None:
    code = (
        "import pipeline.sectors.stage as s\n"
        "assert s.LOAD_COUNT['model'] == 0\n"
        "s.classify_text('半導體晶圓廠'); s.classify_text('燃料電池車')\n"
        "print(s.LOAD_COUNT['model'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"


# ------------------------------------------------------------------ CLI


def test_cli_classify_and_evaluate(tmp_path: Path) -> None:
    from pipeline.cli import app

    runner = CliRunner()
    f = tmp_path / "p.txt"
    f.write_text("協作機器人與工業機器人之減速機為關鍵零組件。", encoding="utf-8")
    res = runner.invoke(app, ["classify", str(f), "--assigned"])
    assert res.exit_code == 0, res.output
    assert [r["label"] for r in json.loads(res.stdout)] == ["robotics"]
    res = runner.invoke(app, ["classify", "-"], input="ロボット")
    assert res.exit_code == 0 and json.loads(res.stdout)
    assert runner.invoke(app, ["classify", str(tmp_path / "missing.txt")]).exit_code == 1
    res = runner.invoke(app, ["evaluate", "sectors"])
    assert res.exit_code == 0 and "macro-F1 (required labels)" in res.stdout
    for lab in REQUIRED:
        assert lab in res.stdout
    for extra in ([], ["--stage"]):  # the real-passage set, passage and stage level (dev: not blind)
        res = runner.invoke(app, ["evaluate", "sectors", "--set", "real", "--split", "dev", "--json", *extra])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["passages"] == sum(r["split"] == "dev" for r in load_real_passages())
    assert runner.invoke(app, ["evaluate", "sectors", "--set", "nope"]).exit_code == 2


def test_cli_classify_a_pdf_report(tmp_path: Path) -> None:
    # Regression: `classify report.pdf` failed with a UTF-8 decoding error; a whole
    # report is now run through the pipeline and its document-level sectors printed.
    import pdf_factory

    from pipeline.cli import app

    runner = CliRunner()
    pdf = REPO / "corpora" / "samples" / "2023-germany-mems-sensors.pdf"
    res = runner.invoke(app, ["classify", str(pdf), "--assigned"])
    assert res.exit_code == 0, res.output
    by = {r["label"]: r for r in json.loads(res.stdout)}
    assert "mems" in by and all(r["assigned"] for r in by.values())
    assert by["mems"]["evidence"] and all(e["section"] for e in by["mems"]["evidence"])
    (tmp_path / "locked.pdf").write_bytes(pdf_factory.encrypted_pdf())
    res = runner.invoke(app, ["classify", str(tmp_path / "locked.pdf")])
    assert res.exit_code == 1 and "encrypted" in res.stderr
    (tmp_path / "bin.dat").write_bytes(b"\xff\xfe\x00\x81 binary")
    res = runner.invoke(app, ["classify", str(tmp_path / "bin.dat")])
    assert res.exit_code == 1 and "not UTF-8 text nor a PDF" in res.stderr


# ------------------------------------------------------------------ the real report


def _subtree(doc: Document, title_part: str) -> set[str]:
    roots = [s.id for s in doc.sections if title_part in s.title]
    assert roots, title_part
    return {s.id for s in doc.sections if any(s.id == r or s.id.startswith(r + ".") for r in roots)}


@pytest.mark.skipif(not REAL_PDF.exists(), reason="../shared is absent")
def test_real_report_sectors() -> None:
    from pipeline.process import process_file

    t0 = time.perf_counter()
    doc = process_file(REAL_PDF)
    t_process = time.perf_counter() - t0
    assert not doc.failed and doc.sections
    sectors.get_model()  # loading is once per process, not per document
    t0 = time.perf_counter()
    sectors.annotate(doc)
    t_sectors = time.perf_counter() - t0
    by = {d.label: d for d in doc.sectors}
    tohoku = _subtree(doc, "東北經產局")
    fukushima = _subtree(doc, "福島縣 Technology Centre")
    chiba_seminar = _subtree(doc, "千葉縣場")
    expect = {"semiconductor": tohoku, "mems": tohoku, "hydrogen": fukushima, "robotics": fukushima}
    for label, where in expect.items():
        d = by[label]
        assert d.assigned, (label, d.score, d.threshold)
        ev = {e.section for e in d.evidence}
        assert ev and ev & where, (label, ev)
    for s in doc.sections:
        if s.id in chiba_seminar:
            assert not {x.label for x in s.sectors if x.assigned} & set(REQUIRED), (s.id, s.sectors)
    # generous bound here; benchmarks measure the real overhead
    assert t_sectors < 0.5 * t_process, (t_sectors, t_process)
