"""Queries (agencies, people, trips, cooccur): exact outputs on a hand-made corpus,
robust checks end to end on the sample PDFs plus a Japanese PDF, and the CLI.

The hand-made corpus is four documents written with ``Corpus.store``: entities,
people, dates and sectors are known, so every expected row below is written out
by hand.  Canonical ids follow the NER contract (``canonical_id(label, fold(name))``):
東北經產局 / 東北経済産業局 carry the id of 東北經濟產業局, as the NER stage gives them.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import json
import shutil
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pipeline.annotations import Entity, Mention, SectorScore
from pipeline.cli import app
from pipeline.corpus.ingest import ingest
from pipeline.corpus.search import search
from pipeline.corpus.store import Corpus
from pipeline.document import Block, Document, Metadata, Page, Person, Section, Source, Table
from pipeline.query.queries import (
    AgencyRow,
    Filters,
    PairRow,
    QueryError,
    agencies,
    cooccur,
    people,
    resolve_entity,
    trips,
)
from pipeline.text.fold import canonical_id, fold

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "corpora" / "samples"
runner = CliRunner()


def cid(label: str, name: str) -> str:
    return canonical_id(label, fold(name))


TOHOKU, KYUSHU, METI = cid("ORG", "東北經濟產業局"), cid("ORG", "九州經濟產業局"), cid("ORG", "經濟產業省")
IPMS, DRESDEN = cid("ORG", "Fraunhofer IPMS"), cid("GPE", "德勒斯登")
SATO, WANG = cid("PERSON", "佐藤一郎"), cid("PERSON", "王大明")

# (label, canonical) of the surface forms used in the hand-made blocks.
CANONICAL = {"東北經產局": ("ORG", "東北經濟產業局"), "東北経済産業局": ("ORG", "東北經濟產業局"),
             "經濟產業省": ("ORG", "經濟產業省"), "经济产业省": ("ORG", "經濟產業省"),
             "九州経済産業局": ("ORG", "九州經濟產業局"), "九州經濟產業局": ("ORG", "九州經濟產業局"),
             "Fraunhofer IPMS": ("ORG", "Fraunhofer IPMS"), "德勒斯登": ("GPE", "德勒斯登"),
             "佐藤一郎": ("PERSON", "佐藤一郎"), "王大明": ("PERSON", "王大明"),
             # only in test_exclude_own_abbreviated_unit's corpus
             "經濟部工業局電資組": ("ORG", "經濟部工業局電資組"), "國科會": ("ORG", "國科會")}


def make_doc(key: str, *, title: str, agency: str, author: Person, countries: list[str],
             places: list[str], period: tuple[str, str], sectors: dict[str, bool],
             blocks: list[tuple[str, str, list[str]]], attendees: list[Person]) -> Document:
    """A document whose entities are the given surface forms of each block (offsets
    found in the block text) plus the attendee names (as the NER stage records them)."""
    sha = hashlib.sha256(key.encode()).hexdigest()
    doc = Document(id=sha[:16], source=Source(filename=f"{key}.pdf", sha256=sha, size=len(key), pages=3))
    doc.metadata = Metadata(category="考察", title=title, agency=agency, authors=[author],
                            countries=countries, places=places, period_start=period[0],
                            period_end=period[1], report_date=period[1])
    doc.pages = [Page(1, title, "cover"), Page(2, "\n".join(b[1] for b in blocks))]
    doc.sections = [Section(id=str(i + 1), number="壹貳參"[i], title="過程", level=1, page=2)
                    for i in range(len(blocks))]
    doc.tables = [Table(caption="出席人員", page=2, header=["姓名", "職稱", "單位"],
                        rows=[[p.name, p.title or "", p.unit or ""] for p in attendees],
                        pages=[2], section="1", kind="attendees")]
    doc.people = attendees
    ents: dict[str, dict[str, Any]] = {}
    for i, (lang, text, surfaces) in enumerate(blocks):
        doc.blocks.append(Block(lang=lang, text=text, section=str(i + 1), page=2))
        for s in surfaces:
            label, canon = CANONICAL[s]
            e = ents.setdefault(cid(label, canon), Entity(
                text=s, label=label, canonical=canon, canonical_id=cid(label, canon),
                lang=lang, count=0, sources=["gazetteer"]))
            start = text.index(s)
            e.mentions.append(Mention(section=str(i + 1), page=2, block=i,
                                      start=start, end=start + len(s)))
            e.count += 1
    for p in attendees:
        e = ents.setdefault(cid("PERSON", p.name), Entity(
            text=p.name, label="PERSON", canonical=p.name,
            canonical_id=cid("PERSON", p.name), lang="zh-Hant", count=0))
        e.mentions.append(Mention(section="1", page=2, where="table", table=0))
        e.count += 1
        e.sources = sorted(set(e.sources) | {"table"})
        e.title, e.org, e.unit = p.title, p.org, p.unit
    doc.entities = list(ents.values())
    doc.text = "\n".join(b[1] for b in blocks)
    doc.sectors = [SectorScore(label=lab, name={"semiconductor": "半導體", "hydrogen": "氫能",
                                                "mems": "微機電"}[lab], score=0.9 if on else 0.3,
                               assigned=on) for lab, on in sectors.items()]
    return doc


def handmade_docs() -> list[Document]:
    d1 = make_doc(
        "tohoku-2019", title="赴日本東北考察報告", agency="經濟部工業局",
        author=Person("王大明", "科長", "電子組", "經濟部工業局"), countries=["日本"],
        places=["宮城縣"], period=("2019-09-17", "2019-09-20"),
        sectors={"semiconductor": True, "hydrogen": False},
        blocks=[("zh-Hant", "拜會東北經產局，並與經濟產業省交換意見。", ["東北經產局", "經濟產業省"]),
                ("zh-Hant", "東北經產局介紹半導體產業聚落。", ["東北經產局"])],
        attendees=[Person("佐藤一郎", "課長", "製造產業課", "東北經濟產業局", 0)])
    d2 = make_doc(
        "tohoku-2021-ja", title="東北地域半導体産業視察", agency="経済部工業局",
        author=Person("王大明", "科長", "電子組", "経済部工業局"), countries=["日本"],
        places=["福岡縣"], period=("2021-11-08", "2021-11-12"),
        sectors={"semiconductor": True, "hydrogen": True},
        blocks=[("ja", "東北経済産業局と九州経済産業局を訪問し、水素と半導体について意見交換した。",
                 ["東北経済産業局", "九州経済産業局"])],
        attendees=[Person("佐藤一郎", "室長", "製造産業課", "東北経済産業局", 0)])
    d3 = make_doc(
        "germany-2023", title="赴德國考察微機電", agency="國家科學及技術委員會",
        author=Person("林雅婷", "研究員", "前瞻處", "國家科學及技術委員會"), countries=["德國"],
        places=["德勒斯登"], period=("2023-03-06", "2023-03-10"), sectors={"mems": True},
        blocks=[("zh-Hant", "於德勒斯登參訪Fraunhofer IPMS。", ["德勒斯登", "Fraunhofer IPMS"])],
        attendees=[Person("Katrin Vogel", "部門主任", "微機電元件部門", "Fraunhofer IPMS", 0)])
    d4 = make_doc(
        "kyushu-2023", title="赴日本九州考察氫能", agency="經濟部產業發展署",
        author=Person("王大明", "副組長", "電子資訊產業組", "經濟部產業發展署"), countries=["日本"],
        places=["熊本縣"], period=("2023-10-02", "2023-10-06"), sectors={"hydrogen": True},
        blocks=[("zh-Hant", "拜會九州經濟產業局，了解经济产业省氫能政策。", ["九州經濟產業局", "经济产业省"])],
        attendees=[Person("中村浩二", "部長", "地域經濟部", "九州經濟產業局", 0)])
    return [d1, d2, d3, d4]


DOCS = handmade_docs()
D1, D2, D3, D4 = (d.id for d in DOCS)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    c = Corpus(tmp_path_factory.mktemp("query") / "corpus")
    conn = c.connect()
    for d in DOCS:
        c.store(conn, d)
    conn.close()
    return c


@pytest.fixture()
def conn(corpus: Corpus):
    c = corpus.open_for_reading()
    yield c
    c.close()


def test_agencies_merged_across_scripts(conn) -> None:
    rows = agencies(conn)
    # most reports, then most mentions, then name
    assert [(r.name, r.reports, r.mentions) for r in rows] == [
        ("東北經濟產業局", 2, 3), ("九州經濟產業局", 2, 2), ("經濟產業省", 2, 2), ("Fraunhofer IPMS", 1, 1)]
    assert rows[0] == AgencyRow(
        id=TOHOKU, name="東北經濟產業局", label="ORG", reports=2, mentions=3,
        first_date="2019-09-17", last_date="2021-11-12", countries=["日本"],
        sectors=["hydrogen", "semiconductor"], names=["東北經產局", "東北経済産業局"],
        doc_ids=sorted([D1, D2]))
    meti = rows[2]
    assert meti.names == ["經濟產業省", "经济产业省"] and meti.doc_ids == sorted([D1, D4])
    assert (meti.first_date, meti.last_date) == ("2019-09-17", "2023-10-06")
    assert meti.sectors == ["hydrogen", "semiconductor"]  # D1 hydrogen not assigned: from D4


def test_agency_filters(conn) -> None:
    names = lambda **kw: [r.name for r in agencies(conn, Filters(**kw))]  # noqa: E731
    assert names(since="2021", until="2021-12") == ["九州經濟產業局", "東北經濟產業局"]
    assert names(since="2023-10-06") == ["九州經濟產業局", "經濟產業省"]  # trip ends that day
    assert names(until="2019-09-17") == ["東北經濟產業局", "經濟產業省"]  # trip starts that day
    assert names(sector="hydrogen") == ["九州經濟產業局", "東北經濟產業局", "經濟產業省"]
    assert names(sector="氢能") == names(sector="hydrogen")  # sector name, any script
    assert names(country="德國") == ["Fraunhofer IPMS"] == names(country="德国")
    assert names(place="德勒斯登") == ["Fraunhofer IPMS"]
    assert names(place="宮城") == ["東北經濟產業局", "經濟產業省"]
    assert names(visiting_agency="經濟部工業局") == ["東北經濟產業局", "九州經濟產業局", "經濟產業省"]
    assert names(visiting_agency="經濟部工業局電子組") == names(visiting_agency="經濟部工業局")
    assert names(text="水素") == ["九州經濟產業局", "東北經濟產業局"]
    assert names(entities=["九州経済産業局"]) == ["九州經濟產業局", "東北經濟產業局", "經濟產業省"]
    assert [r.name for r in agencies(conn, min_reports=2)] == [
        "東北經濟產業局", "九州經濟產業局", "經濟產業省"]
    assert [r.name for r in agencies(conn, sort="last")] == [
        "九州經濟產業局", "經濟產業省", "Fraunhofer IPMS", "東北經濟產業局"]
    assert [r.name for r in agencies(conn, label="place")] == ["德勒斯登"]
    assert agencies(conn, exclude_own=True) == agencies(conn)  # no report names its own agency
    with pytest.raises(QueryError):
        agencies(conn, Filters(since="2023-13"))


def test_own_name_abbreviations() -> None:
    from pipeline.query.filters import own_name

    visiting = frozenset(fold(v) for v in ("經濟部工業局", "工業局", "工業局電子資訊組"))
    assert own_name(fold("經濟部工業局電資組"), visiting)  # parent + abbreviated unit
    assert own_name(fold("工業局電資組"), visiting) and own_name(fold("電子資訊組"), visiting)
    assert own_name(fold("經濟部"), visiting) and own_name(fold("经济部工业局"), visiting)
    for other in ("經濟產業省", "東北經濟產業局", "工研院", "經濟部能源署", "電"):
        assert not own_name(fold(other), visiting), other
    assert own_name(fold("國科會"), frozenset({fold("國家科學及技術委員會")}))


def test_exclude_own_abbreviated_unit(tmp_path: Path) -> None:
    """Regression: 經濟部工業局電資組 was kept as a visited agency in a report by
    工業局電子資訊組 (abbreviated and full unit names compared as plain substrings)."""
    own = make_doc(
        "idb-ict", title="赴日本考察半導體", agency="經濟部工業局",
        author=Person("陳小華", "技正", "電子資訊組", "工業局"), countries=["日本"],
        places=["宮城縣"], period=("2022-05-09", "2022-05-13"), sectors={"semiconductor": True},
        blocks=[("zh-Hant", "經濟部工業局電資組同仁拜會東北經產局及經濟產業省。",
                 ["經濟部工業局電資組", "東北經產局", "經濟產業省"])], attendees=[])
    other = make_doc(
        "nstc", title="赴日本考察", agency="國家科學及技術委員會",
        author=Person("林雅婷", "研究員", "前瞻處", "國家科學及技術委員會"), countries=["日本"],
        places=["宮城縣"], period=("2022-06-01", "2022-06-03"), sectors={"mems": True},
        blocks=[("zh-Hant", "國科會與經濟部工業局電資組共同拜會東北經產局。",
                 ["國科會", "經濟部工業局電資組", "東北經產局"])], attendees=[])
    c = Corpus(tmp_path / "corpus")
    conn = c.connect()
    for d in (own, other):
        c.store(conn, d)
    conn.close()
    conn = c.open_for_reading()
    try:
        everyone = {r.name: r.doc_ids for r in agencies(conn)}
        assert set(everyone) == {"東北經濟產業局", "經濟部工業局電資組", "經濟產業省", "國科會"}
        external = {r.name: r.doc_ids for r in agencies(conn, exclude_own=True)}
        # Own unit left out of its own report only; 國科會 left out of its own report.
        assert external == {"東北經濟產業局": sorted([own.id, other.id]), "經濟產業省": [own.id],
                            "經濟部工業局電資組": [other.id]}
    finally:
        conn.close()


def test_people_roles_over_time_and_org(conn) -> None:
    rows = {r.name: r for r in people(conn)}
    assert set(rows) == {"佐藤一郎", "王大明", "林雅婷", "Katrin Vogel", "中村浩二"}
    sato = rows["佐藤一郎"]
    assert sato.id == SATO and sato.reports == 2 and sato.doc_ids == sorted([D1, D2])
    assert sato.titles == ["課長", "室長"]  # by trip date: 2019, then 2021
    assert [(r["date"], r["title"], r["org"], r["source"]) for r in sato.roles] == [
        ("2019-09-17", "課長", "東北經濟產業局", "table"), ("2021-11-08", "室長", "東北経済産業局", "table")]
    wang = rows["王大明"]
    assert wang.id == WANG and wang.reports == 3 and wang.titles == ["科長", "副組長"]
    assert wang.orgs == ["經濟部工業局", "経済部工業局", "經濟部產業發展署"]
    met = lambda org: [r.name for r in people(conn, org=org)]  # noqa: E731
    assert met("東北經產局") == ["佐藤一郎"] == met("东北经济产业局")
    assert met("九州経済産業局") == ["中村浩二"]
    assert met("Fraunhofer IPMS") == ["Katrin Vogel"]
    assert [r.name for r in people(conn, Filters(since="2023"))] == [
        "Katrin Vogel", "中村浩二", "林雅婷", "王大明"]  # attendees are entities: 1 mention
    assert [r.name for r in people(conn, min_reports=2)] == ["王大明", "佐藤一郎"]


def test_trips(conn) -> None:
    rows = trips(conn)
    assert [r.id for r in rows] == [D1, D2, D3, D4]  # by trip start
    first = rows[0]
    assert (first.title, first.start, first.end, first.agency, first.authors, first.sectors) == (
        "赴日本東北考察報告", "2019-09-17", "2019-09-20", "經濟部工業局", ["王大明 科長"],
        ["semiconductor"])
    ids = lambda **kw: [r.id for r in trips(conn, Filters(**kw))]  # noqa: E731
    assert ids(entities=["東北経済産業局"]) == [D1, D2]
    assert ids(entities=["東北經產局", "九州經濟產業局"]) == [D2]
    assert ids(entities=[METI]) == [D1, D4]  # a canonical id works too
    assert ids(text="半導体") == [D1, D2]  # Japanese spelling finds 半導體
    assert ids(text="氫能 九州") == [D4]
    assert ids(sector="semiconductor", since="2020") == [D2]
    assert ids(country="日本", until="2022") == [D1, D2]
    assert ids(entities=["不存在的機關"]) == []


def test_cooccur(conn) -> None:
    rows = cooccur(conn)
    assert [(r.a_name, r.b_name, r.count) for r in rows] == [
        ("九州經濟產業局", "東北經濟產業局", 1), ("九州經濟產業局", "經濟產業省", 1),
        ("東北經濟產業局", "經濟產業省", 1)]
    assert rows[0] == PairRow(a_id=KYUSHU, a_name="九州經濟產業局", a_label="ORG", b_id=TOHOKU,
                              b_name="東北經濟產業局", b_label="ORG", count=1, doc_ids=[D2])
    with_people = cooccur(conn, entity="東北経済産業局", label="PERSON")
    assert [(r.a_name, r.b_name, r.count, r.doc_ids) for r in with_people] == [
        ("東北經濟產業局", "佐藤一郎", 2, sorted([D1, D2]))]
    mixed = cooccur(conn, label="ORG", with_label="GPE")
    assert [(r.a_name, r.b_name) for r in mixed] == [("Fraunhofer IPMS", "德勒斯登")]
    # Within sections: D1 names 東北經產局 and 經濟產業省 in section 1 only.
    sec = cooccur(conn, within="section")
    assert [(r.a_name, r.b_name, r.count) for r in sec] == [
        ("九州經濟產業局", "東北經濟產業局", 1), ("九州經濟產業局", "經濟產業省", 1),
        ("東北經濟產業局", "經濟產業省", 1)]
    assert cooccur(conn, min_count=2) == []
    assert cooccur(conn, entity="nobody") == []


def test_resolve_entity_any_script(conn) -> None:
    assert resolve_entity(conn, "東北經濟產業局") == {TOHOKU}
    assert resolve_entity(conn, "东北经产局") == {TOHOKU}  # a mention's surface form, folded
    assert resolve_entity(conn, "Fraunhofer  ipms") == {IPMS}


def cli(*args: str | Path) -> Any:
    return runner.invoke(app, [str(a) for a in args])


def test_cli_formats_match_python(corpus: Corpus, conn) -> None:
    res = cli("query", "agencies", "--corpus", corpus.root, "--format", "json")
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout) == [r.to_dict() for r in agencies(conn)]
    res = cli("query", "trips", "--corpus", corpus.root, "-f", "jsonl", "--text", "半導体")
    assert [json.loads(line)["id"] for line in res.stdout.splitlines()] == [D1, D2]
    res = cli("query", "people", "--corpus", corpus.root, "-f", "csv", "--org", "東北經產局")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("id,name,titles,orgs,units,reports")
    assert len(lines) == 2 and lines[1].startswith(f"{SATO},佐藤一郎,課長; 室長,")
    res = cli("query", "cooccur", "--corpus", corpus.root, "-e", "九州經濟產業局", "-f", "json")
    assert [r["b_name"] for r in json.loads(res.stdout)] == ["東北經濟產業局", "經濟產業省"]
    res = cli("query", "agencies", "--corpus", corpus.root, "--sector", "hydrogen", "-n", "1")
    assert res.exit_code == 0 and "九州經濟產業局" in res.stdout and "first 1 of 3" in res.stdout
    assert "東北經濟產業局" not in res.stdout


def test_cli_errors(corpus: Corpus, tmp_path: Path) -> None:
    res = cli("query", "agencies", "--corpus", corpus.root, "--since", "yesterday")
    assert res.exit_code == 2 and "not a date" in res.stderr
    res = cli("query", "trips", "--corpus", corpus.root, "--format", "xml")
    assert res.exit_code == 2
    res = cli("query", "trips", "--corpus", tmp_path / "none")
    assert res.exit_code == 2 and "no corpus" in res.stderr
    # Regression: a misspelt sector or label gave an empty result and exit 0.
    res = cli("query", "trips", "--corpus", corpus.root, "--sector", "hydrogn")
    assert res.exit_code == 2 and "unknown sector 'hydrogn'" in res.stderr and "hydrogen" in res.stderr
    res = cli("query", "agencies", "--corpus", corpus.root, "--label", "ORGS")
    assert res.exit_code == 2 and "unknown label ORGS" in res.stderr
    res = cli("export", "--corpus", corpus.root, "-f", "graphml", "--labels", "ORG,BOGUS",
              "-o", tmp_path / "out")
    assert res.exit_code == 2 and "unknown label BOGUS" in res.stderr
    assert cli("query", "trips", "--corpus", corpus.root, "--sector", "氢能").exit_code == 0


def test_serve_without_datasette_prints_hint(corpus: Corpus, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.cli import query_cmds

    monkeypatch.setattr(query_cmds, "datasette_installed", lambda: False)
    res = cli("serve", "--corpus", corpus.root)
    assert res.exit_code == 2
    assert "pip install 'tripreport[serve]'" in res.stderr


def test_serve_command_runs_datasette_under_this_interpreter(corpus: Corpus) -> None:
    import sys

    from pipeline.cli.query_cmds import serve_command

    cmd = serve_command(corpus.index_path)
    assert cmd[:4] == [sys.executable, "-m", "datasette", "serve"]
    assert "--metadata" in cmd and Path(cmd[cmd.index("--metadata") + 1]).is_file()


# --- end to end: sample PDFs + a Japanese PDF through the real pipeline -----------------

JA_COVER = """出國報告（出國類別：考察）
東北地域半導体産業視察報告
服務機關：経済部工業局
姓名職稱：電子組山田一郎技正
派赴國家：日本宮城縣
出國期間：2021年11月8日至11月12日
報告日期：2022年1月20日
"""
JA_BODY = """壹、目的
東北経済産業局を訪問し、半導体産業の集積に
ついて意見交換を行った。
経済産業省の支援策についても説明を受けた。
貳、過程
仙台市で九州経済産業局の担当者とも面談し、
半導体製造装置の人材育成について議論した。
"""


def japanese_pdf(pages: list[str]) -> bytes:
    """A Japanese report (cover page + body page) in the CID font HeiseiMin-W3."""
    sys.path.insert(0, str(Path(__file__).parent))
    from pdf_factory import _canvas, _cid
    from reportlab.lib.pagesizes import A4

    buf = io.BytesIO()
    c = _canvas(buf)
    for text in pages:
        c.setFont(_cid("HeiseiMin-W3"), 13)
        y = A4[1] - 72
        for line in text.splitlines():
            c.drawString(72, y, line)
            y -= 13 * 1.6
        c.showPage()
    c.save()
    return buf.getvalue()


@lru_cache(maxsize=1)
def e2e_corpus() -> Corpus:
    """The sample PDFs plus a Japanese PDF, ingested once per test session."""
    root = Path(tempfile.mkdtemp(prefix="tripreport-query-e2e-"))
    atexit.register(shutil.rmtree, root, True)
    (root / "in").mkdir()
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        shutil.copy(pdf, root / "in" / pdf.name)
    (root / "in" / "ja-tohoku.pdf").write_bytes(japanese_pdf([JA_COVER, JA_BODY]))
    corpus = Corpus(root / "corpus")
    report = ingest([root / "in"], corpus)
    assert report.ok and len(report.added) == 4, report.failed
    return corpus


@pytest.fixture(scope="module")
def e2e() -> Corpus:
    if not list(SAMPLES.glob("*.pdf")):
        pytest.skip("no sample PDFs")
    return e2e_corpus()


def _ids_by_file(corpus: Corpus) -> dict[str, str]:
    return {corpus.read_document(i).source.filename: i for i in corpus.ids()}


def test_e2e_cross_script_agency_and_filters(e2e: Corpus) -> None:
    ids = _ids_by_file(e2e)
    ja, chiba, kyushu = ids["ja-tohoku.pdf"], ids["2019-chiba-fukushima.pdf"], \
        ids["2023-kyushu-semiconductor-hydrogen.pdf"]
    conn = e2e.open_for_reading()
    try:
        rows = agencies(conn)
        tohoku = [r for r in rows if "東北經產局" in r.names]
        # The reference report's 東北經產局 and the Japanese 東北経済産業局: one agency.
        assert len(tohoku) == 1 and "東北経済産業局" in tohoku[0].names
        assert {chiba, ja} <= set(tohoku[0].doc_ids)
        assert tohoku[0].first_date == "2019-09-17" and tohoku[0].last_date == "2021-11-12"
        # The visitors are not the visited: 經濟部工業局 (cover, 本局, 工業局) is left out.
        external = {r.name for r in agencies(conn, exclude_own=True)}
        assert "經濟部工業局" in {r.name for r in rows} - external
        assert tohoku[0].name in external
        kyu = [r for r in rows if "九州経済産業局" in r.names]
        assert len(kyu) == 1 and {kyushu, ja} <= set(kyu[0].doc_ids)
        only_2021 = agencies(conn, Filters(since="2021-01", until="2021-12-31"))
        assert {d for r in only_2021 for d in r.doc_ids} == {ja}
        semi = trips(conn, Filters(sector="semiconductor", since="2021"))
        assert {ja, kyushu} <= {r.id for r in semi}
        assert all("semiconductor" in r.sectors and r.end >= "2021" for r in semi)
        assert not {ja, kyushu} & {r.id for r in trips(conn, Filters(sector="半導体", until="2020"))}
        assert [r.id for r in trips(conn, Filters(visiting_agency="經濟部工業局", since="2020"))] == [ja]
        ja_trip = trips(conn, Filters(entities=["東北經產局"], since="2021"))[0]
        assert (ja_trip.id, ja_trip.start, ja_trip.end) == (ja, "2021-11-08", "2021-11-12")
        met = [r.name for r in people(conn, org="九州経済産業局")]
        assert "中村浩二" in met and "鄒宗勳" not in met
        pair = cooccur(conn, entity="九州經濟產業局")
        assert tohoku[0].id in {r.b_id for r in pair if ja in r.doc_ids}
        # Cross-script full-text search: 半導體 finds the Japanese 半導体 (highlighted as printed).
        hits = [h for h in search(conn, "半導體", 50) if h.doc_id == ja]
        assert hits and all("【半導体】" in h.snippet for h in hits)
        assert {h.doc_id for h in search(conn, "半导体 九州", 50)} >= {ja}
    finally:
        conn.close()


def test_e2e_ids_stable_across_reingest(e2e: Corpus, tmp_path: Path) -> None:
    pdf = e2e.root.parent / "in" / "ja-tohoku.pdf"  # the e2e inputs live beside the corpus
    again = Corpus(tmp_path / "again")
    report = ingest([pdf], again)
    (doc_id,) = report.added
    assert doc_id in e2e.ids()
    first, second = e2e.read_document(doc_id), again.read_document(doc_id)
    assert {e.canonical_id for e in first.entities} == {e.canonical_id for e in second.entities}


def test_documented_sql_examples_run(conn) -> None:
    import re

    text = (REPO / "docs" / "index-schema.md").read_text(encoding="utf-8")
    examples = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(examples) >= 6
    results = [conn.execute(sql).fetchall() for sql in examples]
    assert results[0][0][:3] == (TOHOKU, "東北經濟產業局", 2)  # canonical_entities, most reports
    assert {r[0] for r in results[1]} == {D1, D2}  # reports mentioning ORG:1839fd655735
    assert TOHOKU == "ORG:1839fd655735"  # the id the schema doc quotes
    assert all(results), "every documented query returns rows on the hand-made corpus"
