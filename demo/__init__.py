"""Fabricated data for demos, tests and benchmarks: a synthetic but believable Ningxia station.

The synthetic station's records (:mod:`demo.station`), the hand-drawn sketch of its
demo village and the phone photo of it (:mod:`demo.drawing`), the demo project file
that holds both (:mod:`demo.project`), the sketch's answer key
(:mod:`demo.ground_truth`) and the georeferencing accuracy study that uses it
(:mod:`demo.georef_study`); phone photos of printed sheets marked in pen, with the
exact position of every mark, for the sheet reader's tests (:mod:`demo.field_photo`).

Nothing a station relies on may need the demo: no module of ``layers``, ``maps``
or ``desktop`` imports this package (an import-linter contract in pyproject.toml);
only the ``wangge`` command does, for ``wangge demo`` and ``wangge demo-data``.
"""
