"""Closed sets of the domain: grades, statuses, purposes, tags.

Each member's value is the code stored in the project file (stable, ASCII,
read by other tools); ``zh`` is the Chinese word an officer uses. The same
tables become GeoPackage field domains, so QGIS shows 红 instead of ``red``.
"""

from __future__ import annotations

from enum import Enum


class Vocabulary(str, Enum):
    """A closed set of codes with a Chinese label for each."""

    zh: str

    def __new__(cls, code: str, zh: str) -> Vocabulary:
        member = str.__new__(cls, code)
        member._value_ = code
        member.zh = zh
        return member

    def __str__(self) -> str:
        return self.value

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)


class Grade(Vocabulary):
    """Four-colour grading of a dispute by difficulty (四色分级), easy to hard."""

    GREEN = "green", "绿色"
    YELLOW = "yellow", "黄色"
    ORANGE = "orange", "橙色"
    RED = "red", "红色"


class DisputeStatus(Vocabulary):
    OPEN = "open", "未化解"
    MEDIATING = "mediating", "调解中"
    RESOLVED = "resolved", "已化解"
    ESCALATED = "escalated", "已上报"


class MediationLevel(Vocabulary):
    """Three-level joint mediation (三级联调): escalation goes up a level."""

    VILLAGE = "village", "村级"
    TOWNSHIP = "township", "乡镇级"
    COUNTY = "county", "县级"


class DisputeKind(Vocabulary):
    FAMILY = "family", "婚姻家庭"
    NEIGHBOUR = "neighbour", "邻里纠纷"
    LAND = "land", "土地纠纷"
    LABOUR = "labour", "劳资纠纷"
    DEBT = "debt", "债务纠纷"
    OTHER = "other", "其他"


class VisitPurpose(Vocabulary):
    ROUTINE = "routine", "日常走访"
    ANTI_FRAUD = "anti_fraud", "反诈宣传"
    DISPUTE_FOLLOWUP = "dispute_followup", "纠纷回访"
    KEY_PERSON = "key_person", "重点人员走访"
    SECURITY = "security", "安全检查"
    OTHER = "other", "其他"


class VisitOutcome(Vocabulary):
    MET = "met", "见面"
    NOT_HOME = "not_home", "不在家"
    REFUSED = "refused", "拒绝"


class SpotCheckResult(Vocabulary):
    """What a supervisor's call-back to a visited household found (每日暗访抽查)."""

    CONFIRMED = "confirmed", "已核实"
    NOT_CONFIRMED = "not_confirmed", "未核实"
    UNREACHABLE = "unreachable", "无法联系"


class VisitRecency(Vocabulary):
    """Where a household stands against its grid's visit cycle (走访周期); derived, never stored."""

    VISITED = "visited", "周期内已走访"
    DUE_SOON = "due_soon", "即将到期"
    OVERDUE = "overdue", "逾期未访"
    NEVER = "never", "从未走访"


class LocatedBy(Vocabulary):
    """How a household got its position: it tells the reader how far to trust it."""

    SKETCH = "sketch", "手绘图配准"
    GPS = "gps", "GPS 定位"
    IMPORT = "import", "导入"
    MANUAL = "manual", "手工标注"


class KeyPersonTag(Vocabulary):
    """Tags of key persons (重点关注对象), visited more often than other households."""

    ELDERLY_ALONE = "elderly_alone", "独居老人"
    LEFT_BEHIND_CHILD = "left_behind_child", "留守儿童"
    DISABLED = "disabled", "残疾人"
    MENTAL_ILLNESS = "mental_illness", "精神障碍患者"
    COMMUNITY_CORRECTION = "community_correction", "社区矫正人员"
    HARDSHIP = "hardship", "困难户"


class LandmarkKind(Vocabulary):
    POLICE_OFFICE = "police_office", "警务室"
    VILLAGE_COMMITTEE = "village_committee", "村委会"
    SCHOOL = "school", "学校"
    CLINIC = "clinic", "卫生室"
    MOSQUE = "mosque", "清真寺"
    SHOP = "shop", "小卖部"
    BRIDGE = "bridge", "桥"
    OTHER = "other", "其他"


class RoadKind(Vocabulary):
    MAIN = "main", "主路"
    LANE = "lane", "巷道"
    TRACK = "track", "土路"


class OfficerRole(Vocabulary):
    COMMUNITY_OFFICER = "community_officer", "社区民警"
    AUXILIARY = "auxiliary", "辅警"
    CHIEF = "chief", "所长"
    INSTRUCTOR = "instructor", "教导员"


KEY_PERSON_SEPARATOR = ","
"""Key-person tags are stored as codes joined by this separator, e.g. ``elderly_alone,disabled``."""


class MarkStatus(Vocabulary):
    """What became of a pen mark read from a photographed sheet: proposed until someone decides."""

    PROPOSED = "proposed", "待处理"
    ACCEPTED = "accepted", "已采纳"
    DISMISSED = "dismissed", "已忽略"


class InkColour(Vocabulary):
    """The pens officers carry; a station may agree what each colour means (red: a quarrel, blue: a house)."""

    RED = "red", "红色"
    BLUE = "blue", "蓝色"
    BLACK = "black", "黑色"
    GREEN = "green", "绿色"


class MarkShape(Vocabulary):
    """How a pen mark on a printed sheet is drawn."""

    DOT = "dot", "点"
    CROSS = "cross", "叉"
    CIRCLE = "circle", "圈"
    LINE = "line", "线"
    WRITING = "writing", "文字"


def join_tags(tags: list[KeyPersonTag] | tuple[KeyPersonTag, ...]) -> str:
    """Store form of key-person tags: sorted, de-duplicated codes joined by commas."""
    return KEY_PERSON_SEPARATOR.join(sorted({KeyPersonTag(tag).value for tag in tags}))


def split_tags(stored: str | None) -> tuple[KeyPersonTag, ...]:
    """Inverse of :func:`join_tags`; an empty or missing value means no tags."""
    if not stored:
        return ()
    return tuple(KeyPersonTag(code) for code in stored.split(KEY_PERSON_SEPARATOR))
