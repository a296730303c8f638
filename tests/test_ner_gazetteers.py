"""The shipped gazetteers: format, trilingual names, documented sources."""

from __future__ import annotations

from pathlib import Path

from pipeline import resources
from pipeline.ner.config import load_config
from pipeline.ner.gazetteer import read_entries

GAZETTEER_DIR = resources.path("corpora/gazetteers")

HAND_WRITTEN = ["tw_agencies.tsv", "jp_agencies.tsv", "tw_places.tsv", "regions.tsv", "industries.tsv"]


def test_every_configured_file_exists_and_is_documented() -> None:
    readme = (GAZETTEER_DIR / "README.md").read_text(encoding="utf-8")
    for name in load_config()["gazetteer"]["files"]:
        assert (GAZETTEER_DIR / name).exists(), name
        assert name in readme, f"{name} not described in the README"


def test_entries_have_known_labels_and_names() -> None:
    labels = {"ORG", "PERSON", "GPE", "LOC", "FAC", "INDUSTRY"}
    for name in load_config()["gazetteer"]["files"]:
        entries = read_entries(GAZETTEER_DIR / name)
        assert entries, name
        for e in entries:
            assert e.label in labels, (name, e)
            assert e.primary, (name, e)


def test_hand_written_japanese_entries_have_three_languages() -> None:
    for e in read_entries(GAZETTEER_DIR / "jp_agencies.tsv"):
        assert e.names.get("zh_hant") and e.names.get("ja") and e.names.get("en"), e


def test_industry_terms_cover_the_genre_sectors() -> None:
    from pipeline.ner.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for term in ["資通訊產業", "半導體", "電子零組件", "可再生能源", "醫療儀器", "航空及宇宙", "水素", "ロボット", "半导体"]:
        entry = gaz.lookup(term)
        assert entry is not None and entry.label == "INDUSTRY", term


def test_derived_files_match_their_sources() -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "gazetteers" / "ja"
    if not shared.exists():
        import pytest

        pytest.skip("shared gazetteers absent")
    prefs = read_entries(GAZETTEER_DIR / "ja_prefectures.tsv")
    assert len(prefs) == 47
    assert {e.names["ja"] for e in prefs} >= {"北海道", "千葉県", "沖縄県"}
    assert any(e.names["zh_hant"] == "千葉縣" for e in prefs)
