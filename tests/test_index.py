"""SQLite index: schema, upsert/remove, trigram search, short-query fallback, rebuild."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_corpus import REPORT_TEXT, make_doc

from pipeline.corpus.index import INDEX_SCHEMA_VERSION, open_index, remove_document, search_text, summary, upsert_document
from pipeline.corpus.search import matching_documents, search
from pipeline.corpus.store import Corpus, get_document, rebuild
from pipeline.errors import AmbiguousId, DocumentNotFound, IndexSchemaMismatch

TABLES = ("documents", "people", "sections", "tables", "blocks", "sectors", "section_sectors",
          "entities", "entity_mentions", "fts")


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


@pytest.fixture()
def corpus(tmp_path: Path) -> Corpus:
    c = Corpus(tmp_path / "corpus")
    conn = c.connect()
    c.store(conn, make_doc())
    c.store(conn, make_doc(REPORT_TEXT.replace("千葉縣", "宮城縣") + "仙台市の東北大学を訪問。\n",
                           "b.pdf", title="赴日本宮城考察報告"))
    conn.close()
    return c


def test_schema_idempotent_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "i.sqlite"
    open_index(path).close()
    conn = open_index(path)  # second open: CREATE ... IF NOT EXISTS, no error
    assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(
        INDEX_SCHEMA_VERSION)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(IndexSchemaMismatch):
        open_index(path)


def test_schema_mismatch_is_rebuilt_by_corpus(corpus: Corpus) -> None:
    conn = sqlite3.connect(corpus.index_path)
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    conn = corpus.connect()
    assert counts(conn)["documents"] == 2
    conn.close()


def test_upsert_replaces_rows_and_remove_deletes_all(corpus: Corpus) -> None:
    conn = corpus.connect()
    before = counts(conn)
    assert before["people"] == 6 and before["sectors"] == 2 and before["section_sectors"] == 2
    assert before["entities"] == 2 and before["sections"] == 6
    doc = corpus.read_document(corpus.ids()[0])
    upsert_document(conn, doc, "documents/x.json")
    assert counts(conn) == before  # replaced, not duplicated
    remove_document(conn, doc.id)
    assert counts(conn)["documents"] == 1
    for t in TABLES:
        key = "id" if t == "documents" else "doc_id"
        assert conn.execute(f"SELECT count(*) FROM {t} WHERE {key} = ?", (doc.id,)).fetchone()[0] == 0
    assert all(counts(conn)[t] > 0 for t in TABLES)  # the other document is untouched
    conn.close()


def test_authors_and_people_sources(corpus: Corpus) -> None:
    conn = corpus.connect()
    rows = conn.execute("SELECT source, count(*) FROM people GROUP BY 1 ORDER BY 1").fetchall()
    assert rows == [("cover", 2), ("table", 4)]
    assert conn.execute("SELECT name FROM authors LIMIT 1").fetchone()[0] == "王大明"
    conn.close()


def test_trigram_search_finds_cjk_substring_with_snippet(corpus: Corpus) -> None:
    conn = corpus.connect()
    hits = search(conn, "再生可能", limit=10)  # Japanese, inside a longer word
    assert hits and all("【再生可能】" in h.snippet for h in hits)
    hit = hits[0]
    assert hit.section_number == "貳" and hit.section_title == "過程" and hit.page == 2
    assert hit.title and hit.kind in ("block", "heading")
    only_b = search(conn, "東北大学", limit=10)
    assert {h.doc_id for h in only_b} == {get_document(corpus, h.doc_id).id for h in only_b}
    assert len({h.doc_id for h in only_b}) == 1
    both = search(conn, "半導體 福島縣", limit=10)  # terms ANDed within one block
    assert both and all("半導體" in h.snippet and "福島縣" in h.snippet for h in both)
    assert search(conn, "半導體 機器人", limit=10) == []  # never in the same block
    assert search(conn, "量子電腦", limit=10) == []
    assert search(conn, 'a" OR "b', limit=5) == []  # query syntax does not leak
    conn.close()


def test_short_queries_fall_back_to_substring_scan(corpus: Corpus) -> None:
    conn = corpus.connect()
    hits = search(conn, "氫能", limit=50)  # 2 characters: the trigram index cannot answer
    assert hits and all("【氫能】" in h.snippet for h in hits)
    assert {h.doc_id for h in hits} == {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert search(conn, "仙台", limit=5)[0].title == "赴日本宮城考察報告"
    assert search(conn, "宮", limit=5)
    mixed = search(conn, "郡山市 研究", limit=5)  # one long term (FTS) + one short (scan)
    assert mixed and "【郡山市】" in mixed[0].snippet
    assert search(conn, "  ", limit=5) == []
    conn.close()


def test_search_text_closes_cjk_gaps_but_keeps_line_breaks_as_boundaries() -> None:
    assert search_text("經濟部 工業局  visited\nTokyo") == "經濟部工業局 visited Tokyo"
    # Regression: a heading glued to its paragraph ("壹、目的微機電") and a table caption
    # glued to the header row matched queries across the boundary and read badly.
    assert search_text("壹、目的\n微機電系統") == "壹、目的 微機電系統"


def test_no_match_across_a_paragraph_break(tmp_path: Path) -> None:
    from pipeline.document import Block

    c = Corpus(tmp_path / "corpus")
    conn = c.connect()
    doc = make_doc()
    # A language block as the language stage writes it: heading line, then paragraphs.
    doc.blocks = [Block(lang="zh-Hant", text="壹、目的\n經濟部工業局赴日本考察。\n表1 出席人員",
                        section="1", page=2)]
    c.store(conn, doc)
    assert search(conn, "目的經濟部", 5) == [] and search(conn, "考察。表1", 5) == []
    hits = search(conn, "目的 經濟部工業局", 5)
    assert [h.kind for h in hits] == ["block"] and "壹、【目的】 【經濟部工業局】" in hits[0].snippet
    conn.close()


def test_table_cells_and_titles_are_searchable(corpus: Corpus) -> None:
    conn = corpus.connect()
    assert {h.kind for h in search(conn, "山田太郎", 5)} == {"table"}
    assert "title" in {h.kind for h in search(conn, "宮城考察報告", 5)}
    conn.close()


def test_rebuild_gives_same_counts(corpus: Corpus) -> None:
    conn = corpus.connect()
    before, summ = counts(conn), summary(conn)
    conn.close()
    corpus.index_path.unlink()
    assert rebuild(corpus) == summ
    conn = corpus.connect()
    assert counts(conn) == before
    conn.close()
    assert not list(corpus.root.glob("*.tmp"))


def test_get_document_by_prefix(corpus: Corpus) -> None:
    ids = corpus.ids()
    assert get_document(corpus, ids[0][:6]).id == ids[0]
    assert get_document(corpus, ids[1].upper()).id == ids[1]
    twin = make_doc(title="twin")
    twin.id = ids[0][:4] + ("0" * 12 if ids[0][4:] != "0" * 12 else "1" * 12)
    corpus.write_document(twin)
    with pytest.raises(AmbiguousId):
        get_document(corpus, ids[0][:4])
    assert get_document(corpus, twin.id).metadata.title == "twin"
    with pytest.raises(DocumentNotFound):
        get_document(corpus, "ffffffffffffffff" if not ids[0].startswith("f") else "0000000000000000")
    with pytest.raises(DocumentNotFound):
        get_document(corpus, "../../etc")


def test_summary(corpus: Corpus) -> None:
    conn = corpus.connect()
    s = summary(conn)
    conn.close()
    assert s["documents"] == 2 and s["pages"] == 4
    assert s["by_status"] == {"ok": 2} and s["by_country"] == {"日本": 2}
    assert s["by_agency"] == {"經濟部工業局": 2} and s["tables"] == 2
    assert s["people"] == 6 and s["authors"] == 2 and s["by_lang"]["ja"] >= 2


def test_corrupt_index_file_is_rebuilt(corpus: Corpus) -> None:
    corpus.index_path.write_bytes(b"this is not a database" * 100)
    conn = corpus.connect()
    assert counts(conn)["documents"] == 2
    conn.close()


def test_search_across_scripts(corpus: Corpus) -> None:
    conn = corpus.connect()
    key = lambda hits: [(h.doc_id, h.section, h.kind, h.snippet) for h in hits]  # noqa: E731
    trad = search(conn, "半導體", 10)
    assert trad and key(trad) == key(search(conn, "半导体", 10)) == key(search(conn, "半導体", 10))
    assert all("【半導體】" in h.snippet for h in trad)  # highlighted as printed
    ja = search(conn, "福島縣郡山市", 10)  # typed in Traditional, printed 福島県郡山市
    assert ja and all("【福島県郡山市】" in h.snippet for h in ja)
    short = search(conn, "氢能", 10)  # 2 characters, Simplified: the substring scan folds too
    assert short and all("【氫能】" in h.snippet for h in short)
    ids = {r[0] for r in conn.execute("SELECT id FROM documents")}
    assert matching_documents(conn, "半导体 郡山") == ids
    assert matching_documents(conn, "仙台 半導體") == {h.doc_id for h in search(conn, "仙台", 5)}
    assert matching_documents(conn, "量子電腦") == set() == matching_documents(conn, "")
    conn.close()


def test_entity_mentions_views_and_cascade(corpus: Corpus) -> None:
    conn = corpus.connect()
    doc_id = corpus.ids()[0]
    rows = conn.execute("SELECT canonical_id, label, text, lang, start, end, source FROM entity_mentions "
                        "WHERE doc_id = ?", (doc_id,)).fetchall()
    assert rows == [("ORG:0123456789ab", "ORG", "產業技術總合研究所", "zh-Hant", 0, 9, "text")]
    assert conn.execute("SELECT reports, mentions FROM canonical_entities "
                        "WHERE canonical_id = 'ORG:0123456789ab'").fetchone() == (2, 4)
    assert conn.execute("SELECT count(*) FROM entity_docs").fetchone()[0] == 2
    assert conn.execute("SELECT DISTINCT country FROM document_countries").fetchall() == [("日本",)]
    assert conn.execute("SELECT label FROM document_sectors WHERE doc_id = ?", (doc_id,)).fetchall() == [
        ("semiconductor",)]
    conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))  # foreign keys cascade
    for t in TABLES[1:-1]:
        assert conn.execute(f"SELECT count(*) FROM {t} WHERE doc_id = ?", (doc_id,)).fetchone()[0] == 0
    conn.close()


def test_query_columns_derived_at_index_time(corpus: Corpus) -> None:
    """Schema 3: folded name keys, surface forms, trip dates and sector labels are
    written with each document (the analyst queries aggregate them in SQL)."""
    from pipeline.text.fold import fold

    conn = corpus.connect()
    doc_id = corpus.ids()[0]
    canon, text, ckey, tkey, forms = conn.execute(
        "SELECT canonical, text, canonical_key, text_key, forms FROM entities WHERE doc_id = ?",
        (doc_id,)).fetchone()
    assert (ckey, tkey) == (fold(canon), fold(text)) and ckey == tkey  # 産/產 fold alike
    assert forms == '["產業技術總合研究所"]'
    assert conn.execute("SELECT text_key FROM entity_mentions WHERE doc_id = ?",
                        (doc_id,)).fetchone()[0] == tkey
    assert conn.execute("SELECT trip_start, trip_end, sector_labels FROM documents WHERE id = ?",
                        (doc_id,)).fetchone() == ("2019-10-01", "2019-10-05", '["semiconductor"]')
    # The keys answer cross-script lookups through their indexes.
    plan = " ".join(r[3] for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT canonical_id FROM entities WHERE canonical_key = ?", (ckey,)))
    assert "entities_ckey" in plan
    conn.close()
