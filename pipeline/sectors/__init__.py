"""Industry sectors of a document and its sections: the stage and the model it runs (inference and storage).

Training lives in pipeline.training.sectors; the model files in models/sectors.
"""
