"""Benchmarks and benchmark data for spiralld (not part of the installed package)."""
