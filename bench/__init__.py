"""Benchmarks: `python -m bench` prints one JSON object of figures."""
