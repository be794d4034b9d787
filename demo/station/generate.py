"""A whole synthetic police station: villages, grids, households, officers and a year of work.

The first village is *the* demo village near Tongxin (the one the hand-drawn
sketch shows). Asking for more households than one village holds adds further
villages on a lattice around it, so the same generator makes a station, a
county (100,000 households) or a province-scale benchmark (1,000,000).

Given ``households``, ``seed`` and ``as_of`` the output is identical on every
run: all randomness comes from one ``numpy`` generator, ids included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from demo.station.activity import make_disputes, make_visits
from demo.station.names import id_numbers, mobile_phones, person_names, uuids
from demo.station.supervision import record_spot_checks, task_lists
from demo.station.village import VillagePlan, plan_village
from layers.crs import MEASURE_EPSG, STORAGE_EPSG, to_measure, transformer
from layers.feedback import Feedback
from layers.values import STATION_TIMEZONE, station_today
from layers.vocabulary import KeyPersonTag, LocatedBy, OfficerRole

STATION = "豫海派出所"
TOWNSHIPS = (
    "豫海镇",
    "河西镇",
    "丁塘镇",
    "韦州镇",
    "下马关镇",
    "预旺镇",
    "王团镇",
    "田老庄乡",
    "马高庄乡",
    "张家塬乡",
    "兴隆乡",
)
"""Tongxin County's townships: a station of many villages spreads over them, the demo village's first."""
VILLAGES_PER_TOWNSHIP = 15
"""Villages of a township, in the order they spiral out (neighbours share one); more when the county is full."""
NAME_VARIANTS = "新东西南北上下前后大小中"
"""How a township tells two villages of one name apart: 李家庄村, 新李家庄村, 东李家庄村..."""
GRID_CODE_PREFIX = "YH"
COUNTY_ADDRESS = "宁夏回族自治区吴忠市同心县"
DEMO_VILLAGE_LONLAT = (105.935, 36.935)  # in the Qingshui valley south of Tongxin town
VILLAGE_SPACING_M = 5000.0
SINGLE_VILLAGE_MAX = 900
CHINESE_ORDINALS = "一二三四五六七八九十"
KEY_PERSON_SHARES = {
    KeyPersonTag.ELDERLY_ALONE: 0.05,
    KeyPersonTag.LEFT_BEHIND_CHILD: 0.03,
    KeyPersonTag.DISABLED: 0.02,
    KeyPersonTag.HARDSHIP: 0.02,
    KeyPersonTag.MENTAL_ILLNESS: 0.005,
    KeyPersonTag.COMMUNITY_CORRECTION: 0.003,
}


@dataclass(frozen=True)
class DemoStation:
    """Generated layers (lon/lat frames ready for ``ProjectStore.bulk_load``) and the demo village plan."""

    as_of: date
    layers: dict[str, pd.DataFrame]
    demo_village: VillagePlan
    demo_household_ids: tuple[str, ...]  # in the order of ``demo_village.houses``


def village_sizes(households: int, rng: np.random.Generator) -> list[int]:
    """Split ``households`` into villages of a few hundred households each."""
    if households <= SINGLE_VILLAGE_MAX:
        return [households]
    sizes = []
    remaining = households
    while remaining > SINGLE_VILLAGE_MAX:
        size = int(rng.integers(350, 750))
        sizes.append(size)
        remaining -= size
    if remaining >= 150:
        sizes.append(remaining)
    else:  # too few for a village of its own: the last village takes them
        sizes[-1] += remaining
    return sizes


def village_origins(count: int, rng: np.random.Generator) -> np.ndarray:
    """Village centres (metres) on a jittered square spiral around the demo village."""
    x0, y0 = to_measure(*DEMO_VILLAGE_LONLAT)
    side = int(np.ceil(np.sqrt(count)))
    cells = [(i, j) for i in range(-side, side + 1) for j in range(-side, side + 1)]
    cells.sort(key=lambda c: (max(abs(c[0]), abs(c[1])), np.arctan2(c[1], c[0])))
    grid = np.array(cells[:count], float) * VILLAGE_SPACING_M
    jitter = rng.uniform(-600, 600, size=grid.shape)
    jitter[0] = 0
    return grid + jitter + np.array([x0, y0])


def _pick_tags(rng: np.random.Generator, n: int) -> np.ndarray:
    tags = np.full(n, "", dtype=object)
    for tag, share in KEY_PERSON_SHARES.items():
        hit = rng.random(n) < share
        tags[hit] = np.where(tags[hit] == "", tag.value, tags[hit] + "," + tag.value)
    return np.array([",".join(sorted(t.split(","))) if t else "" for t in tags], dtype=object)


def _to_lonlat(geometries: np.ndarray) -> np.ndarray:
    forward = transformer(MEASURE_EPSG, STORAGE_EPSG)
    return shapely.transform(
        np.asarray(geometries, dtype=object), lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1]))
    )


def _frame(records: dict, geometry: np.ndarray | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    if geometry is None:
        return frame
    return gpd.GeoDataFrame(frame, geometry=_to_lonlat(geometry), crs=f"EPSG:{STORAGE_EPSG}")


def generate_station(
    households: int = 570, seed: int = 2021, as_of: date | None = None, feedback: Feedback | None = None
) -> DemoStation:
    """Generate a station of ``households`` households with a year of visits and disputes up to ``as_of``."""
    if households < 1:
        raise ValueError("a demo station needs at least one household")
    feedback = feedback or Feedback()
    as_of = as_of or station_today()
    rng = np.random.default_rng(seed)
    sizes = village_sizes(households, rng)
    origins = village_origins(len(sizes), rng)
    plans: list[VillagePlan] = []
    for index, (size, origin) in enumerate(zip(sizes, origins)):
        feedback.raise_if_canceled()
        plans.append(plan_village(size, rng, tuple(origin)))
        feedback.set_progress(60.0 * (index + 1) / len(sizes))
    plans = _named_in_townships(plans)

    grid_rows, house_rows = _grids_and_households(plans, rng)
    grid_frame = _frame({k: v for k, v in grid_rows.items() if k != "geometry"}, grid_rows["geometry"])
    house_xy = np.column_stack([house_rows.pop("x"), house_rows.pop("y")])
    house_frame = _frame(house_rows, shapely.points(house_xy))
    feedback.set_progress(70)

    activity_input = pd.DataFrame(
        {
            "id": house_frame["id"],
            "grid_id": house_frame["grid_id"],
            "head_name": house_frame["head_name"],
            "key_person": house_frame["key_person"],
            "anti_fraud_app": house_frame["anti_fraud_app"],
            "x": house_xy[:, 0],
            "y": house_xy[:, 1],
        }
    )
    officer_of_grid = dict(zip(grid_frame["id"], grid_frame["officer"]))
    disputes = make_disputes(rng, activity_input, officer_of_grid, as_of)
    visits = make_visits(rng, activity_input, grid_frame, disputes, as_of)
    feedback.set_progress(85)
    layers = {
        "grids": grid_frame,
        "households": house_frame,
        "disputes": _frame(disputes.drop(columns=["x", "y"]), shapely.points(disputes[["x", "y"]].to_numpy())),
        "visits": _frame(visits.drop(columns=["x", "y"]), shapely.points(visits[["x", "y"]].to_numpy())),
        "landmarks": _landmarks(plans, grid_frame, rng),
        "roads": _roads(plans, rng),
        "officers": _officers(grid_frame, rng),
    }
    grid_frame["monthly_visit_target"] = task_lists(grid_frame, house_frame["grid_id"])
    chief = layers["officers"].loc[layers["officers"]["role"] == OfficerRole.CHIEF.value, "name"].iloc[0]
    record_spot_checks(np.random.default_rng([seed, 346]), layers["visits"], house_frame, STATION, chief, as_of)
    _stamp_record_times(layers, as_of)
    feedback.set_progress(100)
    demo_count = len(plans[0].houses)
    return DemoStation(as_of, layers, plans[0], tuple(house_frame["id"].iloc[:demo_count]))


def _stamp_record_times(layers: dict[str, pd.DataFrame], as_of: date) -> None:
    """Creation and change times from the data itself, so a seed reproduces every column."""
    start_of_day = pd.Timestamp(as_of, tz=STATION_TIMEZONE)
    for name, frame in layers.items():
        created = {"visits": "visited_at", "disputes": "reported_at"}.get(name)
        frame["created_at"] = frame[created] if created else start_of_day
        last_edit = {"disputes": "resolved_at", "visits": "spot_checked_at"}.get(name)
        frame["updated_at"] = frame[last_edit].fillna(frame["created_at"]) if last_edit else frame["created_at"]


def _named_in_townships(plans: list[VillagePlan]) -> list[VillagePlan]:
    """Each village in its township (neighbours together) under a name no other village of the township has."""
    per_township = max(VILLAGES_PER_TOWNSHIP, -(-len(plans) // len(TOWNSHIPS)))
    named: list[VillagePlan] = []
    taken: set[tuple[str, str]] = set()
    for index, plan in enumerate(plans):
        township = TOWNSHIPS[index // per_township]
        variants = ["", *NAME_VARIANTS, *(f"{n}" for n in range(2, len(plans) + 2))]
        name = next(f"{variant}{plan.name}" for variant in variants if (township, f"{variant}{plan.name}") not in taken)
        taken.add((township, name))
        named.append(replace(plan, name=name, township=township))
    return named


def _grids_and_households(plans: list[VillagePlan], rng: np.random.Generator) -> tuple[dict, dict]:
    grid_count = sum(len(p.grids) for p in plans)
    grid_ids = uuids(rng, grid_count)
    officers = person_names(rng, grid_count)
    auxiliaries = person_names(rng, grid_count)
    grids: dict[str, list] = {
        k: []
        for k in (
            "id",
            "code",
            "name",
            "station",
            "township",
            "village",
            "officer",
            "auxiliary",
            "phone",
            "visit_cycle_days",
            "geometry",
        )
    }
    houses: dict[str, list] = {
        k: [] for k in ("grid_id", "house_no", "addr_township", "addr_village", "addr_road", "x", "y")
    }
    g = 0
    for plan in plans:
        first_grid = g
        for number, polygon in enumerate(plan.grids):
            grids["id"].append(grid_ids[g])
            grids["code"].append(f"{GRID_CODE_PREFIX}-{g + 1:02d}")
            grids["name"].append(f"{plan.name}{CHINESE_ORDINALS[number % 10]}组")
            grids["station"].append(STATION)
            grids["township"].append(plan.township)
            grids["village"].append(plan.name)
            grids["officer"].append(officers[g])
            grids["auxiliary"].append(auxiliaries[g])
            grids["phone"].append(f"0953-80{int(rng.integers(10000, 99999))}")
            grids["visit_cycle_days"].append(int(rng.choice([45, 60, 60, 90])))
            grids["geometry"].append(polygon)
            g += 1
        houses["grid_id"] += [grid_ids[first_grid + k] for k in plan.grid_of_house]
        houses["house_no"] += [str(i + 1) for i in range(len(plan.houses))]
        houses["addr_village"] += [plan.name] * len(plan.houses)
        houses["addr_township"] += [plan.township] * len(plan.houses)
        houses["addr_road"] += list(plan.house_road)
        houses["x"] += plan.houses[:, 0].tolist()
        houses["y"] += plan.houses[:, 1].tolist()
    n = len(houses["house_no"])
    birth_years = rng.integers(1940, 1996, n)
    has_id = rng.random(n) < 0.8
    door = [f"{no}号" for no in houses["house_no"]]
    townships = houses.pop("addr_township")  # kept in the register's column order, after the address
    houses.update(
        id=uuids(rng, n),
        head_name=person_names(rng, n),
        members=rng.choice(np.arange(1, 9), size=n, p=[0.1, 0.18, 0.2, 0.2, 0.15, 0.1, 0.05, 0.02]),
        phone=np.where(rng.random(n) < 0.9, mobile_phones(rng, n), None),
        id_number=np.where(has_id, id_numbers(rng, n, birth_years), None),
        address=[
            f"{COUNTY_ADDRESS}{t}{v}{r}{d}"
            for t, v, r, d in zip(townships, houses["addr_village"], houses["addr_road"], door)
        ],
        addr_township=townships,
        addr_door_no=door,
        key_person=_pick_tags(rng, n),
        anti_fraud_app=rng.random(n) < 0.55,
        camera=rng.random(n) < 0.15,
        located_by=rng.choice([LocatedBy.GPS.value, LocatedBy.MANUAL.value], size=n, p=[0.9, 0.1]),
    )
    return grids, houses


def _landmarks(plans: list[VillagePlan], grids: gpd.GeoDataFrame, rng: np.random.Generator) -> gpd.GeoDataFrame:
    marks = [lm for plan in plans for lm in plan.landmarks]
    points = shapely.points([[lm.x, lm.y] for lm in marks])
    lonlat = _to_lonlat(points)
    hit_point, hit_grid = shapely.STRtree(grids.geometry.values).query(lonlat, predicate="within")
    grid_of = np.full(len(marks), None, dtype=object)
    grid_of[hit_point] = grids["id"].to_numpy()[hit_grid]
    frame = pd.DataFrame(
        {
            "id": uuids(rng, len(marks)),
            "kind": [lm.kind.value for lm in marks],
            "name": [lm.name for lm in marks],
            "grid_id": grid_of,
        }
    )
    return gpd.GeoDataFrame(frame, geometry=lonlat, crs=f"EPSG:{STORAGE_EPSG}")


def _roads(plans: list[VillagePlan], rng: np.random.Generator) -> gpd.GeoDataFrame:
    roads = [road for plan in plans for road in plan.roads]
    names = [f"{plan.name}{road.name}" for plan in plans for road in plan.roads]
    records = {"id": uuids(rng, len(roads)), "kind": [r.kind.value for r in roads], "name": names}
    return _frame(records, np.array([r.line for r in roads], dtype=object))


def _officers(grids: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    leaders = person_names(rng, 2)
    names = [*grids["officer"], *grids["auxiliary"], *leaders]
    roles = (
        [OfficerRole.COMMUNITY_OFFICER.value] * len(grids)
        + [OfficerRole.AUXILIARY.value] * len(grids)
        + [OfficerRole.CHIEF.value, OfficerRole.INSTRUCTOR.value]
    )
    return pd.DataFrame(
        {
            "id": uuids(rng, len(names)),
            "name": names,
            "role": roles,
            "phone": mobile_phones(rng, len(names)),
            "station": STATION,
        }
    )
