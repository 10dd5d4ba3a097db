"""Load and latency benchmarks (`make bench`)."""
