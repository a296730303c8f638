"""The document JSON Schema: valid itself, in step with the model, and strict."""

from __future__ import annotations

import dataclasses
import typing
from pathlib import Path

import pytest
from test_corpus import make_doc

from pipeline import document as model
from pipeline.errors import DocumentValidationError
from pipeline.schema import document_schema, validate_document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def sample_pdfs() -> list[Path]:
    """The project's sample PDFs and the shared reference PDF (if present)."""
    pdfs = sorted((REPO / "corpora" / "samples").rglob("*.pdf"))
    pdfs += sorted((SHARED / "pdfs").glob("*.pdf")) if SHARED.is_dir() else []
    return pdfs


def test_schema_is_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    schema = document_schema()
    assert schema["$schema"].endswith("2020-12/schema")
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"] == {"const": model.SCHEMA_VERSION}


def _check_fields(cls: type, props: dict, defs: dict, where: str) -> None:
    names = {f.name for f in dataclasses.fields(cls)}
    assert set(props) == names, f"{where}: schema {sorted(props)} vs model {sorted(names)}"
    hints = typing.get_type_hints(cls)
    for name in names:
        hint = hints[name]
        args = typing.get_args(hint)
        inner = args[0] if typing.get_origin(hint) is list and args else hint
        if dataclasses.is_dataclass(inner):
            ref = props[name].get("$ref") or props[name]["items"]["$ref"]
            sub = defs[ref.rsplit("/", 1)[1]]
            _check_fields(inner, sub["properties"], defs, f"{where}.{name}")


def test_schema_covers_every_model_field() -> None:
    """Fails when a field is added to document.py without updating the schema."""
    schema = document_schema()
    _check_fields(model.Document, schema["properties"], schema["$defs"], "Document")


def test_constructed_document_validates() -> None:
    validate_document(make_doc().to_dict())
    validate_document(model.Document.from_dict(make_doc().to_dict()).to_dict())


@pytest.mark.parametrize(("change", "where"), [
    (lambda d: d.update(status="done"), "status"),
    (lambda d: d.update(schema_version="2.0"), "schema_version"),
    (lambda d: d.update(extra=1), "(root)"),
    (lambda d: d.pop("text"), "(root)"),
    (lambda d: d.update(id="XYZ"), "id"),
    (lambda d: d["metadata"].update(period_start="2019/10/01"), "metadata/period_start"),
    (lambda d: d["metadata"].update(report_date="2019-02-30x"), "metadata/report_date"),
    (lambda d: d["blocks"][0].update(lang="zh"), "blocks/0/lang"),
    (lambda d: d["pages"][0].update(number=0), "pages/0/number"),
    (lambda d: d["tables"][0].update(rows=[[1, 2]]), "tables/0/rows/0/0"),
    (lambda d: d["sections"][0].update(level="1"), "sections/0/level"),
    (lambda d: d["metadata"]["authors"][0].update(name=None), "metadata/authors/0/name"),
    (lambda d: d["errors"].append({"stage": "x", "code": "y"}), "errors/0"),
    (lambda d: d["entities"][0].update(extra=1), "entities/0"),
    (lambda d: d["entities"][0].pop("sources"), "entities/0"),
    (lambda d: d["entities"][0].update(count="2"), "entities/0/count"),
    (lambda d: d["entities"][0].update(canonical_id=7), "entities/0/canonical_id"),
    (lambda d: d["entities"][0].update(title=None), "entities/0/title"),
    (lambda d: d["entities"][0]["mentions"][0].update(where="body"), "entities/0/mentions/0/where"),
    (lambda d: d["entities"][0]["mentions"][0].update(table=0), "entities/0/mentions/0"),
    (lambda d: d["entities"][0]["mentions"][0].pop("block"), "entities/0/mentions/0"),
    (lambda d: d["sectors"][0].pop("threshold"), "sectors/0"),
    (lambda d: d["sectors"][0].update(assigned=1), "sectors/0/assigned"),
    (lambda d: d["sectors"][0]["evidence"][0].update(chunk=1), "sectors/0/evidence/0"),
    (lambda d: d["sectors"][0]["evidence"][0].pop("title"), "sectors/0/evidence/0"),
    (lambda d: d["sections"][0]["sectors"][0].update(share=0.5), "sections/0/sectors/0"),
    (lambda d: d["sections"][0]["sectors"][0].pop("name"), "sections/0/sectors/0"),
])
def test_violations_are_reported_with_their_path(change, where: str) -> None:
    data = make_doc().to_dict()
    change(data)
    with pytest.raises(DocumentValidationError) as info:
        validate_document(data)
    assert any(p.startswith(where) for p in info.value.problems), info.value.problems


def test_failed_document_may_lack_an_id() -> None:
    doc = model.Document(id="", source=model.Source(filename="x.pdf", sha256="", size=0))
    doc.fail("read", "unreadable", "no such file")
    validate_document(doc.to_dict())
    doc.status = "ok"
    with pytest.raises(DocumentValidationError):
        validate_document(doc.to_dict())


@pytest.fixture(scope="module")
def processed(processed_pdf) -> list[model.Document]:
    pdfs = sample_pdfs()
    if not pdfs:
        pytest.skip("no sample PDFs yet")
    return [processed_pdf(p) for p in pdfs]


def test_every_sample_document_validates(processed: list[model.Document]) -> None:
    for doc in processed:
        validate_document(doc.to_dict())
    assert any(not d.failed for d in processed)
