"""What the dispute register (矛盾纠纷台账) asks when a dispute is logged: its grade, and who the parties are.

**Grades.** The four colours grade a dispute by how hard and how risky it is
(四色分级). Officers choose the grade at the door, so the form shows what each
colour means and suggests the mediation level that usually takes it; the
station's own rules may differ, so the level is a suggestion, not a rule.

**Parties.** A neighbour dispute has two sides. The dispute's ``household_id``
is the household it was reported at; ``party_households`` links the other
parties' households (ids joined by commas), so each side's card lists the
dispute. Officers name households by house number, which is unique within a
grid but not across the station: a number is looked up in the dispute's grid
first, then in the whole station, and one the station has twice elsewhere is
refused rather than guessed.

Examples
--------
>>> party_ids("a1,b2")
('a1', 'b2')
>>> house_numbers("12、15, 3 ")
('12', '15', '3')
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP, WanggeError
from layers.vocabulary import Grade, MediationLevel

PARTY_SEPARATOR = ","
GRADE_GUIDANCE = {
    Grade.GREEN: QT_TRANSLATE_NOOP(
        "GradeGuidance",
        "Green: minor (a quarrel, a small debt); the grid officer settles it on the spot or within days.",
    ),
    Grade.YELLOW: QT_TRANSLATE_NOOP(
        "GradeGuidance",
        "Yellow: ordinary; the village mediation committee settles it within about two weeks, the officer follows it.",
    ),
    Grade.ORANGE: QT_TRANSLATE_NOOP(
        "GradeGuidance",
        "Orange: complex or recurring (land, inheritance, several families); township joint mediation, report to the "
        "station.",
    ),
    Grade.RED: QT_TRANSLATE_NOOP(
        "GradeGuidance",
        "Red: serious, may turn violent or draw in many people; tell the station chief at once, county joint "
        "mediation, watched daily.",
    ),
}
"""What each colour means, for the officer choosing it (translated in the ``GradeGuidance`` context)."""
SUGGESTED_LEVEL = {
    Grade.GREEN: MediationLevel.VILLAGE,
    Grade.YELLOW: MediationLevel.VILLAGE,
    Grade.ORANGE: MediationLevel.TOWNSHIP,
    Grade.RED: MediationLevel.COUNTY,
}
"""The mediation level that usually takes a dispute of each grade (三级联调)."""


class PartyHouseholdError(WanggeError):
    """A house number named as a party that no household, or more than one, has."""

    template = QT_TRANSLATE_NOOP("PartyHouseholdError", "party No. {house_no}: {reason}")


def party_ids(stored: str | None) -> tuple[str, ...]:
    """The household ids a dispute's ``party_households`` holds."""
    return tuple(part for part in (stored or "").split(PARTY_SEPARATOR) if part)


def join_party_ids(ids: tuple[str, ...] | list[str]) -> str:
    return PARTY_SEPARATOR.join(dict.fromkeys(ids))


def house_numbers(text: str) -> tuple[str, ...]:
    """House numbers as officers write a list of them: separated by 、 , ， ; or spaces."""
    return tuple(part for part in re.split(r"[、,，;；\s]+", text.strip()) if part)


def resolve_party_households(text: str, households: pd.DataFrame, grid_id: str | None, own_id: str) -> tuple[str, ...]:
    """The ids of the households ``text`` names by house number (see the module notes); the dispute's own
    household is left out, as it is already its ``household_id``.

    ``households`` needs ``id``, ``house_no`` and ``grid_id``.
    """
    ids = []
    for number in house_numbers(text):
        same = households[households["house_no"].astype(str) == number]
        in_grid = same[same["grid_id"] == grid_id] if grid_id is not None else same.iloc[0:0]
        chosen = in_grid if len(in_grid) else same
        if len(chosen) == 0:
            raise PartyHouseholdError(house_no=number, reason=QT_TRANSLATE_NOOP("reason", "no household has it"))
        if len(chosen) > 1:
            raise PartyHouseholdError(
                house_no=number,
                reason=QT_TRANSLATE_NOOP(
                    "reason", "{count} households in other grids have it; log it from the card of the right one"
                ),  # fmt: skip
                count=len(chosen),
            )
        ids.append(str(chosen["id"].iloc[0]))
    return tuple(dict.fromkeys(i for i in ids if i != own_id))


def involving(disputes: pd.DataFrame, household_id: str) -> np.ndarray:
    """Mask over disputes reported at the household or naming it as a party."""
    reported = (disputes["household_id"] == household_id).to_numpy()
    parties = disputes["party_households"].fillna("").map(lambda stored: household_id in party_ids(stored))
    return reported | parties.to_numpy(dtype=bool)


def party_rows(disputes: pd.DataFrame, household_ids: pd.Index) -> tuple[np.ndarray, np.ndarray]:
    """Each (dispute position, household row) pair a dispute's ``party_households`` links, known households only."""
    linked = [party_ids(stored) for stored in disputes["party_households"].fillna("")]
    counts = np.fromiter((len(ids) for ids in linked), dtype=int, count=len(linked))
    dispute_position = np.repeat(np.arange(len(linked)), counts)
    rows = household_ids.get_indexer([i for ids in linked for i in ids]) if counts.sum() else np.empty(0, dtype=int)
    known = rows >= 0
    return dispute_position[known], rows[known]
