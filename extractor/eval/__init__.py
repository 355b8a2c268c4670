"""Measuring the tool: scoring against gold annotations, and building training data for the models."""
