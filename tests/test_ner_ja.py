"""Japanese NER: GiNZA (loaded once for this module) with the label map and genre rules."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.ner.stage import extract_entities


@pytest.fixture(scope="module")
def ginza() -> Any:
    from pipeline.ner.models import ginza as load

    nlp = load()
    if nlp is None:
        pytest.skip("ja_ginza is not installed")
    return nlp


def test_ginza_runs_only_what_ner_needs(ginza: Any) -> None:
    assert ginza.pipe_names == ["tok2vec", "ner"]
    doc = ginza("経済産業省の田中太郎課長が説明した。")
    assert any(e.label_ == "Person" for e in doc.ents)


def test_japanese_sentence(ginza: Any) -> None:
    text = "経済産業省製造産業局の田中 太郎課長は、東京都千代田区で株式会社日立製作所とジェトロの担当者に会った。"
    ents = {e.text: e for e in extract_entities(text, "ja")}
    assert ents["田中 太郎"].label == "PERSON"
    assert ents["田中 太郎"].title == "課長"
    assert ents["株式会社日立製作所"].canonical == "日立製作所"
    assert ents["ジェトロ"].canonical == "日本貿易振興機構"
    assert ents["東京都"].label == ents["千代田区"].label == "GPE"  # components (guidelines)
    assert all(e.lang == "ja" for e in ents.values())


def test_model_finds_what_the_gazetteers_do_not(ginza: Any) -> None:
    text = "山口花子さんは大阪のさくら電子で働いている。"
    ents = extract_entities(text, "ja")
    from_model = [e for e in ents if "model" in e.sources]
    assert from_model
    assert all(e.label in {"ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY"} for e in ents)


def test_position_vocation_is_a_title_not_an_entity(ginza: Any) -> None:
    ents = extract_entities("佐々木社長と面会した。", "ja")
    assert not [e for e in ents if e.text in ("社長",)]


def test_japanese_and_chinese_spellings_share_ids(ginza: Any) -> None:
    ja = {e.canonical_id for e in extract_entities("東北経済産業局と経済産業省を訪問した。", "ja")}
    zh = {e.canonical_id for e in extract_entities("拜會東北經產局與經濟產業省。", "zh-Hant")}
    assert ja == zh and len(ja) == 2


def test_very_long_japanese_line_is_chunked(ginza: Any) -> None:
    # Sudachi refuses more than 49,149 bytes at once; the stage must cut the text.
    text = "東北経済産業局は半導体産業を支援している" * 900  # 18,000 characters, 54 KB
    ents = extract_entities(text, "ja")
    org = [e for e in ents if e.canonical == "東北經濟產業局"]
    assert org and org[0].count == 900


def test_numpy_matmul_backend_gives_identical_entities(ginza: Any) -> None:
    import spacy

    from pipeline.ner.config import load_config
    from pipeline.ner.models import _prune_ginza, _use_blas

    cfg = load_config()["model"]
    other = spacy.load("ja_ginza", exclude=list(cfg["ja_exclude"]))
    if cfg.get("ja_prune"):
        _prune_ginza(other, cfg)
    _use_blas(other)
    texts = ["経済産業省の田中太郎課長は大阪府の株式会社山田製作所を訪れた。", "台湾の工業技術研究院と東北大学が協定を結んだ。"]
    for a, b in zip(ginza.pipe(texts), other.pipe(texts), strict=True):
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


def test_pruned_ner_labels_give_the_same_mapped_entities(ginza: Any) -> None:
    import spacy

    from pipeline.ner.config import load_config, load_label_map
    from pipeline.ner.models import prune_ner_labels

    cfg = load_config()["model"]
    full = spacy.load("ja_ginza", exclude=list(cfg["ja_exclude"]))
    n_full = full.get_pipe("ner").moves.n_moves
    labels = load_label_map(cfg["ja_labels"])
    texts = [
        "経済産業省の田中太郎課長は大阪府の株式会社山田製作所を訪れた。",
        "2019年9月17日、台湾の工業技術研究院と東北大学が協定を結び、半導体の共同研究で1億円を投じる。",
        "トヨタ自動車は愛知県豊田市の本社で新型プリウスを発表し、成田空港から羽田へ移動した。",
    ]

    def mapped(nlp: Any) -> list[list[tuple[int, int, str]]]:
        return [[(e.start_char, e.end_char, labels[e.label_]) for e in d.ents if labels.get(e.label_)] for d in nlp.pipe(texts)]

    before = mapped(full)
    keep = {k for k, v in labels.items() if v}  # the strictest pruning: mapped labels only
    assert 0 < prune_ner_labels(full, keep) < n_full
    assert full.get_pipe("ner").moves.n_moves < n_full
    after = mapped(full)
    assert sum(map(len, after)) >= sum(map(len, before)) > 0
    assert ginza.meta["tripreport"]["ner_moves"] < n_full  # the stage's GiNZA is pruned (config)
    assert mapped(ginza) == before  # ... with absorber labels kept: identical entities
