"""Corpora: the batch on every core, the same on a Dask cluster, progress."""
