"""``tripreport ner``: plain text in, entity JSON out."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipeline.cli import app

runner = CliRunner()


def test_ner_reads_stdin() -> None:
    res = runner.invoke(app, ["ner", "-", "--lang", "zh-Hant"], input="經濟部工業局林志明科長拜會東北經產局。\n")
    assert res.exit_code == 0, res.output
    ents = json.loads(res.stdout)
    canon = {e["canonical"] for e in ents}
    assert {"經濟部工業局", "東北經濟產業局", "林志明"} <= canon


def test_ner_reads_a_file(tmp_path: Path) -> None:
    f = tmp_path / "in.txt"
    f.write_text("東南亞國家協會與日本\n", encoding="utf-8")
    res = runner.invoke(app, ["ner", str(f), "--compact"])
    assert res.exit_code == 0, res.output
    assert len(res.stdout.strip().splitlines()) == 1
    assert {e["label"] for e in json.loads(res.stdout)} == {"ORG", "GPE"}


def test_ner_errors() -> None:
    assert runner.invoke(app, ["ner", "/nonexistent/file.txt"]).exit_code == 1
    assert runner.invoke(app, ["ner", "-", "--lang", "xx"], input="x").exit_code == 2


def test_empty_input_prints_an_empty_list() -> None:
    res = runner.invoke(app, ["ner", "-"], input="")
    assert res.exit_code == 0 and json.loads(res.stdout) == []
