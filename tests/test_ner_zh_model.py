"""Tests of the committed Chinese NER model (models/ner-zh) and of its training code."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from pipeline.training import ner_zh as zh_train
from pipeline.training import zh_data
from pipeline.training.labels import retype_place

REPO = Path(__file__).resolve().parents[1]
MODEL = REPO / "models" / "ner-zh"
PREPARED = REPO / "corpora" / "ner" / "zh"  # committed output of zh_data.prepare_zh_corpus
SHARED_ZH = REPO.parent / "shared" / "ner" / "zh"
# Measured MSRA-test F1 on the first 300 sentences (see MODEL_CARD.md); floor a bit below. A
# guard against a broken model, not a target (issue #11): each adaptation to the genre's real text
# costs the 1998 news a little (v3.0.0 0.923 / 0.911; v3.3.0 0.857 / 0.850, full set 0.797).
MSRA300_FLOOR_ORIGINAL = 0.83
MSRA300_FLOOR_MAPPED = 0.82

needs_shared = pytest.mark.skipif(not SHARED_ZH.exists(), reason="../shared/ner/zh absent")


def ents(text: str) -> set[tuple[str, str]]:
    """(entity text, label) pairs the committed model finds in ``text``."""
    nlp = zh_train.load_model(str(MODEL))
    norm = zh_data.normalise(text)
    return {(text[e.start_char:e.end_char], e.label_) for e in nlp(norm).ents}


def test_model_loads_quickly_and_is_small() -> None:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    assert time.perf_counter() - t0 < 10.0  # measured < 1 s; generous for shared CI cores
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(zh_data.LABELS)
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 40 * 2**20


def test_traditional_sentence() -> None:
    # Traditional characters are read through the model's NORM table (no conversion code)
    found = ents("行政院長蘇貞昌今天在臺北會見日本經濟產業省代表團，並參觀了台積電的工廠。")
    assert ("蘇貞昌", "PERSON") in found
    assert ("臺北", "GPE") in found
    # ...with the same spans as the same sentence in Simplified characters
    nlp = zh_train.load_model(str(MODEL))
    hant, hans = ("行政院長蘇貞昌今天在臺北會見日本經濟產業省代表團，並參觀了台積電的工廠。",
                  "行政院长苏贞昌今天在台北会见日本经济产业省代表团，并参观了台积电的工厂。")
    assert zh_train.predict(nlp, [hant]) == zh_train.predict(nlp, [hans])
    found = ents("陳志明昨天代表中央研究院訪問了東京大學和大阪市政府。")
    assert {("陳志明", "PERSON"), ("中央研究院", "ORG"), ("東京大學", "ORG")} <= found
    # a named city government is an organisation (guidelines §1; MSRA split it as 大阪市 + 政府):
    # the adaptation phase on real passages taught the project's convention
    assert ("大阪市政府", "ORG") in found


def test_simplified_sentence() -> None:
    found = ents("新华社北京５月３日电，国务院总理李鹏昨天在人民大会堂会见了美国通用汽车公司董事长。")
    assert ("李鹏", "PERSON") in found
    assert ("北京", "GPE") in found
    assert ("美国通用汽车公司", "ORG") in found or ("通用汽车公司", "ORG") in found
    assert ("新华社", "ORG") in found


def test_normalise_keeps_offsets() -> None:
    text = "１９９７年ＡＢＣ公司"
    out = zh_data.normalise(text)
    assert out == "1997年ABC公司" and len(out) == len(text)


def test_retype_places() -> None:
    assert retype_place("台湾", "GPE", zh_data.LABELS_PATH) == "GPE"
    assert retype_place("东南亚", "GPE", zh_data.LABELS_PATH) == "LOC"
    assert retype_place("喜马拉雅山", "GPE", zh_data.LABELS_PATH) == "LOC"
    assert retype_place("首都机场", "GPE", zh_data.LABELS_PATH) == "FAC"
    assert retype_place("黑龙江", "GPE", zh_data.LABELS_PATH) == "GPE"


@needs_shared
def test_msra_test_subset_f1() -> None:
    res = zh_train.evaluate_zh_public("msra.test", MODEL, limit=300)
    assert res["original"]["micro"]["f1"] >= MSRA300_FLOOR_ORIGINAL
    assert res["mapped"]["micro"]["f1"] >= MSRA300_FLOOR_MAPPED



@pytest.mark.slow
def test_training_is_deterministic(tmp_path: Path) -> None:
    # both phases (scratch, then continuation sourcing phase 1), tiny, run twice
    data = PREPARED
    ov = {"training.max_steps": 10, "training.eval_frequency": 5}
    # phase 2 batches are 3,000 words; 500 keeps the test fast
    ov2 = {**ov, "training.batcher.size.rate": 500,
           "training.optimizer.learn_rate.warmup_steps": 2,
           "training.optimizer.learn_rate.total_steps": 20}
    outs = []
    for name in ("a", "b"):
        out = zh_train.train_zh_ner(tmp_path / name, data_dir=data, n_train=200, n_dev=50,
                                    overrides=ov, continue_overrides=ov2, work_dir=tmp_path)
        outs.append(out)
    for part in ("tok2vec/model", "ner/model", "ner/moves"):
        assert (outs[0] / part).read_bytes() == (outs[1] / part).read_bytes(), part
    assert zh_train.load_model(str(outs[0])).vocab.lookups.has_table("lexeme_norm")


def test_mention_replacement_keeps_offsets_and_labels() -> None:
    from pipeline.training.ner_zh import replace_mentions

    rows = [{"text": "王大明在北京会见李四。", "entities": [[0, 3, "PERSON"], [4, 6, "GPE"], [8, 10, "PERSON"]]},
            {"text": "上海很大", "entities": [[0, 2, "GPE"]]}, {"text": "没有实体", "entities": []}]
    out = replace_mentions(rows, copies=3, rate=1.0, seed=1)
    assert len(out) == 6  # sentences without entities are not copied
    names = {"PERSON": {"王大明", "李四"}, "GPE": {"北京", "上海"}}
    for ex in out:
        for start, end, label in ex["entities"]:
            assert ex["text"][start:end] in names[label]
    assert out == replace_mentions(rows, copies=3, rate=1.0, seed=1)  # deterministic


def test_unknown_spans_are_missing_annotation(tmp_path: Path) -> None:
    # a span of a type we do not label ("-") is neither entity nor "no entity" in training
    from spacy.tokens import DocBin
    from spacy.training import Example

    rows = [{"text": "我在北京读《三体》了", "entities": [[2, 4, "GPE"], [6, 8, "-"]]}]
    stats = zh_train.to_docbin(rows, tmp_path / "t.spacy")
    assert stats["ents"] == 1
    nlp = zh_train.make_nlp()
    doc = next(DocBin().from_disk(tmp_path / "t.spacy").get_docs(nlp.vocab))
    tags = Example(nlp.make_doc(doc.text), doc).get_aligned_ner()
    assert tags == ["O", "O", "B-GPE", "L-GPE", "O", "O", None, None, "O", "O"]


def test_label_map_marks_unknown_and_generic_spans() -> None:
    from pipeline.training.labels import map_entities

    ex = {"text": "本公司与比亚迪合作出版《三体》", "entities": [[0, 3, "ORG"], [4, 7, "ORG"], [11, 13, "BOOK"]]}
    assert map_entities("resume", ex, zh_data.LABELS_PATH) == [[0, 3, "-"], [4, 7, "ORG"]]
    ex = {**ex, "entities": [[0, 3, "COMPANY"], [4, 7, "COMPANY"], [11, 13, "BOOK"]]}
    assert map_entities("cluener", ex, zh_data.LABELS_PATH) == [[0, 3, "-"], [4, 7, "ORG"], [11, 13, "-"]]
    # 本田 is a name, not 本 + a generic head
    assert map_entities("resume", {"text": "本田", "entities": [[0, 2, "ORG"]]}, zh_data.LABELS_PATH) == [[0, 2, "ORG"]]


def test_mention_replacement_keeps_unknown_spans_and_uses_extra_names() -> None:
    rows = [{"text": "安川与《三体》", "entities": [[0, 2, "ORG"], [4, 6, "-"]]}]
    out = zh_data.replace_mentions(rows, copies=5, rate=1.0, seed=0, extra_pools={"ORG": ["三菱重工业"]})
    names = {ex["text"][s:e] for ex in out for s, e, lab in ex["entities"] if lab == "ORG"}
    assert names == {"安川", "三菱重工业"}
    for ex in out:
        (s, e, lab), = [x for x in ex["entities"] if x[2] == "-"]
        assert ex["text"][s:e] == "三体"


def test_extra_names() -> None:
    from pipeline.training import zh_names

    convert = zh_names._ja_to_simplified()
    assert convert("三菱重工業") == "三菱重工业"
    assert convert("日本電気") == "日本电气"
    known = set("三菱重工业安川电机")
    assert zh_names._usable("安川电机", known) and zh_names._usable("NEC", known)
    assert not zh_names._usable("トヨタ", known) and not zh_names._usable("安川電機", known)
    rows = [{"text": "北京" * 20 + "海尔", "entities": [[2 * i, 2 * i + 2, "GPE"] for i in range(20)] + [[40, 42, "ORG"]]}]
    names = zh_names.composed_companies(rows, n=50)
    assert len(names) == 50 and all("海尔" in n for n in names)
    assert any(n.startswith("北京海尔") for n in names)
    assert names == zh_names.composed_companies(rows, n=50)


def test_norm_table_maps_traditional_characters_seen_in_a_few_training_sentences() -> None:
    # Weibo and CLUENER hold a few Traditional sentences: 長 must still read as 长
    rows = [{"text": "长江很长，著名", "entities": []}, {"text": "長城很長", "entities": []}]
    known = zh_train.simplified_chars(rows)
    assert "长" in known and "著" in known and "長" not in known
    table = zh_train.norm_table(known)
    assert table["長"] == "长" and "著" not in table
