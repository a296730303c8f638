"""Named-entity recognition stage (Chinese and Japanese)."""
