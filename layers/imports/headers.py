"""Which column of a register holds which field: the names stations write, recognised as they are.

Every station words its columns a little differently (户主 or 户主姓名, 人口 or
家庭人口（人）, 电话 or 联系电话), so each importable field has a list of the
names in use, and the layer's own Chinese titles (:mod:`layers.schema`) and
field names are always recognised, so a workbook exported by Wangge comes back
in unchanged. Names are compared after :func:`normalise_header`: full-width
characters, spaces, a trailing unit in parentheses and required-field stars do
not matter.

Besides the layer's fields a register has columns the import needs but does not
store as they are, the *import targets* of :data:`EXTRA_TARGETS`: coordinates,
the grid by code or name, and for visits and disputes the household they are
about (house number, head of household, village).

An explicit mapping (from the import dialog, where the user names the columns
nobody recognised) overrides recognition column by column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from layers.imports.errors import UnknownImportLayerError, UnknownImportTargetError
from layers.schema import RECORD_FIELD_NAMES, layer_schema

REGISTER_LAYERS = ("households", "visits", "disputes")
"""What a station keeps in Excel: rows about households, their visits and their disputes."""
REFERENCE_LAYERS = ("officers", "grids", "roads", "landmarks")
"""What a station sets up or is given: its people (a list) and the map's reference features (GIS files)."""
IMPORT_LAYERS = REGISTER_LAYERS + REFERENCE_LAYERS

LONGITUDE, LATITUDE, GRID, VILLAGE, HOUSE_NO, HEAD_NAME = (
    "longitude", "latitude", "grid", "village", "house_no", "head_name",
)  # fmt: skip

NOT_IMPORTED = frozenset({"grid_id", "household_id", "located_by", "sketch_id", "sketch_x", "sketch_y", "dispute_id",
                          "party_households"})  # fmt: skip
"""Fields the import fills itself (references, provenance) rather than reading from a column; the other
parties' households are linked on the dispute's card, where house numbers can be checked against the map."""

_LOCATION_NAMES = {
    LONGITUDE: ("经度", "东经", "lon", "lng", "long", "longitude", "x", "x坐标", "东坐标"),
    LATITUDE: ("纬度", "北纬", "lat", "latitude", "y", "y坐标", "北坐标"),
}
_GRID_NAMES = ("网格", "网格编号", "网格号", "网格名称", "所属网格", "网格代码", "责任区")
_VILLAGE_NAMES = ("村", "村名", "行政村", "村委会", "村组", "自然村", "村（居）委会", "所属村")
_HOUSEHOLD_NAMES = {
    HOUSE_NO: ("门牌号", "门牌", "门牌号码", "户号", "房号", "住户门牌号"),
    HEAD_NAME: ("户主姓名", "户主", "户主名", "户主名字", "被走访人", "走访对象", "住户", "户主姓名（被走访人）"),
}

EXTRA_TARGETS: dict[str, dict[str, tuple[str, ...]]] = {
    "households": {**_LOCATION_NAMES, GRID: _GRID_NAMES},
    "visits": {**_LOCATION_NAMES, **_HOUSEHOLD_NAMES, GRID: _GRID_NAMES, VILLAGE: _VILLAGE_NAMES},
    "disputes": {**_LOCATION_NAMES, **_HOUSEHOLD_NAMES, GRID: _GRID_NAMES, VILLAGE: _VILLAGE_NAMES},
    "officers": {GRID: (*_GRID_NAMES, "负责网格", "包片网格")},
    "grids": {},
    "roads": {},
    "landmarks": {**_LOCATION_NAMES},
}
"""Columns each layer's import reads besides its own fields, with the names stations give them."""

EXTRA_TITLES_ZH = {
    LONGITUDE: "经度", LATITUDE: "纬度", GRID: "网格", VILLAGE: "村", HOUSE_NO: "门牌号", HEAD_NAME: "户主姓名",
}  # fmt: skip

FIELD_NAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "households": {
        "house_no": _HOUSEHOLD_NAMES[HOUSE_NO][:-1],
        "head_name": ("户主姓名", "户主", "户主名", "姓名"),
        "members": ("人口", "家庭人口", "人口数", "家庭人数", "人数", "户内人口", "家庭成员数"),
        "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "户主电话"),
        "id_number": ("身份证号", "身份证", "身份证号码", "公民身份号码", "身份证件号码", "户主身份证号"),
        "address": ("住址", "地址", "家庭住址", "详细地址", "现住址", "居住地址"),
        "addr_township": ("乡镇", "乡镇街道", "街道", "所属乡镇"),
        "addr_village": _VILLAGE_NAMES,
        "addr_road": ("街路巷", "街路巷小区", "小区", "巷道"),
        "addr_door_no": ("门楼牌号",),
        "key_person": ("重点关注", "重点人员", "重点关注对象", "人员类别", "重点人员类别"),
        "anti_fraud_app": ("反诈APP", "安装反诈APP", "是否安装反诈APP", "国家反诈中心APP", "反诈中心APP"),
        "camera": ("民防监控", "监控", "是否安装监控", "安装监控", "是否安装民防监控"),
        "notes": ("备注", "说明"),
    },
    "visits": {
        "visited_at": ("走访日期", "走访时间", "日期", "时间", "入户时间", "入户日期", "走访日期时间"),
        "officer": ("走访人", "走访民警", "民警", "走访人员", "经办人", "走访警员"),
        "purpose": ("事由", "走访事由", "走访类型", "走访目的", "走访类别"),
        "outcome": ("结果", "走访结果", "是否见面"),
        "app_installed": ("安装反诈APP", "反诈APP", "本次安装反诈APP", "是否安装反诈APP"),
        "camera_installed": ("安装监控", "本次安装监控", "是否安装监控"),
        "loss_prevented_yuan": ("挽回损失", "挽回经济损失", "挽损金额", "挽回损失金额"),
        "notes": ("走访情况", "情况", "走访内容", "内容", "备注", "情况记录"),
    },
    "officers": {
        "name": ("姓名", "民警姓名", "警员姓名", "名字", "name"),
        "role": ("职务", "岗位", "职别", "身份", "人员类别", "警种"),
        "phone": ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"),
        "station": ("所属派出所", "单位", "所在单位"),
    },
    "grids": {
        # dBASE field names are at most 10 bytes, 5 Chinese characters in GBK: county files shorten them
        "code": ("网格编号", "网格编码", "网格代码", "网格号", "编号", "编码", "code", "wgbh"),
        "name": ("网格名称", "网格名", "名称", "name", "wgmc"),
        "village": ("行政村", "所属村", "村", "村名", "村委会", "社区"),
        "township": ("乡镇", "所属乡镇", "乡镇街道"),
        "officer": ("社区民警", "责任民警", "民警", "包片民警", "网格长"),
        "auxiliary": ("辅警", "责任辅警", "网格员", "协警"),
        "phone": ("联系电话", "电话", "值班电话", "警务电话"),
        "visit_cycle_days": ("走访周期", "周期"),
        "notes": ("备注", "说明"),
    },
    "roads": {
        "kind": ("道路类型", "类型", "类别", "道路等级", "等级", "highway", "kind", "type"),
        "name": ("道路名称", "名称", "路名", "name"),
    },
    "landmarks": {
        "kind": ("地标类型", "类型", "类别", "kind", "type"),
        "name": ("名称", "地标名称", "单位名称", "name"),
        "notes": ("备注", "说明", "desc", "description"),
    },
    "disputes": {
        "reported_at": ("发现时间", "发现日期", "日期", "登记日期", "登记时间", "受理日期", "受理时间", "排查日期"),
        "grade": ("等级", "四色等级", "风险等级", "分级", "颜色等级", "四色分级", "级别"),
        "status": ("状态", "化解状态", "调处状态", "办理状态"),
        "level": ("调解层级", "层级", "调解级别", "调处层级"),
        "kind": ("纠纷类型", "类型", "类别", "纠纷类别", "纠纷种类"),
        "parties": ("当事人", "双方当事人", "当事人姓名"),
        "summary": ("简要情况", "事由", "纠纷事由", "基本情况", "情况", "纠纷情况", "主要矛盾"),
        "mediator": ("调解人", "调解员", "调处人"),
        "agreement_signed": ("已签调解协议书", "调解协议", "协议书", "是否签订协议", "签订协议书", "调解协议书"),
        "resolved_at": ("化解时间", "化解日期", "办结日期", "办结时间"),
        "followup_due": ("回访期限", "回访截止"),
        "followed_up_at": ("回访时间", "回访日期"),
    },
}
"""The names stations write for each field, besides the field's own title and name."""


def normalise_header(text: object) -> str:
    """The comparable form of a column name.

    >>> normalise_header(" 人口（人） "), normalise_header("*户主 姓名："), normalise_header("ＡＰＰ")
    ('人口', '户主姓名', 'app')
    """
    if text is None:
        return ""
    name = unicodedata.normalize("NFKC", str(text))
    name = re.sub(r"\s+", "", name).strip("*＊:：")
    name = re.sub(r"[(\[][^()\[\]]*[)\]]$", "", name)  # a trailing unit: (人), (元), [天]
    return name.lower()


@dataclass(frozen=True)
class ColumnPlacement:
    """Which column (by position) feeds which target, and what is left over, for the report and the dialog."""

    layer: str
    headers: tuple[str, ...]
    placed: dict[str, int]
    mapped: frozenset[str] = frozenset()
    unplaced: tuple[str, ...] = ()
    duplicates: dict[str, str] = field(default_factory=dict)

    def header_of(self, target: str) -> str:
        return self.headers[self.placed[target]]

    def has(self, target: str) -> bool:
        return target in self.placed

    @property
    def recognised(self) -> dict[str, str]:
        """Header as written -> target, recognised or mapped, in the file's column order."""
        by_position = sorted((position, target) for target, position in self.placed.items())
        return {self.headers[position]: target for position, target in by_position}


def import_targets(layer: str) -> dict[str, str]:
    """Every target a column of ``layer``'s register can be mapped to, with its Chinese title."""
    schema = _schema(layer)
    targets = {
        spec.name: spec.title_zh
        for spec in schema.fields
        if spec.name not in RECORD_FIELD_NAMES and spec.name not in NOT_IMPORTED and spec.type.value != "BLOB"
    }
    for target in EXTRA_TARGETS[layer]:
        targets.setdefault(target, EXTRA_TITLES_ZH[target])
    return targets


def recognised_names(layer: str) -> dict[str, str]:
    """Normalised column name -> target; the layer's own titles and names first, then the names in use."""
    names: dict[str, str] = {}
    schema = _schema(layer)
    for target in import_targets(layer):
        own = (schema.field(target).title_zh, target) if target in schema.field_names else ()
        for name in (*own, *EXTRA_TARGETS[layer].get(target, ()), *FIELD_NAMES[layer].get(target, ())):
            names.setdefault(normalise_header(name), target)
    return names


def header_score(layer: str, mapping: Mapping[str, str | None] | None = None):
    """A function counting the recognised or mapped names in a row, for finding the header row."""
    names = recognised_names(layer) | {
        normalise_header(header): str(target) for header, target in (mapping or {}).items()
    }

    def score(row: Sequence[object]) -> int:
        return len({names[key] for key in map(normalise_header, row) if key in names})

    return score


def place_columns(
    layer: str, headers: Sequence[str], mapping: Mapping[str, str | None] | None = None
) -> ColumnPlacement:
    """Place each column: the explicit ``mapping`` first (header -> target, ``None`` to ignore), then recognition.

    A mapping key may be the header as written or its normalised form; the first
    column that claims a target wins and later ones are reported as duplicates.
    """
    targets = import_targets(layer)
    names = recognised_names(layer)
    mapping = {normalise_header(header): target for header, target in (mapping or {}).items()}
    placed: dict[str, int] = {}
    mapped: set[str] = set()
    duplicates: dict[str, str] = {}
    unplaced: list[str] = []
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in mapping:
            target = mapping[key]
            if target is None:
                unplaced.append(header)
                continue
            if target not in targets:
                raise UnknownImportTargetError(header=header, target=target, layer=layer, targets=", ".join(targets))
            if target in mapped:
                duplicates[header] = target
                continue
            placed[target] = position
            mapped.add(target)
    for position, header in enumerate(headers):
        key = normalise_header(header)
        if key in mapping:
            continue
        target = names.get(key)
        if target is None:
            unplaced.append(header)
        elif target in placed:
            duplicates[header] = target
        else:
            placed[target] = position
    order = {header: i for i, header in enumerate(headers)}
    return ColumnPlacement(
        layer=layer,
        headers=tuple(headers),
        placed=placed,
        mapped=frozenset(mapped),
        unplaced=tuple(sorted(unplaced, key=order.__getitem__)),
        duplicates=duplicates,
    )


def _schema(layer: str):
    if layer not in IMPORT_LAYERS:
        raise UnknownImportLayerError(layer=layer)
    return layer_schema(layer)
