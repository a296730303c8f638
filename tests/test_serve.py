"""`tripreport serve`: the real Datasette server over a real corpus index answers every canned query."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from pipeline import resources
from pipeline.corpus.store import Corpus
from pipeline.process import process_file

SAMPLE = resources.checkout() / "corpora" / "samples" / "2023-kyushu-semiconductor-hydrogen.pdf"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    corpus = Corpus(tmp_path_factory.mktemp("serve") / "corpus")
    conn = corpus.connect()
    corpus.store(conn, process_file(SAMPLE))
    conn.close()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(resources.checkout())}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import app; app()", "serve",
         "--corpus", str(corpus.root), "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited {proc.returncode}: {proc.stderr.read().decode()}")
                time.sleep(0.1)
        else:
            pytest.fail("datasette did not answer within 20 s")
        yield base, json.loads(resources.path("datasette/metadata.json").read_text(encoding="utf-8"))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.mark.slow
def test_serve_answers_every_canned_query(server) -> None:
    base, metadata = server
    queries = metadata["databases"]["index"]["queries"]
    assert queries
    for name in queries:
        result = _get(f"{base}/index/{name}.json?_shape=objects")
        assert "rows" in result, name
        assert result.get("ok", True), (name, result)


@pytest.mark.slow
def test_serve_agencies_query_finds_the_reports_agencies(server) -> None:
    base, _ = server
    rows = _get(f"{base}/index/agencies.json?_shape=objects")["rows"]
    assert any("九州" in (r.get("agency") or "") for r in rows)
    table = _get(f"{base}/index/documents.json?_shape=objects")["rows"]
    assert len(table) == 1 and table[0]["title"]
