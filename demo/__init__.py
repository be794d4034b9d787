"""Fabricated data for demos, tests and benchmarks: a synthetic but believable Ningxia station.

The synthetic station's records (:mod:`demo.station`), where an officer's pen puts
its demo village on paper (:mod:`demo.drawing`) and the sketch's answer key
(:mod:`demo.ground_truth`). Nothing a station relies on may need the demo.
"""
