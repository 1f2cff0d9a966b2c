"""Tabular input: CSV/TSV, JSON, JSON Lines, Parquet and DataFrames (placeholder, filled next)."""
