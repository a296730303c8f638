"""The entity co-occurrence network as GraphML (opens in Gephi, networkx, Cytoscape).

Nodes are canonical entities (organisations, people, places by default), keyed by
their canonical id, with attributes ``label`` (the display name, which Gephi shows),
``entity_label`` (ORG, PERSON, GPE, LOC...), ``kind`` (organisation, person, place,
other), ``reports`` and ``mentions``.  An undirected ``co_mention`` edge joins two
entities named in the same report; its ``weight`` is the number of such reports
(``doc_ids`` lists them).  With ``reports=True`` each report is a node too (``kind``
report, id ``DOC:<doc id>``), joined to each entity it names by a ``mentioned_in``
edge weighted by the number of mentions.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from pipeline.document import Document

DEFAULT_LABELS = ["GPE", "LOC", "ORG", "PERSON"]
KINDS = {"ORG": "organisation", "PERSON": "person", "GPE": "place", "LOC": "place"}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"

NODE_KEYS = [("label", "string"), ("entity_label", "string"), ("kind", "string"),
             ("reports", "int"), ("mentions", "int"), ("date", "string")]
EDGE_KEYS = [("weight", "double"), ("kind", "string"), ("doc_ids", "string")]


@dataclass
class Graph:
    """Nodes and undirected edges with attributes (an edge key is a sorted id pair)."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def entity_graph(docs: list[Document], labels: list[str] | None = DEFAULT_LABELS, *,
                 reports: bool = False, min_weight: int = 1) -> Graph:
    """Build the co-occurrence graph of the entities of ``labels`` (``None``: every
    label) over ``docs``."""
    wanted = None if labels is None else set(labels)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    label_of: dict[str, str] = {}
    mentions: Counter[str] = Counter()
    in_docs: dict[str, set[str]] = defaultdict(set)
    per_doc: dict[str, Counter[str]] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        counts: Counter[str] = Counter()
        for e in doc.entities:
            if not e.canonical_id or (wanted is not None and e.label not in wanted):
                continue
            cid, n = e.canonical_id, e.count or 1
            names[cid][e.canonical or e.text or cid] += n
            label_of[cid] = e.label
            mentions[cid] += n
            in_docs[cid].add(doc.id)
            counts[cid] += n
        per_doc[doc.id] = counts
    g = Graph()
    for cid in sorted(names):
        c = names[cid]
        g.nodes[cid] = {"label": min(c, key=lambda n: (-c[n], len(n), n)),
                        "entity_label": label_of[cid], "kind": KINDS.get(label_of[cid], "other"),
                        "reports": len(in_docs[cid]), "mentions": mentions[cid]}
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc_id, counts in per_doc.items():
        for a, b in combinations(sorted(counts), 2):
            shared[(a, b)].append(doc_id)
    for pair in sorted(shared):
        ids = shared[pair]
        if len(ids) >= min_weight:
            g.edges[pair] = {"weight": float(len(ids)), "kind": "co_mention",
                             "doc_ids": ";".join(ids)}
    if reports:
        titles = {d.id: (d.metadata.title or d.source.filename, d.metadata.period_start)
                  for d in docs}
        for doc_id, counts in per_doc.items():
            if not counts:
                continue
            node = f"DOC:{doc_id}"
            title, date = titles[doc_id]
            g.nodes[node] = {"label": title or doc_id, "entity_label": "REPORT", "kind": "report",
                             "reports": 1, "mentions": sum(counts.values()), "date": date or ""}
            for cid in sorted(counts):
                g.edges[(cid, node)] = {"weight": float(counts[cid]), "kind": "mentioned_in",
                                        "doc_ids": doc_id}
    return g


def write_graphml(graph: Graph, path: Path) -> Path:
    """Write ``graph`` as an undirected GraphML file with typed attribute keys."""
    ET.register_namespace("", GRAPHML_NS)
    root = ET.Element(f"{{{GRAPHML_NS}}}graphml")
    ids: dict[tuple[str, str], str] = {}
    for domain, keys in (("node", NODE_KEYS), ("edge", EDGE_KEYS)):
        for name, kind in keys:
            key_id = f"{domain[0]}_{name}"
            ids[(domain, name)] = key_id
            ET.SubElement(root, f"{{{GRAPHML_NS}}}key", {
                "id": key_id, "for": domain, "attr.name": name, "attr.type": kind})
    g = ET.SubElement(root, f"{{{GRAPHML_NS}}}graph", {"id": "entities", "edgedefault": "undirected"})

    def data(parent: ET.Element, domain: str, attrs: dict[str, Any]) -> None:
        for name, _ in NODE_KEYS if domain == "node" else EDGE_KEYS:
            if name in attrs and attrs[name] is not None:
                d = ET.SubElement(parent, f"{{{GRAPHML_NS}}}data", {"key": ids[(domain, name)]})
                d.text = str(attrs[name])

    for node_id, attrs in graph.nodes.items():
        data(ET.SubElement(g, f"{{{GRAPHML_NS}}}node", {"id": node_id}), "node", attrs)
    for i, ((a, b), attrs) in enumerate(graph.edges.items()):
        data(ET.SubElement(g, f"{{{GRAPHML_NS}}}edge", {"id": f"e{i}", "source": a, "target": b}),
             "edge", attrs)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
    return path
