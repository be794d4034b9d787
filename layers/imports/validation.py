"""The rules a register's rows must follow beyond their field types: phones, ID numbers, house numbers.

Each rule is a column operation returning a mask of the rows that break it, so a
100,000-row register is checked in a fraction of a second.

- Phone numbers are mainland mobiles (``1[3-9]`` and nine digits, spaces and
  dashes allowed, a ``+86`` prefix dropped) or landlines with their area code
  (``0953-8012345``); they are stored in one form: ``13812341234`` and
  ``0953-8012345``, so searching and masking find them.
- Resident ID numbers have 18 characters, 17 digits and a check digit (``X``
  for 10) computed by GB 11643, and a birth date that exists.
- A house number appears once per grid: the second row with the same number in
  the same grid (or a number already in the project there) is refused, the first
  is kept, since officers find households by their door plate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from layers.errors import QT_TRANSLATE_NOOP

MOBILE = r"1[3-9]\d{9}"
LANDLINE = r"0(?:10|2\d|[3-9]\d{2})\d{7,8}"
"""An area code (010, 02x or four digits such as 0953) and a 7- or 8-digit number."""
ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
ID_CHECK_CHARACTERS = "10X98765432"
"""GB 11643: the weighted sum of the 17 body digits modulo 11 indexes this string."""

PHONE_REASON = QT_TRANSLATE_NOOP(
    "ImportProblem", "not a mobile number (11 digits from 13 to 19) or a landline with area code (0953-8012345)"
)
ID_SHAPE_REASON = QT_TRANSLATE_NOOP("ImportProblem", "not an 18-character resident ID number")
ID_CHECK_REASON = QT_TRANSLATE_NOOP(
    "ImportProblem",
    "the check digit is wrong (a mistyped digit, or an ID stored as a number in Excel, which loses the last digits)",
)
ID_BIRTH_REASON = QT_TRANSLATE_NOOP("ImportProblem", "the birth date in the ID number does not exist")
DUPLICATE_IN_FILE_REASON = QT_TRANSLATE_NOOP("ImportProblem", "house number already on row {first} in the same grid")
DUPLICATE_IN_PROJECT_REASON = QT_TRANSLATE_NOOP(
    "ImportProblem", "the project already has this house number in the same grid"
)


def standard_phones(phones: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Phones in their stored form, and the rows whose phone is neither a mobile nor a landline."""
    present = phones.notna().to_numpy()
    digits = (
        phones.astype("string")
        .str.normalize("NFKC")
        .str.replace(r"[\s\-()（）]", "", regex=True)
        .str.replace(r"^\+?86(?=1[3-9]\d{9}$)", "", regex=True)
    )
    mobile = digits.str.fullmatch(MOBILE).fillna(False).to_numpy(dtype=bool)
    landline = digits.str.fullmatch(LANDLINE).fillna(False).to_numpy(dtype=bool)
    area = np.where(digits.str[1].isin(["1", "2"]).to_numpy(dtype=bool), 3, 4)  # as layers.privacy masks them
    text = digits.to_numpy(dtype=object)
    stored = np.full(len(phones), None, dtype=object)
    stored[mobile] = text[mobile]
    stored[landline] = [f"{number[:cut]}-{number[cut:]}" for number, cut in zip(text[landline], area[landline])]
    return pd.Series(stored, index=phones.index, dtype=object), present & ~mobile & ~landline


def id_number_problems(id_numbers: pd.Series) -> tuple[pd.Series, list[tuple[np.ndarray, str]]]:
    """ID numbers in stored form (upper-case ``X``) and the rows breaking each GB 11643 rule."""
    present = id_numbers.notna().to_numpy()
    text = id_numbers.astype("string").str.normalize("NFKC").str.replace(r"\s", "", regex=True).str.upper()
    shaped = text.str.fullmatch(r"\d{17}[\dX]").fillna(False).to_numpy(dtype=bool)
    well_formed = text[shaped].to_numpy(dtype=str)
    wrong_check = np.zeros(len(text), dtype=bool)
    no_birth_day = np.zeros(len(text), dtype=bool)
    if len(well_formed):
        characters = np.frombuffer("".join(well_formed).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
        body = (characters[:, :17] - ord("0")).astype(np.int64)
        expected = np.frombuffer(ID_CHECK_CHARACTERS.encode("ascii"), dtype=np.uint8)[(body @ ID_WEIGHTS) % 11]
        wrong_check[shaped] = expected != characters[:, 17]
        births = pd.to_datetime(pd.Series(well_formed).str[6:14], format="%Y%m%d", errors="coerce")
        no_birth_day[shaped] = births.isna().to_numpy()
    stored = text.astype(object).where(present, None)
    problems = [
        (present & ~shaped, ID_SHAPE_REASON),
        (wrong_check, ID_CHECK_REASON),
        (no_birth_day & ~wrong_check, ID_BIRTH_REASON),
    ]
    return stored, problems


def duplicate_house_numbers(
    house_numbers: pd.Series, scopes: pd.Series, existing: pd.DataFrame | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows repeating a house number of an earlier row in the same scope (grid), and rows the project already has.

    Returns the in-file duplicates, the position of the first row each one repeats,
    and the rows duplicating a household already stored (``existing`` has columns
    ``house_no`` and ``scope``). Rows without a house number are never duplicates.
    """
    keys = pd.DataFrame({"house_no": house_numbers.to_numpy(dtype=object), "scope": scopes.to_numpy(dtype=object)})
    present = keys["house_no"].notna().to_numpy()
    keys["scope"] = keys["scope"].fillna("")
    repeated = keys.duplicated(["house_no", "scope"], keep="first").to_numpy() & present
    first = keys.reset_index().groupby(["house_no", "scope"], sort=False)["index"].transform("first").to_numpy()
    in_project = np.zeros(len(keys), dtype=bool)
    if existing is not None and len(existing):
        stored = existing.assign(scope=existing["scope"].fillna(""))
        stored_keys = pd.MultiIndex.from_frame(stored[["house_no", "scope"]].astype(object))
        in_project = pd.MultiIndex.from_frame(keys[["house_no", "scope"]]).isin(stored_keys) & present
    return repeated, first, in_project
