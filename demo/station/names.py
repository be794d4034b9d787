"""Synthetic names, phones and ID numbers: plausible for Tongxin County, never a real person.

Surnames follow the mix of a Hui and Han county (马, 杨, 李, 丁 ...); given names
are drawn from two-character pools, so the combinations are made up. Phone and
ID numbers have the right shape (an ID number even has a valid check digit)
so masking and validation code meets realistic input.
"""

from __future__ import annotations

import numpy as np

SURNAMES = "马杨李王张丁海田苏白金周刘锁何虎冶罗韩哈穆沙纳黑洪买"
SURNAME_WEIGHTS = np.array([18, 10, 9, 8, 7, 6, 4, 4, 3, 3, 3, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1], float)
GIVEN_FIRST = "文志建国学明玉秀海永德成金春兰红军小万有福生俊伟"
GIVEN_SECOND = "华林英芳平强山花梅军龙祥贵宝才忠莲珍虎霞云杰峰东"
VILLAGE_STEMS = "马杨李丁田苏白周韩沙罗海"
VILLAGE_FEATURES = ("家湾", "家塬", "家河", "家沟", "家庄", "家梁", "家岔", "家台")
LANE_NAMES = tuple(f"{n}巷" for n in "一二三四五六七八九十") + tuple(f"十{n}巷" for n in "一二三四五六七八九")
TONGXIN_REGION_CODE = "640324"  # 同心县 in the national administrative division codes
MOBILE_PREFIXES = ("135", "136", "138", "139", "150", "151", "152", "158", "177", "180", "187", "189", "199")
_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
_ID_CHECK = "10X98765432"


def person_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` full names such as 马文华 or 丁海 (one in five has a one-character given name)."""
    surnames = rng.choice(list(SURNAMES), size=n, p=SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum())
    first = rng.choice(list(GIVEN_FIRST), size=n)
    second = rng.choice(list(GIVEN_SECOND), size=n)
    single = rng.random(n) < 0.2
    return [s + (b if one else a + b) for s, a, b, one in zip(surnames, first, second, single)]


def village_name(rng: np.random.Generator) -> str:
    return str(rng.choice(list(VILLAGE_STEMS))) + str(rng.choice(VILLAGE_FEATURES)) + "村"


def mobile_phones(rng: np.random.Generator, n: int) -> list[str]:
    prefixes = rng.choice(MOBILE_PREFIXES, size=n)
    numbers = rng.integers(0, 100_000_000, size=n)
    return [f"{p}{num:08d}" for p, num in zip(prefixes, numbers)]


def id_numbers(rng: np.random.Generator, n: int, birth_years: np.ndarray) -> list[str]:
    """18-digit resident ID numbers of Tongxin County with a valid GB 11643 check digit."""
    months = rng.integers(1, 13, size=n)
    days = rng.integers(1, 29, size=n)
    sequence = rng.integers(0, 1000, size=n)
    # The 17 body digits as a number, then as a digit matrix: no per-character Python loop.
    body = (
        int(TONGXIN_REGION_CODE) * 10**11
        + np.asarray(birth_years, dtype=np.int64) * 10**7
        + months * 10**5
        + days * 10**3
        + sequence
    )
    digits = (body[:, None] // 10 ** np.arange(16, -1, -1, dtype=np.int64)) % 10
    checks = (digits * _ID_WEIGHTS).sum(axis=1) % 11
    return [f"{b:017d}{_ID_CHECK[c]}" for b, c in zip(body.tolist(), checks.tolist())]


def uuids(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` version-4 UUID strings drawn from ``rng``, so demo data is reproducible."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    text = raw.tobytes().hex()
    cuts = ((0, 8), (8, 12), (12, 16), (16, 20), (20, 32))
    return ["-".join(text[i + a : i + b] for a, b in cuts) for i in range(0, 32 * n, 32)]
