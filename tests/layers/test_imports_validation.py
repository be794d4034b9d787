"""Phones, resident ID numbers and house numbers checked a column at a time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from demo.station.names import id_numbers
from layers.imports.validation import duplicate_house_numbers, id_number_problems, standard_phones


def test_mobiles_and_landlines_are_accepted_and_stored_in_one_form():
    typed = ["138 1234 1234", "+86 139-1234-1234", "0953-8012345", "09538012345", "010-12345678", None]
    stored, bad = standard_phones(pd.Series(typed, dtype=object))
    assert stored.tolist() == ["13812341234", "13912341234", "0953-8012345", "0953-8012345", "010-12345678", None]
    assert not bad.any()


def test_malformed_phones_are_refused():
    typed = ["12812341234", "1381234123", "8012345", "0953-801", "电话", "138123412345"]
    assert standard_phones(pd.Series(typed, dtype=object))[1].all()


def test_id_numbers_with_a_valid_check_digit_pass_against_an_independent_generator():
    valid = id_numbers(np.random.default_rng(7), 200, np.full(200, 1975))  # the demo generator's own check digits
    stored, problems = id_number_problems(pd.Series([*valid, "11010519491231002x"], dtype=object))
    assert not any(mask.any() for mask, _ in problems)
    assert stored.iloc[-1] == "11010519491231002X"


def test_each_broken_id_rule_is_named():
    typed = ["11010519491231002", "110105194912310021", "110105194902301230", None]
    _, problems = id_number_problems(pd.Series(typed, dtype=object))
    assert [mask.tolist() for mask, _ in problems] == [
        [True, False, False, False],  # 17 characters
        [False, True, True, False],  # wrong check digit (the 30 February one too)
        [False, False, False, False],  # a wrong check digit hides the birth date rule
    ]
    body = "11010519490230123"
    weights = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
    check = "10X98765432"[int(np.dot([int(c) for c in body], weights)) % 11]
    _, problems = id_number_problems(pd.Series([body + check]))
    assert [mask.tolist() for mask, _ in problems] == [[False], [False], [True]]


def test_a_house_number_is_unique_per_grid_the_first_row_kept():
    house_numbers = pd.Series(["1", "2", "1", "1", None, None], dtype=object)
    scopes = pd.Series(["grid:a", "grid:a", "grid:a", "grid:b", "", ""], dtype=object)
    existing = pd.DataFrame({"house_no": ["2"], "scope": ["grid:a"]})
    repeated, first, in_project = duplicate_house_numbers(house_numbers, scopes, existing)
    assert repeated.tolist() == [False, False, True, False, False, False]
    assert first[2] == 0
    assert in_project.tolist() == [False, True, False, False, False, False]
