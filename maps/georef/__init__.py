"""Georeferencing: hand-drawn sketches onto real coordinates."""
