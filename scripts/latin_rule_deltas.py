"""Per-rule effect of ``configs/ner.toml [latin] enabled`` on the dev split of the real set.

Runs the NER stage on ``corpora/eval/real`` dev with all Latin rules, with none, and with each
rule left out, and prints document-level F1 per label group and language (dev only: the test
split is blind). Usage: ``python scripts/latin_rule_deltas.py``.
"""

from __future__ import annotations

from pipeline.evaluation.real_set import load_real_set, predict_tripreport, score
from pipeline.ner import latin_forms
from pipeline.ner.config import load_config

GROUPS = ("ORG", "PERSON", "PLACE", "INDUSTRY")


def _f1s(rows: list[dict]) -> dict[str, float]:
    result = score(rows, predict_tripreport(rows))
    out = {}
    for lang, block in [("all", result["overall"]), *sorted(result["by_lang"].items())]:
        doc = block["document_level"]
        per = {**doc["labels"], **doc["groups"]}
        for g in GROUPS:
            out[f"{lang}/{g}"] = per.get(g, {}).get("f1", 0.0)
        out[f"{lang}/micro"] = doc["micro"]["f1"]
    return out


def _run(rows: list[dict], enabled: list[str]) -> dict[str, float]:
    load_config()["latin"]["enabled"] = enabled
    latin_forms.latin_rules.cache_clear()
    return _f1s(rows)


def main() -> None:
    rows = load_real_set("dev")
    rules = list(load_config()["latin"]["enabled"])
    full = _run(rows, rules)
    none = _run(rows, [])
    keys = [k for k in full if full[k] != none[k] or k.endswith("micro")]
    print("doc-level F1, dev | " + " | ".join(keys))
    print("no Latin rules    | " + " | ".join(f"{none[k]:.3f}" for k in keys))
    print("all Latin rules   | " + " | ".join(f"{full[k]:.3f}" for k in keys))
    for rule in rules:
        without = _run(rows, [r for r in rules if r != rule])
        alone = _run(rows, [rule])
        print(f"{rule:<17} | " + " | ".join(
            f"{full[k] - without[k]:+.3f}/{alone[k] - none[k]:+.3f}" for k in keys))
    print("(per rule: F1 of all rules minus all but this one / this rule alone minus none)")


if __name__ == "__main__":
    main()
