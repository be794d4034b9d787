"""What leaves the app shows no resident in full unless asked."""

from __future__ import annotations

import pandas as pd

from layers.privacy import mask_frame, mask_name, mask_phone


def test_names_keep_first_and_last_character():
    assert [mask_name(n) for n in ("张文华", "马福", "欧阳娜娜", "李", "", None)] == [
        "张*华",
        "马*",
        "欧**娜",
        "李",
        "",
        "",
    ]


def test_phones_keep_prefix_and_tail_only():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("138 1234 1234") == "138****1234"
    assert mask_phone("0953-8012345") == "0953****345"
    assert mask_phone("010-62345678") == "010****678"
    assert mask_phone("12345") == "*****" and mask_phone(None) == ""


def test_a_frame_is_masked_by_its_schema_and_loses_id_numbers():
    households = pd.DataFrame(
        {
            "house_no": ["1"],
            "head_name": ["张文华"],
            "phone": ["13812341234"],
            "id_number": ["640324195001011234"],
            "notes": ["儿子在银川打工"],
        }
    )
    masked = mask_frame("households", households)
    assert masked.to_dict("records") == [
        {"house_no": "1", "head_name": "张*华", "phone": "138****1234", "notes": "***"}
    ]
    assert households["head_name"][0] == "张文华"  # the original is untouched
    assert mask_frame("households", households, show_personal=True).equals(households)
