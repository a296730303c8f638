"""Provenance and upgrades: each document records what made it; `ingest --upgrade`
redoes only stale ones from their recorded source files; `summary` counts them;
`--log-json` reports one line per document."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from report_factory import write_reports
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.cli import app
from pipeline.corpus.store import Corpus
from pipeline.provenance import fingerprint, is_stale, made_by

runner = CliRunner()


def run(*args: str | Path):
    return runner.invoke(app, [str(a) for a in args])


def test_fingerprint_follows_models_and_configs(tmp_path: Path) -> None:
    for folder in ("configs", "models"):
        (tmp_path / folder).mkdir()
    (tmp_path / "configs" / "ner.toml").write_text("a = 1\n", encoding="utf-8")
    (tmp_path / "models" / "weights.bin").write_bytes(b"\0" * 100)
    first = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == first  # cached, and stable
    fingerprint.cache_clear()
    assert fingerprint(tmp_path) == first  # recomputed: same files, same fingerprint
    (tmp_path / "configs" / "ner.toml").write_text("a = 2\n", encoding="utf-8")
    fingerprint.cache_clear()
    assert fingerprint(tmp_path) != first
    fingerprint.cache_clear()
    assert len(fingerprint()) == 16


def test_stale_means_another_version_or_fingerprint() -> None:
    current = made_by()
    assert current["version"] == __version__ and not is_stale(current)
    assert is_stale({**current, "fingerprint": "0" * 16})
    assert is_stale({**current, "version": "0.0.1"})
    assert is_stale({})


def test_upgrade_redoes_only_stale_documents(tmp_path: Path) -> None:
    inputs = write_reports(tmp_path / "in", 3)
    corpus = Corpus(tmp_path / "c")
    res = run("ingest", tmp_path / "in", "--corpus", corpus.root, "--workers", "1", "--log-json")
    assert res.exit_code == 0, res.stderr
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert sorted(e["file"] for e in events) == sorted(str(p.absolute()) for p in inputs)
    assert all(e["status"] == "added" and e["pages"] == 2 and e["seconds"] > 0 and len(e["id"]) == 16
               for e in events)
    ids = sorted(corpus.ids())
    for doc_id in ids:  # the source path is recorded, absolute, for --upgrade
        doc = corpus.read_document(doc_id)
        assert Path(doc.source.path).is_absolute() and doc.pipeline == {**doc.pipeline, **made_by()}

    res = run("summary", "--corpus", corpus.root, "--json")  # fills the provenance cache
    assert res.exit_code == 0 and json.loads(res.stdout)["stale"] == 0
    # one document made by "older models", one whose source file has gone since
    old, gone, current = ids
    for doc_id, key in ((old, "fingerprint"), (gone, "version")):
        path = corpus.json_path(doc_id)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["pipeline"][key] = "older"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    Path(corpus.read_document(gone).source.path).unlink()
    untouched = corpus.json_path(current).stat().st_mtime_ns
    res = run("summary", "--corpus", corpus.root, "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["stale"] == 2

    res = run("ingest", "--upgrade", "--corpus", corpus.root, "--workers", "1", "--log-json")
    assert res.exit_code == 0, res.stderr
    events = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(e["id"], e["status"]) for e in events] == [(old, "added")]
    assert f"{gone}: stale, but its source file" in res.stderr
    assert corpus.read_document(old).pipeline["fingerprint"] == fingerprint()
    assert corpus.json_path(current).stat().st_mtime_ns == untouched
    res = run("summary", "--corpus", corpus.root, "--json")
    assert json.loads(res.stdout)["stale"] == 1  # the one whose source is gone

    # files named explicitly: their current documents are skipped, as without --upgrade
    shutil.copy(inputs[2], tmp_path / "again.pdf")
    res = run("ingest", tmp_path / "again.pdf", "--upgrade", "--corpus", corpus.root, "--workers", "1")
    assert res.exit_code == 0 and "added 0, skipped 1" in res.stdout


def test_ingest_rejects_a_bad_memory_size_and_nothing_to_do(tmp_path: Path) -> None:
    res = run("ingest", tmp_path, "--corpus", tmp_path / "c", "--doc-memory", "lots")
    assert res.exit_code == 2 and "--doc-memory" in res.stderr
    res = run("ingest", "--corpus", tmp_path / "c")
    assert res.exit_code == 2 and "--upgrade" in res.stderr
