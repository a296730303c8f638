"""Scoring against gold data: the one P/R/F1 convention, NER evaluation on annotated sets and public corpora.

Imports the runtime stages; never imported by them.
"""
