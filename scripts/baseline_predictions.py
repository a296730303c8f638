"""Write the previous release's NER predictions on the real evaluation set (both splits).

    python scripts/baseline_predictions.py [--commit d5c7917]

Checks the given commit out into a temporary git worktree, runs that release's
``extract_entities`` on every passage in a subprocess (this checkout's virtualenv,
that release's code) and writes ``corpora/eval/real/baselines/previous-release.jsonl``:
one ``{"id", "commit", "spans": [[start, end, label], ...]}`` per passage. The file is
scored by ``tripreport evaluate ner --set``; its contents are not read by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.evaluation.real_set import load_real_set  # noqa: E402

# Runs inside the old release: reads passages on stdin, prints spans per passage.
RUNNER = """
import json, re, sys
from pipeline.ner.stage import extract_entities
for line in sys.stdin:
    row = json.loads(line)
    spans = []
    for e in extract_entities(row["text"]):
        e = e if isinstance(e, dict) else e.to_dict()
        ms = [(m["start"], m["end"]) for m in e.get("mentions", []) if m.get("start") is not None]
        if not ms:
            ms = [(m.start(), m.end()) for m in re.finditer(re.escape(e["text"]), row["text"])]
        spans += [[s, t, e["label"]] for s, t in ms]
    print(json.dumps({"id": row["id"], "spans": spans}, ensure_ascii=False))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--commit", default="d5c7917", help="the previous release (last landed main before this one)")
    args = ap.parse_args()
    rows = load_real_set("dev") + load_real_set("test")
    commit = subprocess.run(["git", "rev-parse", "--short", args.commit], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "release"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            stdin = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
            env = {**os.environ, "PYTHONPATH": str(tree)}
            res = subprocess.run([sys.executable, "-c", RUNNER], input=stdin, capture_output=True, text=True,
                                 env=env, cwd=tree, check=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
    out = ROOT / "corpora" / "eval" / "real" / "baselines" / "previous-release.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({**json.loads(line), "commit": commit}, ensure_ascii=False) for line in res.stdout.splitlines()]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} passages -> {out} (release {commit})")


if __name__ == "__main__":
    main()
