"""Analyst queries over a corpus index: filters and row types, the queries, and their output formats.

Read-only; every query takes an index connection and a Filters.
"""
