"""Benchmarks, run by `make bench` (`python -m bench`).

Each module here is one benchmark with a `main() -> bool` that prints its numbers and returns
whether the design target was met. `python -m bench NAME …` runs only the named ones.
"""
