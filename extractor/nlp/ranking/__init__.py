"""The learned speaker ranker: the candidates around a statement, their features, the calibrated choice."""
