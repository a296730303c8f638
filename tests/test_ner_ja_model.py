"""Small Japanese NER model (pipeline.training.ner_ja): label mapping, token alignment, trained model."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.metrics import score_sentences
from pipeline.training import ja_data
from pipeline.training import ner_ja as ja_train
from pipeline.training.labels import retype_place

MODEL = ja_train.MODEL_DIR


def test_map_example_stockmark() -> None:
    ex = {"text": "トヨタ自動車の豊田章男社長が富士山と名古屋駅を訪れた。",
          "entities": [[0, 6, "法人名"], [7, 11, "人名"], [14, 17, "地名"], [18, 21, "地名"], [22, 24, "イベント名"]]}
    out = ja_data.map_example("stockmark", ex)
    assert out["entities"] == [[0, 6, "ORG"], [7, 11, "PERSON"], [14, 17, "LOC"], [18, 21, "GPE"]]


def test_map_example_drops_unmapped_and_retypes() -> None:
    ex = {"text": "東京駅で", "entities": [[0, 3, "LOCATION"], [0, 2, "OPTIONAL"]]}
    assert ja_data.map_example("wac", ex)["entities"] == [[0, 3, "FAC"]]
    assert retype_place("千葉県", "GPE", ja_data.LABELS_PATH) == "GPE"
    assert retype_place("アジア", "GPE", ja_data.LABELS_PATH) == "LOC"


def test_prf_exact_and_grouped() -> None:
    gold = [[(0, 2, "GPE"), (3, 5, "PERSON")]]
    pred = [[(0, 2, "LOC"), (3, 6, "PERSON")]]
    scores = score_sentences(gold, pred)
    assert scores["micro"]["f1"] == 0.0
    assert scores["groups"]["PLACE"]["f1"] == 1.0


def test_docbin_alignment_expands(tmp_path: Path) -> None:
    rows = [{"text": "東京都に行く", "entities": [[0, 1, "GPE"]]}]  # 東 alone is not a token
    stats = ja_train.to_docbin(rows, tmp_path / "x.spacy")
    assert stats["ents"] == 1 and stats["expanded"] + stats["dropped"] == 1


def test_model_finds_entities() -> None:
    nlp = ja_train.load_model(MODEL)
    text = "安倍晋三首相は東京でトヨタ自動車の社長と会談した。"
    labels = {lab for _, _, lab in ja_train.predict(nlp, [text])[0]}
    assert labels & {"PERSON", "ORG", "GPE"}
    assert labels <= set(ja_train.LABELS)
