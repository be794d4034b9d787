"""Where a dispute stands: open or not, and when it was resolved, by one rule for every count and map.

No store behind it, because the store keeps each household's open disputes and
pending follow-ups by these rules (:mod:`layers.household_status`) and the
monthly assessment counts by them (:mod:`layers.assessment.monthly`).
"""

from __future__ import annotations

import pandas as pd

from layers.vocabulary import DisputeStatus

OPEN_STATUSES = frozenset({DisputeStatus.OPEN.value, DisputeStatus.MEDIATING.value, DisputeStatus.ESCALATED.value})


def resolution_moment(disputes: pd.DataFrame) -> pd.Series:
    """When each dispute was (last) resolved: ``resolved_at``, or its last edit when marked resolved without one."""
    marked_resolved = disputes["status"] == DisputeStatus.RESOLVED.value
    return disputes["resolved_at"].mask(marked_resolved & disputes["resolved_at"].isna(), disputes["updated_at"])
