"""Named-entity recognition at run time: the stage, its rule components, gazetteers, models and span resolution.

Training of the models lives in pipeline.training; configuration in configs/ner.toml.
"""
