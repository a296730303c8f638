"""The cover form of a Japanese report (海外研修報告書, 派遣報告書): authors, their
organisation, the host organisation, countries, dates.

A Japanese overseas-training or visit report opens with a form of labelled fields
(氏名, 所属, 職名, 派遣国, 研修期間, 研修機関(名), 専門分野, 報告日), printed as
``label：value`` lines or as a ruled table. :func:`annotate` runs after the
Chinese cover stage and only when it found no authors: it marks the form's block
``cover`` (so its labels never reach the NER as text) and fills ``doc.metadata``
the way :mod:`pipeline.extract.cover` does: authors (``Person`` with title and
organisation), ``agency`` = the authors' organisation, countries, trip period and
report date through :func:`cover.fill_trip`. The host organisation stays in
``metadata.raw`` under its printed label; :func:`host_organisations` reads it back
for the NER stage's evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.document import Document, Metadata, Page, Person
from pipeline.extract.cover import FormLabels, fill_trip
from pipeline.extract.front import inline_cover_tables, mark_cover

# Canonical label -> spellings printed on Japanese forms.
LABELS: dict[str, tuple[str, ...]] = {
    "氏名": ("報告者氏名", "研修員氏名", "派遣者氏名", "研修者氏名", "氏名"),
    "所属": ("所属機関名", "所属機関", "所属先", "所属", "勤務先"),
    "職名": ("職名", "役職", "職位"),
    "派遣国": ("派遣国名", "派遣先国", "派遣国", "渡航先国", "研修国"),
    "研修期間": ("研修期間", "派遣期間", "渡航期間"),
    "研修機関": ("研修機関名", "研修機関", "受入機関名", "受入機関", "派遣先機関名", "派遣先機関", "研修先"),
    "専門分野": ("専門分野", "研修分野"),
    "報告日": ("報告年月日", "報告日", "提出日"),
}
HOST_LABELS = ("研修機関",)
MIN_LABELS = 3  # a page with this many distinct form labels holds the cover form
MAX_COVER_SEARCH = 3
_SPLIT_NAMES = re.compile(r"[、，,;；/／\n]+")
_READING = re.compile(r"[(（][^()（）]*[)）]")


@lru_cache(maxsize=1)
def _form_labels() -> FormLabels:
    return FormLabels(LABELS)


def find_labels(line: str) -> list[tuple[int, int, str, str]]:
    """(start, end, canonical label, label as printed) of each form label in ``line``: at
    the line start (a table row ``氏名 山田 太郎``) or followed by a colon."""
    return _form_labels().find(line)


def is_field_line(line: str) -> bool:
    """Whether ``line`` holds a Japanese form label (``派遣国：ドイツ``)."""
    return bool(find_labels(line.replace("\u3000", " ").strip()))


def count_labels(text: str) -> int:
    """How many distinct form labels ``text`` holds."""
    return len({lab[2] for line in text.splitlines() for lab in find_labels(line.replace("\u3000", " ").strip())})


def parse_fields(text: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """``(fields, printed_labels, title_lines)`` of a form's text: each canonical label's
    first value (text up to the next label on its line), the label as printed, and the
    unlabelled lines before the first field (the report's title)."""
    fields: dict[str, str] = {}
    printed: dict[str, str] = {}
    title: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.replace("\u3000", " ").strip()
        labels = find_labels(line) if line else []
        if not labels:
            if line and not fields:
                title.append(line)
            continue
        for i, (_, end, lab, shown) in enumerate(labels):
            stop = labels[i + 1][0] if i + 1 < len(labels) else len(line)
            value = line[end:stop].strip(" :：")
            if lab not in fields and value:
                fields[lab], printed[lab] = value, shown
    return fields, printed, title


def parse_authors(value: str, title: str | None, org: str | None) -> list[Person]:
    """``山田 太郎（やまだ たろう）、佐藤 花子`` -> people; the inner space is kept as printed,
    readings in brackets are dropped."""
    people = []
    for piece in _SPLIT_NAMES.split(_READING.sub("", value)):
        name = " ".join(piece.split())
        if 2 <= len(name.replace(" ", "")) <= 12 and not re.search(r"\d", name):
            people.append(Person(name=name, title=title, org=org))
    return people


def extract_metadata(text: str) -> Metadata:
    """Parse a Japanese cover form into a :class:`Metadata`."""
    fields, printed, title = parse_fields(text)
    meta = Metadata(raw={printed[k]: v for k, v in fields.items()})
    meta.title = "".join(title) or None
    meta.agency = fields.get("所属")
    if fields.get("氏名"):
        meta.authors = parse_authors(fields["氏名"], fields.get("職名"), meta.agency)
    fill_trip(meta, fields.get("派遣国"), fields.get("研修期間"), fields.get("報告日"))
    return meta


def host_organisations(meta: Metadata) -> list[str]:
    """The host organisations a Japanese form names (研修機関名, 受入機関), from ``meta.raw``."""
    labels = _form_labels()
    return [v for k, v in meta.raw.items() if labels.canonical(k) in HOST_LABELS and v]


def find_cover_page(pages: list[Page]) -> Page | None:
    """The first of the first pages holding at least :data:`MIN_LABELS` form labels."""
    for page in pages[:MAX_COVER_SEARCH]:
        if page.kind not in ("toc",) and not page.blocks_of("cover") and count_labels(page.text) >= MIN_LABELS:
            return page
    return None


def annotate(doc: Document) -> None:
    """Mark a Japanese cover form ``cover`` and fill ``doc.metadata`` from it, when the
    Chinese cover stage found no authors (see the module docstring)."""
    if doc.metadata.authors:
        return
    inline_cover_tables(doc, is_field_line, min_fields=MIN_LABELS)
    page = find_cover_page(doc.pages)
    if page is None:
        return
    mark_cover(page, is_field_line)
    doc.text = "\n".join(p.text for p in doc.pages if p.kind == "body" and p.text)
    meta = extract_metadata("\n".join(page.blocks_of("cover")))
    doc.metadata = meta.filled_from(doc.metadata)
