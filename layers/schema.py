"""The project's layers and fields, declared once as data.

Every storage backend builds its tables from these declarations, validation
reads them, and the GeoPackage gets Chinese field titles and coded domains from
them so QGIS users see 网格编号 and 红色 rather than bare codes. Layer and field
names are a contract: scripts and other GIS tools read them, so never rename one
without a migration.

Every record carries ``id`` (UUID text, so records can merge across officers'
machines and a shared server), ``version`` (starts at 1, +1 on every edit: an
edit made against an older version is a conflict) and ``created_at`` /
``updated_at`` (UTC).
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from enum import Enum

from layers.vocabulary import (
    DisputeKind,
    DisputeStatus,
    Grade,
    InkColour,
    LandmarkKind,
    LocatedBy,
    MarkShape,
    MarkStatus,
    MediationLevel,
    OfficerRole,
    RoadKind,
    SpotCheckResult,
    VisitOutcome,
    VisitPurpose,
    Vocabulary,
)


class FieldType(str, Enum):
    """Field types, named as the GeoPackage spells them."""

    TEXT = "TEXT"
    INTEGER = "INTEGER"
    REAL = "REAL"
    BOOLEAN = "BOOLEAN"
    DATETIME = "DATETIME"  # stored as ISO 8601 in UTC ("...Z"), read back time-zone aware
    DATE = "DATE"  # a calendar day in the station's time zone, ISO 8601
    BLOB = "BLOB"


class Generated(str, Enum):
    """A value the database itself computes when a client leaves the field out.

    Wangge's store fills every record field itself, but QGIS, QField and plain SQL
    through GDAL only fill what a user typed: without a database default their new
    households are refused (``NOT NULL constraint failed: households.id``).
    """

    NEW_UUID = "new_uuid"  # a random UUID (version 4), as Wangge makes them
    NOW = "now"  # the moment of writing, UTC


class GeometryType(str, Enum):
    POINT = "POINT"
    LINESTRING = "LINESTRING"
    POLYGON = "POLYGON"


@dataclass(frozen=True)
class Field:
    """One attribute column of a layer."""

    name: str
    type: FieldType
    title_zh: str
    description: str = ""
    required: bool = False
    unique: bool = False
    vocabulary: type[Vocabulary] | None = None
    references: str | None = None  # "layer" whose ``id`` this field holds
    sensitive: bool = False  # personal information under PIPL: masked on export by default
    default: object = None
    generated: Generated | None = None  # computed by the database when an insert leaves it out


@dataclass(frozen=True)
class LayerSchema:
    """A layer: its table name, geometry and fields (the record fields included)."""

    name: str
    title_zh: str
    description: str
    geometry_type: GeometryType | None
    geometry_required: bool
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(f"layer '{self.name}' has no field '{name}'")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def is_spatial(self) -> bool:
        return self.geometry_type is not None


GEOMETRY_COLUMN = "geom"

PROJECT_KEY = "project_key"
"""The setting naming a project (and every copy of it) on its printed sheets, so a photo of another
project's sheet is recognised as such."""


def new_project_key() -> str:
    """Eight characters of QR's alphanumeric set (40 random bits): short enough for a small code."""
    return base64.b32encode(secrets.token_bytes(5)).decode("ascii")


RECORD_FIELDS = (
    Field("id", FieldType.TEXT, "标识", "UUID of the record", required=True, unique=True, generated=Generated.NEW_UUID),
    Field("version", FieldType.INTEGER, "版本", "edit counter for conflict detection", required=True, default=1),
    Field("created_at", FieldType.DATETIME, "创建时间", required=True, generated=Generated.NOW),
    Field("updated_at", FieldType.DATETIME, "修改时间", required=True, generated=Generated.NOW),
)
"""Fields every record has; the store fills them, users never type them, and the database fills them for
any other program that adds a record (see :class:`Generated`)."""

RECORD_FIELD_NAMES = tuple(f.name for f in RECORD_FIELDS)


def _layer(
    name: str,
    title_zh: str,
    description: str,
    geometry_type: GeometryType | None,
    fields: tuple[Field, ...],
    geometry_required: bool = True,
) -> LayerSchema:
    return LayerSchema(
        name=name,
        title_zh=title_zh,
        description=description,
        geometry_type=geometry_type,
        geometry_required=geometry_required and geometry_type is not None,
        fields=RECORD_FIELDS + fields,
    )


ADDRESS_FIELDS = (
    # The public-security standard address in parts, so records match the
    # station's 一标三实 (standard address, real population, real housing, real units).
    Field("addr_township", FieldType.TEXT, "乡镇（街道）"),
    Field("addr_village", FieldType.TEXT, "村（居）委会"),
    Field("addr_road", FieldType.TEXT, "街路巷（小区）"),
    Field("addr_door_no", FieldType.TEXT, "门（楼）牌号"),
    Field("addr_building", FieldType.TEXT, "楼栋"),
    Field("addr_unit", FieldType.TEXT, "单元"),
    Field("addr_room", FieldType.TEXT, "户室"),
)

GRIDS = _layer(
    "grids",
    "网格",
    "Cells of responsibility: one officer, one auxiliary, their households",
    GeometryType.POLYGON,
    (
        Field("code", FieldType.TEXT, "网格编号", "e.g. YH-03", required=True, unique=True),
        Field("name", FieldType.TEXT, "网格名称", "e.g. 犁铧嘴村一组", required=True),
        Field("station", FieldType.TEXT, "派出所", required=True),
        Field("township", FieldType.TEXT, "乡镇"),
        Field("village", FieldType.TEXT, "行政村"),
        Field("officer", FieldType.TEXT, "社区民警", required=True),
        Field("auxiliary", FieldType.TEXT, "辅警"),
        Field("phone", FieldType.TEXT, "联系电话", "the grid's duty phone"),
        Field("visit_cycle_days", FieldType.INTEGER, "走访周期（天）", required=True, default=30),
        Field("notes", FieldType.TEXT, "备注"),
        # not a declared reference: a sketch already refers to its grid, and the two cannot each come first
        Field("sketch_id", FieldType.TEXT, "来源手绘图", "id of the sketch the outline was drawn on"),
        Field(
            "sketch_outline",
            FieldType.TEXT,
            "手绘图上的边界（像素）",
            "JSON [[x, y], ...] of the outline on the sketch, pixels y down; the geometry follows the fit",
        ),
        Field(
            "monthly_visit_target",
            FieldType.INTEGER,
            "每月走访任务（户）",
            "households to visit per month, from the station's task list; none means no target",
        ),
    ),
)

HOUSEHOLDS = _layer(
    "households",
    "住户",
    "Households (户), the unit every visit and dispute is tied to",
    GeometryType.POINT,
    (
        Field("house_no", FieldType.TEXT, "门牌号", required=True),
        Field("head_name", FieldType.TEXT, "户主姓名", required=True, sensitive=True),
        Field("members", FieldType.INTEGER, "家庭人口", required=True, default=1),
        Field("phone", FieldType.TEXT, "联系电话", sensitive=True),
        Field("id_number", FieldType.TEXT, "身份证号", "optional; never printed", sensitive=True),
        Field("address", FieldType.TEXT, "住址", "the full address as one line"),
        *ADDRESS_FIELDS,
        Field("grid_id", FieldType.TEXT, "所属网格", references="grids"),
        Field("key_person", FieldType.TEXT, "重点关注", "key-person tag codes joined by commas", default=""),
        Field("anti_fraud_app", FieldType.BOOLEAN, "已装国家反诈中心APP", required=True, default=False),
        Field("camera", FieldType.BOOLEAN, "已装民防监控", required=True, default=False),
        Field("located_by", FieldType.TEXT, "定位方式", required=True, vocabulary=LocatedBy, default="manual"),
        Field("sketch_id", FieldType.TEXT, "来源手绘图", references="sketches"),
        Field("sketch_x", FieldType.REAL, "手绘图 X（像素）", "pixel column on the source sketch"),
        Field("sketch_y", FieldType.REAL, "手绘图 Y（像素）", "pixel row on the source sketch, downwards"),
        Field("notes", FieldType.TEXT, "备注", sensitive=True),
    ),
    geometry_required=False,  # imported without coordinates, not placed yet: the locate queue places it
)

VISITS = _layer(
    "visits",
    "走访记录",
    "Household visits (走访 / 入户)",
    GeometryType.POINT,
    (
        Field("household_id", FieldType.TEXT, "住户", required=True, references="households"),
        Field("visited_at", FieldType.DATETIME, "走访时间", required=True),
        Field("officer", FieldType.TEXT, "走访人", required=True),
        Field("purpose", FieldType.TEXT, "事由", required=True, vocabulary=VisitPurpose, default="routine"),
        Field("outcome", FieldType.TEXT, "结果", required=True, vocabulary=VisitOutcome, default="met"),
        Field("dispute_id", FieldType.TEXT, "回访纠纷", references="disputes"),
        Field("app_installed", FieldType.BOOLEAN, "本次安装反诈APP", required=True, default=False),
        Field("camera_installed", FieldType.BOOLEAN, "本次安装监控", required=True, default=False),
        Field("loss_prevented_yuan", FieldType.REAL, "挽回损失（元）", default=0.0),
        Field("notes", FieldType.TEXT, "走访情况", sensitive=True),
        Field("spot_check", FieldType.TEXT, "暗访抽查结果", vocabulary=SpotCheckResult),
        Field("spot_checked_by", FieldType.TEXT, "抽查人"),
        Field("spot_checked_at", FieldType.DATETIME, "抽查时间"),
    ),
    geometry_required=False,
)

DISPUTES = _layer(
    "disputes",
    "矛盾纠纷",
    "Disputes under the 346 mechanism: four-colour grade, three-level mediation, follow-up",
    GeometryType.POINT,
    (
        Field("household_id", FieldType.TEXT, "涉及住户", references="households"),
        Field("grid_id", FieldType.TEXT, "所属网格", references="grids"),
        Field("reported_at", FieldType.DATETIME, "发现时间", required=True),
        Field("grade", FieldType.TEXT, "等级", required=True, vocabulary=Grade),
        Field("status", FieldType.TEXT, "状态", required=True, vocabulary=DisputeStatus, default="open"),
        Field("level", FieldType.TEXT, "调解层级", required=True, vocabulary=MediationLevel, default="village"),
        Field("kind", FieldType.TEXT, "纠纷类型", required=True, vocabulary=DisputeKind),
        Field("parties", FieldType.TEXT, "当事人", sensitive=True),
        Field(
            "party_households",
            FieldType.TEXT,
            "其他当事住户",
            "ids of the other parties' households, joined by commas: a neighbour dispute has two sides",
            default="",
        ),
        Field("summary", FieldType.TEXT, "简要情况", sensitive=True),
        Field("mediator", FieldType.TEXT, "调解人"),
        Field("agreement_signed", FieldType.BOOLEAN, "已签调解协议书", required=True, default=False),
        Field("resolved_at", FieldType.DATETIME, "化解时间"),
        Field("followup_due", FieldType.DATE, "回访期限"),
        Field("followed_up_at", FieldType.DATETIME, "回访时间"),
    ),
)

LANDMARKS = _layer(
    "landmarks",
    "地标",
    "Police office, village committee, school, clinic, mosque, shop...",
    GeometryType.POINT,
    (
        Field("kind", FieldType.TEXT, "类型", required=True, vocabulary=LandmarkKind),
        Field("name", FieldType.TEXT, "名称", required=True),
        Field("grid_id", FieldType.TEXT, "所属网格", references="grids"),
        Field("notes", FieldType.TEXT, "备注"),
    ),
)

ROADS = _layer(
    "roads",
    "道路",
    "Roads and lanes, for maps and route planning",
    GeometryType.LINESTRING,
    (
        Field("kind", FieldType.TEXT, "类型", required=True, vocabulary=RoadKind),
        Field("name", FieldType.TEXT, "名称"),
    ),
)

OFFICERS = _layer(
    "officers",
    "警员",
    "Community officers, auxiliaries and station leaders",
    None,
    (
        Field("name", FieldType.TEXT, "姓名", required=True),
        Field("role", FieldType.TEXT, "职务", required=True, vocabulary=OfficerRole),
        Field("phone", FieldType.TEXT, "联系电话"),
        Field("station", FieldType.TEXT, "派出所", required=True),
    ),
)

SKETCHES = _layer(
    "sketches",
    "手绘图",
    "Hand-drawn grid maps as photographed: the original is kept forever",
    None,
    (
        Field("title", FieldType.TEXT, "标题", required=True),
        Field("grid_id", FieldType.TEXT, "所属网格", references="grids"),
        Field("drawn_by", FieldType.TEXT, "绘制人"),
        Field("image", FieldType.BLOB, "图像", required=True),
        Field("image_format", FieldType.TEXT, "图像格式", "JPEG, PNG or HEIC", required=True),
        Field("width", FieldType.INTEGER, "宽（像素）", required=True),
        Field("height", FieldType.INTEGER, "高（像素）", required=True),
        Field("notes", FieldType.TEXT, "备注"),
    ),
)

SKETCH_CONTROL_POINTS = _layer(
    "sketch_control_points",
    "手绘图控制点",
    "Pairs of a sketch pixel and its true position, for georeferencing",
    GeometryType.POINT,
    (
        Field("sketch_id", FieldType.TEXT, "手绘图", required=True, references="sketches"),
        Field("sketch_x", FieldType.REAL, "手绘图 X（像素）", required=True),
        Field("sketch_y", FieldType.REAL, "手绘图 Y（像素）", required=True),
        Field("label", FieldType.TEXT, "名称"),
        Field("enabled", FieldType.BOOLEAN, "参与配准", required=True, default=True),
    ),
)

PRINTED_SHEETS = _layer(
    "printed_sheets",
    "打印图幅",
    "Every printed map page as it was printed, so a photo of it leads back to what the paper showed",
    None,
    (
        Field("sheet_id", FieldType.TEXT, "图幅编号", "the code in the page's QR code", required=True, unique=True),
        Field("printed_at", FieldType.DATETIME, "打印时间", required=True),
        Field("printed_by", FieldType.TEXT, "打印人"),
        Field("document", FieldType.TEXT, "文档", "atlas, grid sheet or route sheet", required=True),
        Field("grid_code", FieldType.TEXT, "网格编号", "the grid the page shows, as coded when printed"),
        Field("page", FieldType.INTEGER, "页码", required=True),
        Field("paper", FieldType.TEXT, "纸张", "A4 or A3", required=True),
        Field("landscape", FieldType.BOOLEAN, "横向", required=True, default=False),
        Field(
            "map_frame_mm",
            FieldType.TEXT,
            "地图框（毫米）",
            "[left, top, width, height] from the page's top left",
            required=True,
        ),  # fmt: skip
        Field("extent", FieldType.TEXT, "地图范围", "[minx, miny, maxx, maxy] in the CRS's metres", required=True),
        Field("crs", FieldType.TEXT, "坐标系", required=True),
        Field(
            "markers_mm",
            FieldType.TEXT,
            "定位标记（毫米）",
            "marker id -> [left, top, size] on the page",
            required=True,
        ),  # fmt: skip
        Field(
            "page_image", FieldType.BLOB, "打印页面", "the page as printed (PNG) to compare photos with", required=True
        ),  # fmt: skip
    ),
)

FIELD_PHOTOS = _layer(
    "field_photos",
    "外业照片",
    "Phone photos of printed sheets marked in the field, kept as read",
    None,
    (
        Field("sheet_id", FieldType.TEXT, "图幅编号", required=True),
        Field("file_name", FieldType.TEXT, "文件名"),
        Field("read_at", FieldType.DATETIME, "读取时间", required=True),
        Field("read_by", FieldType.TEXT, "读取人"),
        Field("image", FieldType.BLOB, "图像", required=True),
        Field("image_format", FieldType.TEXT, "图像格式", "JPEG or PNG", required=True),
        Field("width", FieldType.INTEGER, "宽（像素）", required=True),
        Field("height", FieldType.INTEGER, "高（像素）", required=True),
        Field("paper_rmse_mm", FieldType.REAL, "纸面误差（毫米）", "how far the markers disagree: paper not flat"),
        Field("photo_to_page", FieldType.TEXT, "照片到页面", "3x3 homography, photo pixels to page mm"),
    ),
)

FIELD_MARKS = _layer(
    "field_marks",
    "外业标记",
    "Pen marks read from photographed sheets: proposals until accepted or dismissed",
    GeometryType.POINT,
    (
        Field("status", FieldType.TEXT, "状态", required=True, vocabulary=MarkStatus, default="proposed"),
        Field("colour", FieldType.TEXT, "颜色", required=True, vocabulary=InkColour),
        Field("shape", FieldType.TEXT, "形状", required=True, vocabulary=MarkShape),
        Field("size_mm", FieldType.REAL, "大小（毫米）"),
        Field("mark_no", FieldType.INTEGER, "标记序号", "its number on the photo"),
        Field("sheet_id", FieldType.TEXT, "图幅编号", required=True),
        Field("photo_id", FieldType.TEXT, "照片", required=True, references="field_photos"),
        Field("paper_x_mm", FieldType.REAL, "纸面 X（毫米）", required=True),
        Field("paper_y_mm", FieldType.REAL, "纸面 Y（毫米）", required=True),
        Field("record_layer", FieldType.TEXT, "处理图层", "where accepting it wrote: households, visits, disputes"),
        Field("record_id", FieldType.TEXT, "处理记录", "the record accepting it created or moved"),
        Field("note", FieldType.TEXT, "备注"),
    ),
)

LAYERS: dict[str, LayerSchema] = {
    layer.name: layer
    for layer in (
        GRIDS,
        SKETCHES,
        HOUSEHOLDS,
        DISPUTES,
        VISITS,
        LANDMARKS,
        ROADS,
        OFFICERS,
        SKETCH_CONTROL_POINTS,
        PRINTED_SHEETS,
        FIELD_PHOTOS,
        FIELD_MARKS,
    )
}
"""All layers, each after the layers it references, so loading them in this order
never breaks a reference."""


def layer_schema(name: str) -> LayerSchema:
    """The schema of layer ``name``, with an error that lists the real layers."""
    try:
        return LAYERS[name]
    except KeyError:
        raise KeyError(f"no layer '{name}'; the layers are: {', '.join(LAYERS)}") from None
