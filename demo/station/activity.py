"""A year of police work in synthetic villages: visits and disputes.

Proportions follow the Tongxin report: disputes graded green to red with green
the large majority (one station resolved 388 in a year, 268 of them green),
harder disputes taking longer and going up the three mediation levels, key
persons visited about twice as often as other households, a few households
never visited, and follow-up visits after resolved disputes — some overdue.
Everything is drawn from the caller's random generator, so a seed reproduces it.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

from demo.station.names import person_names, uuids
from layers.values import STATION_TIMEZONE
from layers.vocabulary import DisputeKind, DisputeStatus, Grade, MediationLevel, VisitOutcome, VisitPurpose

DISPUTES_PER_HOUSEHOLD_YEAR = 0.06
GRADE_SHARES = {Grade.GREEN: 268 / 388, Grade.YELLOW: 0.18, Grade.ORANGE: 0.08, Grade.RED: 0.04}
DAYS_TO_RESOLVE = {Grade.GREEN: 4, Grade.YELLOW: 12, Grade.ORANGE: 28, Grade.RED: 55}
LEVEL_BY_GRADE = {
    Grade.GREEN: MediationLevel.VILLAGE,
    Grade.YELLOW: MediationLevel.VILLAGE,
    Grade.ORANGE: MediationLevel.TOWNSHIP,
    Grade.RED: MediationLevel.COUNTY,
}
KIND_WEIGHTS = {
    DisputeKind.NEIGHBOUR: 0.34,
    DisputeKind.FAMILY: 0.24,
    DisputeKind.LAND: 0.2,
    DisputeKind.DEBT: 0.1,
    DisputeKind.LABOUR: 0.07,
    DisputeKind.OTHER: 0.05,
}
SUMMARIES = {
    DisputeKind.NEIGHBOUR: ("因排水沟渠堵塞引发邻里争执", "因院墙修建占道发生口角", "因牲畜啃食庄稼发生争执"),
    DisputeKind.FAMILY: ("婆媳矛盾，需调解", "赡养老人费用分担分歧", "夫妻感情不和引发争吵"),
    DisputeKind.LAND: ("宅基地边界争议", "承包地界石移动引发争议", "土地流转租金纠纷"),
    DisputeKind.DEBT: ("民间借贷逾期未还", "购买农机欠款纠纷"),
    DisputeKind.LABOUR: ("外出务工工资拖欠", "建房雇工工钱纠纷"),
    DisputeKind.OTHER: ("交通剐蹭赔偿分歧", "羊只走失赔偿纠纷"),
}
VISIT_NOTES = {
    VisitPurpose.ROUTINE: ("家中情况正常", "了解家庭近况", "宣传冬季防火"),
    VisitPurpose.ANTI_FRAUD: ("宣传电信网络诈骗防范知识", "指导安装国家反诈中心APP", "讲解冒充客服诈骗案例"),
    VisitPurpose.KEY_PERSON: ("老人身体状况良好", "查看留守儿童学习生活情况", "帮助联系村医"),
    VisitPurpose.SECURITY: ("检查用电用火安全", "提醒安装民防监控"),
    VisitPurpose.OTHER: ("协助办理证件",),
}


def _local_moments(rng: np.random.Generator, days_before: np.ndarray, as_of: date) -> pd.Series:
    """Working-hours moments ``days_before`` days before ``as_of``, mostly on weekdays."""
    day = pd.to_datetime(as_of) - pd.to_timedelta(np.floor(days_before), unit="D")
    weekend = day.day_of_week.to_numpy() >= 5
    shift = np.where(weekend & (rng.random(len(day)) < 0.8), np.where(day.day_of_week.to_numpy() == 5, -1, 1), 0)
    day = day + pd.to_timedelta(shift, unit="D")
    minutes = rng.integers(8 * 60 + 30, 18 * 60 + 30, len(day))
    local = day + pd.to_timedelta(minutes, unit="m")
    return pd.Series(local).dt.tz_localize(STATION_TIMEZONE)


def _later_than(earlier: pd.Series, later: pd.Series) -> pd.Series:
    """``later``, moved to three hours after ``earlier`` where a weekend shift put it before."""
    return later.where(later > earlier, earlier + pd.Timedelta(hours=3))


def _pick_text(rng: np.random.Generator, keys: np.ndarray, table: dict) -> np.ndarray:
    """For each key (a vocabulary code) one of its texts in ``table``, vectorised; "" when none."""
    texts = np.full(len(keys), "", dtype=object)
    for key, options in table.items():
        mask = keys == key.value
        texts[mask] = np.asarray(options, dtype=object)[rng.integers(0, len(options), int(mask.sum()))]
    return texts


def allocate(total: int, shares: dict, minimum: int = 1) -> dict:
    """Split ``total`` by ``shares`` (largest remainder), at least ``minimum`` each when possible."""
    keys = list(shares)
    weights = np.array([shares[k] for k in keys], float)
    exact = total * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    counts[np.argsort(-(exact - counts))[: total - counts.sum()]] += 1
    if total >= minimum * len(keys):
        while (counts < minimum).any():
            counts[np.argmax(counts)] -= 1
            counts[np.argmin(counts)] += 1
    return dict(zip(keys, counts.tolist()))


def make_disputes(
    rng: np.random.Generator, households: pd.DataFrame, grid_officer: dict[str, str], as_of: date
) -> pd.DataFrame:
    """About a year of disputes among ``households`` (needs ``id``, ``grid_id``, ``x``, ``y``)."""
    n = max(4, int(round(DISPUTES_PER_HOUSEHOLD_YEAR * len(households))))
    grades = np.concatenate([[g.value] * c for g, c in allocate(n, GRADE_SHARES).items()])
    rng.shuffle(grades)
    chosen = rng.choice(len(households), size=n, replace=len(households) < n)
    involved = households.iloc[chosen].reset_index(drop=True)
    kinds = rng.choice([k.value for k in KIND_WEIGHTS], size=n, p=np.array(list(KIND_WEIGHTS.values())))
    # Whole days before ``as_of``: a fifth of the disputes are recent, so some are still open.
    reported_days = np.where(rng.random(n) < 0.2, rng.integers(1, 45, n), rng.integers(1, 366, n))
    typical = np.array([DAYS_TO_RESOLVE[Grade(g)] for g in grades], float)
    hard = np.isin(grades, [Grade.ORANGE.value, Grade.RED.value])
    duration = np.maximum(1, np.round(rng.gamma(1.5, typical / 1.5) * np.where(hard, rng.uniform(1, 4, n), 1))).astype(
        int
    )
    stubborn = rng.random(n) < 0.08  # parties who will not settle: still open a year on
    resolved_days = np.where(stubborn, -1, reported_days - duration)
    is_resolved = resolved_days >= 1
    escalated = ~is_resolved & hard & (rng.random(n) < 0.5)
    waiting = np.where(rng.random(n) < 0.5, DisputeStatus.MEDIATING.value, DisputeStatus.OPEN.value)
    status = np.where(
        is_resolved, DisputeStatus.RESOLVED.value, np.where(escalated, DisputeStatus.ESCALATED.value, waiting)
    )
    levels = np.array([LEVEL_BY_GRADE[Grade(g)].value for g in grades], dtype=object)
    levels[escalated & (levels == MediationLevel.TOWNSHIP.value)] = MediationLevel.COUNTY.value
    reported = _local_moments(rng, reported_days, as_of)
    resolved = _later_than(reported, _local_moments(rng, np.maximum(resolved_days, 1), as_of))
    followup_due = [as_of - timedelta(days=int(d) - 15) for d in resolved_days]
    followup_days = resolved_days - rng.integers(8, 16, n)
    followup_done = is_resolved & (followup_days >= 1) & (rng.random(n) < 0.85)
    followed_up_at = _later_than(resolved, _local_moments(rng, np.maximum(followup_days, 1), as_of))
    other_party = person_names(rng, n)
    officers = involved["grid_id"].map(grid_officer)
    return pd.DataFrame(
        {
            "id": uuids(rng, n),
            "household_id": involved["id"],
            "grid_id": involved["grid_id"],
            "reported_at": reported,
            "grade": grades,
            "status": status,
            "level": levels,
            "kind": kinds,
            "parties": [f"{a} 与 {b}" for a, b in zip(involved["head_name"], other_party)],
            "summary": _pick_text(rng, kinds, SUMMARIES),
            "mediator": np.where(levels == "village", officers, officers + "（联调）"),
            "agreement_signed": is_resolved & (rng.random(n) < 0.75),
            "resolved_at": resolved.where(is_resolved),
            "followup_due": pd.Series(followup_due, dtype=object).where(is_resolved, None),
            "followed_up_at": followed_up_at.where(followup_done),
            "x": involved["x"] + rng.normal(0, 3, n),
            "y": involved["y"] + rng.normal(0, 3, n),
        }
    )


def make_visits(
    rng: np.random.Generator,
    households: pd.DataFrame,
    grids: pd.DataFrame,
    disputes: pd.DataFrame,
    as_of: date,
) -> pd.DataFrame:
    """About a year of household visits, key persons twice as often, plus dispute follow-ups.

    ``households`` needs ``id``, ``grid_id``, ``key_person``, ``anti_fraud_app``, ``x``, ``y``;
    ``grids`` needs ``id``, ``officer``, ``auxiliary``, ``visit_cycle_days``.
    """
    grid = grids.set_index("id")
    cycle = households["grid_id"].map(grid["visit_cycle_days"]).to_numpy(float)
    diligence = households["grid_id"].map(pd.Series(rng.uniform(0.8, 1.5, len(grid)), index=grid.index)).to_numpy()
    key = households["key_person"].to_numpy() != ""
    mean_interval = cycle * diligence * np.where(key, 0.5, 1.0)
    counts = rng.poisson(365.0 / mean_interval)
    counts[rng.random(len(households)) < 0.03] = 0  # never visited: the officer has not reached them yet
    who = np.repeat(np.arange(len(households)), counts)
    n = len(who)
    visited = households.iloc[who].reset_index(drop=True)
    purposes = np.where(
        key[who] & (rng.random(n) < 0.5),
        VisitPurpose.KEY_PERSON.value,
        rng.choice(
            [
                VisitPurpose.ROUTINE.value,
                VisitPurpose.ANTI_FRAUD.value,
                VisitPurpose.SECURITY.value,
                VisitPurpose.OTHER.value,
            ],
            size=n,
            p=[0.55, 0.3, 0.1, 0.05],
        ),
    )
    outcomes = rng.choice([o.value for o in VisitOutcome], size=n, p=[0.86, 0.11, 0.03])
    met = outcomes == VisitOutcome.MET.value
    anti_fraud = (purposes == VisitPurpose.ANTI_FRAUD.value) & met
    app_installed = anti_fraud & visited["anti_fraud_app"].to_numpy() & (rng.random(n) < 0.35)
    loss = np.where(anti_fraud & (rng.random(n) < 0.02), np.round(rng.uniform(1500, 80000, n), -2), 0.0)
    from_grid = visited["grid_id"].map(grid["officer"])
    by_auxiliary = rng.random(n) < 0.15
    officer = np.where(by_auxiliary, visited["grid_id"].map(grid["auxiliary"]), from_grid)
    frame = pd.DataFrame(
        {
            "id": uuids(rng, n),
            "household_id": visited["id"],
            "visited_at": _local_moments(rng, rng.integers(1, 366, n), as_of),
            "officer": officer,
            "purpose": purposes,
            "outcome": outcomes,
            "dispute_id": None,
            "app_installed": app_installed,
            "camera_installed": met & (purposes == VisitPurpose.SECURITY.value) & (rng.random(n) < 0.1),
            "loss_prevented_yuan": loss,
            "notes": _pick_text(rng, purposes, VISIT_NOTES),
            "x": visited["x"].to_numpy(),
            "y": visited["y"].to_numpy(),
        }
    )
    followups = disputes[disputes["followed_up_at"].notna()]
    followup_frame = pd.DataFrame(
        {
            "id": uuids(rng, len(followups)),
            "household_id": followups["household_id"].to_numpy(),
            "visited_at": followups["followed_up_at"].to_numpy(),
            "officer": followups["grid_id"].map(grid["officer"]).to_numpy(),
            "purpose": VisitPurpose.DISPUTE_FOLLOWUP.value,
            "outcome": VisitOutcome.MET.value,
            "dispute_id": followups["id"].to_numpy(),
            "app_installed": False,
            "camera_installed": False,
            "loss_prevented_yuan": 0.0,
            "notes": "纠纷化解后回访，双方无异议",
            "x": followups["x"].to_numpy(),
            "y": followups["y"].to_numpy(),
        }
    )
    visits = pd.concat([frame, followup_frame], ignore_index=True)
    visits["visited_at"] = pd.to_datetime(visits["visited_at"], utc=True).dt.tz_convert(STATION_TIMEZONE)
    return visits.sort_values("visited_at", kind="stable").reset_index(drop=True)
