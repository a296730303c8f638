"""The corpus: JSON documents on disk (store), their SQLite/FTS5 index and search, and the batch ingest.

The only writer of a corpus; the per-document step (pipeline.process) knows nothing of it.
"""
