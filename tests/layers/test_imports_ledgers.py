"""Visit logs and dispute ledgers: rows tied to the project's households, dates and words as stations write them."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import Workbook

from layers.imports import import_register, plan_import
from layers.imports.cells import booleans, codes, datetimes, whole_numbers
from layers.imports.errors import ImportRefusedError
from layers.values import STATION_TIMEZONE
from layers.vocabulary import DisputeKind, Grade


def write_xlsx(path, header, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def local(*parts):
    return pd.Timestamp(datetime(*parts), tz=STATION_TIMEZONE)


def test_dates_as_stations_write_them_are_station_local_time():
    cells = pd.Series(
        ["2026/3/5", "2026-03-05 14:30", "2026年3月5日", 46086, 46086.5, datetime(2026, 3, 5, 9, 0), "20260305",
         "２０２６年３月５日", "2026.3.5 14时30分", "2026-03-05T06:30:00Z"],
        dtype=object,
    )  # fmt: skip
    parsed = datetimes(cells)
    assert parsed.problems == []
    assert parsed.values.tolist() == [
        local(2026, 3, 5), local(2026, 3, 5, 14, 30), local(2026, 3, 5), local(2026, 3, 5), local(2026, 3, 5, 12),
        local(2026, 3, 5, 9), local(2026, 3, 5), local(2026, 3, 5), local(2026, 3, 5, 14, 30),
        local(2026, 3, 5, 14, 30),
    ]  # fmt: skip


def test_impossible_and_unreadable_dates_are_told_apart():
    parsed = datetimes(pd.Series(["2026-02-30", "下周三", None, "2026/13/1"], dtype=object))
    reasons = {reason.split(";")[0]: mask.tolist() for mask, reason, _ in parsed.problems}
    assert reasons == {"no such date": [True, False, False, True], "not a date": [False, True, False, False]}


def test_words_for_codes_yes_no_and_numbers():
    assert codes(pd.Series(["红", "绿色", "橙色级", "yellow"]), Grade).values.tolist() == [
        "red", "green", "orange", "yellow",
    ]  # fmt: skip
    kinds = codes(pd.Series(["邻里纠纷", "宅基地", "婚姻家庭", "山林"]), DisputeKind)
    assert kinds.values.tolist() == ["neighbour", "land", "family", None]
    assert booleans(pd.Series(["是", "否", "√", True, 0, None], dtype=object)).values.tolist() == [
        True, False, True, True, False, None,
    ]  # fmt: skip
    members = whole_numbers(pd.Series(["3人", 2.5, "0", "三"], dtype=object), minimum=1)
    assert [(mask.tolist(), reason) for mask, reason, _ in members.problems] == [
        ([False, False, False, True], "not a number"),
        ([False, True, False, False], "not a whole number"),
        ([False, False, True, False], "must be at least {minimum}"),
    ]


VISIT_HEADER = ["走访日期", "走访人", "门牌号", "户主", "网格", "事由", "走访情况"]


def test_visits_are_tied_to_the_household_their_keys_name(make_project, tmp_path):
    store = make_project()
    houses = store.standard
    rows = [
        ["2026/4/1", "马文华", "1", None, None, "反诈宣传", "讲解反诈APP"],
        ["2026-04-02 10:00", "丁海", None, "马福", None, "日常走访", None],
        ["2026年4月3日", "马文华", "2", "李秀兰", "YH-01", None, None],
        ["2026/4/4", "丁海", "3", None, "犁铧嘴村二组", "纠纷回访", None],
    ]
    result = import_register(store, "visits", write_xlsx(tmp_path / "走访.xlsx", VISIT_HEADER, rows))
    visits = store.read("visits").set_index("id").loc[list(result.ids)]
    assert visits["household_id"].tolist() == [houses[f"house_{n}"].id for n in (1, 3, 2, 3)]
    assert visits["purpose"].tolist() == ["anti_fraud", "routine", "routine", "dispute_followup"]
    assert visits["visited_at"].tolist()[1] == local(2026, 4, 2, 10)
    assert visits.geometry.values[0].equals(houses["house_1"].geometry)  # no coordinates: the household's position


def test_visits_matching_no_or_several_households_are_reported(make_project, tmp_path):
    from shapely import Point

    from layers.store import new_feature

    store = make_project()
    grid_a = store.standard["grid_a"].id
    store.insert(new_feature("households", Point(105.907, 36.907), house_no="9", head_name="马福", grid_id=grid_a))
    rows = [
        ["2026/4/1", "马文华", "99", None, None, None, None],  # no house 99
        ["2026/4/1", "马文华", None, "马福", None, None, None],  # two 马福
        ["2026/4/1", "马文华", "1", "李秀兰", None, None, None],  # house 1 is 张文华's
        ["2026/4/1", "马文华", None, None, "YH-01", None, None],  # names no household
        ["2026/4/1", "马文华", None, "马福", "YH-02", None, None],  # the grid tells them apart
    ]
    path = write_xlsx(tmp_path / "走访.xlsx", VISIT_HEADER, rows)
    plan = plan_import(store, "visits", path)
    problems = {(p.row, p.column): p.translated() for p in plan.report.problems}
    assert set(problems) == {(2, "门牌号"), (3, "门牌号"), (4, "门牌号"), (5, "门牌号")}
    assert problems[(3, "门牌号")].endswith(
        "matches 2 households; add the grid, village or head's name to tell them apart"
    )
    assert "matches no household" in problems[(2, "门牌号")] and "matches no household" in problems[(4, "门牌号")]
    assert "house number or the head's name" in problems[(5, "门牌号")]
    assert plan.records["household_id"].tolist()[4] == store.standard["house_3"].id
    with pytest.raises(ImportRefusedError, match="row 2"):
        import_register(store, "visits", path)
    assert store.count("visits") == 2


DISPUTE_HEADER = [
    "登记日期",
    "门牌号",
    "户主",
    "纠纷类型",
    "等级",
    "状态",
    "当事人",
    "简要情况",
    "回访期限",
    "经度",
    "纬度",
]


def test_disputes_take_grades_kinds_and_positions_from_the_ledger(make_project, tmp_path):
    store = make_project()
    houses = store.standard
    rows = [
        ["2026/5/1", "2", None, "邻里纠纷", "黄", "调解中", "李秀兰 与 张文华", "排水沟", "2026/5/20", None, None],
        ["2026/5/2", None, None, "山林纠纷", "红色", None, None, "砍树", None, 105.915, 36.905],
        ["2026/5/3", None, None, "土地", "绿色", "已化解", None, None, None, None, None],  # nowhere to put it
    ]
    path = write_xlsx(tmp_path / "纠纷.xlsx", DISPUTE_HEADER, rows)
    plan = plan_import(store, "disputes", path)
    assert [(p.row, p.column) for p in plan.report.problems] == [(4, "经度")]
    result = import_register(store, "disputes", path, valid_rows_only=True)
    disputes = store.read("disputes").set_index("id").loc[list(result.ids)]
    assert disputes["grade"].tolist() == ["yellow", "red"]
    assert disputes["kind"].tolist() == ["neighbour", "other"]
    assert disputes["summary"].tolist() == ["排水沟", "纠纷类型：山林纠纷。砍树"]  # the station's own word is kept
    assert disputes["status"].tolist() == ["mediating", "open"]
    assert disputes["household_id"].tolist() == [houses["house_2"].id, None]
    assert disputes["grid_id"].tolist() == [houses["grid_a"].id, houses["grid_b"].id]  # by household, by location
    assert disputes["followup_due"].tolist()[0] == date(2026, 5, 20)
    assert disputes.geometry.values[0].equals(houses["house_2"].geometry)
