"""Everything that builds an artefact in models/ or corpora/: NER (zh, ja, distillation), sectors, gazetteers.

Reached through tripreport train; imports the runtime packages, never imported by them.
"""
