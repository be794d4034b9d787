"""Masking residents' personal information on anything that leaves the app (PIPL).

Printed grid maps, web maps and exported files show names as 张*华 and phones
as 138****1234, and never ID numbers, unless the user explicitly asks for full
details. One function per kind of value, and one that applies the schema's
``sensitive`` flags to a whole frame, so every export follows the same rule.

Examples
--------
>>> mask_name("张文华"), mask_name("马福"), mask_name("欧阳娜娜")
('张*华', '马*', '欧**娜')
>>> mask_phone("13812341234"), mask_phone("0953-8012345")
('138****1234', '0953****345')
"""

from __future__ import annotations

import pandas as pd

from layers.schema import layer_schema

NEVER_SHOWN = frozenset({"id_number"})
"""Fields that leave the app only when full details are asked for, and then unmasked."""
FREE_TEXT_MASK = "***"
"""Notes, parties and summaries may name anyone: masked free text is replaced whole."""


def mask_name(name: str | None) -> str:
    """Keep the first and (for three or more characters) the last character: 张*华, 马*."""
    if not name:
        return ""
    text = str(name).strip()
    if len(text) <= 1:
        return text
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_phone(phone: str | None) -> str:
    """Mobile: first three and last four digits (138****1234); landline: area code and last three."""
    if not phone:
        return ""
    digits = "".join(c for c in str(phone) if c.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    if digits.startswith("0"):  # area codes are 010 and 02x, else four digits (0953 is Wuzhong)
        area = 3 if digits[1] in "12" else 4
        return digits[:area] + "****" + digits[-3:]
    return digits[:3] + "****" + digits[-4:]


NAME_FIELDS = frozenset({"head_name", "name"})
PHONE_FIELDS = frozenset({"phone"})


def mask_frame(layer: str, frame: pd.DataFrame, show_personal: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` safe to leave the app: sensitive fields of ``layer`` masked, ID numbers dropped.

    With ``show_personal`` the frame is returned as it is (the caller must say so on the output).
    """
    if show_personal:
        return frame.copy()
    schema = layer_schema(layer)
    masked = frame.drop(columns=[c for c in frame.columns if c in NEVER_SHOWN])
    for column in masked.columns:
        if column not in schema.field_names or not schema.field(column).sensitive:
            continue
        if column in NAME_FIELDS:
            masked[column] = masked[column].map(mask_name)
        elif column in PHONE_FIELDS:
            masked[column] = masked[column].map(mask_phone)
        else:
            masked[column] = masked[column].map(lambda value: FREE_TEXT_MASK if value else "")
    return masked
