"""Benchmarks and load tests, and the synthetic data they run on (`benchmarks.synthetic`)."""
