"""Fact-checking: "did X really say Y?" against the statements of a corpus."""
