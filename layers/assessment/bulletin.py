"""The monthly bulletin's rankings (每月通报): grids and officers ordered as the station posts them.

The bulletin names who did best and who must catch up, so its order has to be
one rule, shared by the workbook and the printed pages: the share of
households visited first (the work officers control every day), then fewer
hard disputes (orange and red) still open at month end. Officers are assessed
over all their grids together, so an officer's figures are his grids' sums,
with the coverage recomputed over his households, never averaged.

Examples
--------
>>> from layers.assessment.monthly import Figures
>>> none = {"green": 0, "yellow": 0, "orange": 0, "red": 0}
>>> open_red = {**none, "red": 1}
>>> busy = Figures(10, 9, 8, none, none, open_red, 0, 0)
>>> hard_disputes_open(busy)
1
>>> ranking_key(busy)
(-0.8, 1)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from layers.assessment.monthly import BY_GRADE, COUNTS, GRADES, SPOT_CHECK_RESULTS, Figures, GridFigures, MonthlyReport

HARD_GRADES = ("orange", "red")
"""Grades whose open disputes count against a grid when coverage ties: the ones that escalate."""


def hard_disputes_open(figures: Figures) -> int:
    """Orange and red disputes still open at month end."""
    return sum(figures.disputes_open[grade] for grade in HARD_GRADES)


def ranking_key(figures: Figures) -> tuple[float, int]:
    """Sort key: higher coverage first (as printed, to 0.01 %), then fewer hard disputes open."""
    return (-round(figures.coverage, 4), hard_disputes_open(figures))


def rank_grids(report: MonthlyReport) -> tuple[GridFigures, ...]:
    """The report's grids in bulletin order; equal grids keep the order of their codes."""
    return tuple(sorted(report.grids, key=lambda grid: (*ranking_key(grid.figures), grid.code)))


def add_figures(many: Iterable[Figures]) -> Figures:
    """The sum of several grids' figures (all counts are additive; coverage follows from them)."""
    many = list(many)
    counts = {name: sum(getattr(figures, name) for figures in many) for name in COUNTS}
    by_grade = {
        name: {grade: sum(getattr(figures, name)[grade] for figures in many) for grade in GRADES} for name in BY_GRADE
    }
    spot_checks = {result: sum(figures.spot_checks[result] for figures in many) for result in SPOT_CHECK_RESULTS}
    return Figures(**counts, **by_grade, spot_checks=spot_checks)


@dataclass(frozen=True)
class OfficerFigures:
    """A community officer and the figures of all the grids he is responsible for."""

    officer: str
    grid_codes: tuple[str, ...]
    figures: Figures


def rank_officers(report: MonthlyReport) -> tuple[OfficerFigures, ...]:
    """One entry per officer named on a grid, in bulletin order (ties by name)."""
    grids_of: dict[str, list[GridFigures]] = {}
    for grid in report.grids:
        grids_of.setdefault(grid.officer or "", []).append(grid)
    officers = [
        OfficerFigures(officer, tuple(grid.code for grid in grids), add_figures(grid.figures for grid in grids))
        for officer, grids in grids_of.items()
    ]
    return tuple(sorted(officers, key=lambda entry: (*ranking_key(entry.figures), entry.officer)))
