"""A synthetic but believable Ningxia village, for demos, tests and benchmarks."""
