"""Text primitives shared by every stage: clean-up, character classes, the cross-script fold, dates.

Pure functions with no knowledge of documents; everything else may import them.
"""
