"""Reading registers as stations save them: GBK and UTF-8-BOM CSV, workbooks with titles, merged headings."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from layers.imports.errors import ImportFileError, NoHeaderRowError
from layers.imports.headers import header_score, normalise_header, place_columns
from layers.imports.reading import read_source

HOUSEHOLD_ROWS = [
    ["门牌号", "户主", "家庭人口", "电话", "住址"],
    ["1", "张文华", "3", "13812341234", "犁铧嘴村一组1号"],
    ["2", "李秀兰", "2", "0953-8012345", "犁铧嘴村一组2号"],
    ["3", "马福", "5", "", "犁铧嘴村二组3号"],
]


def write_csv(path, rows, encoding):
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def read_households(path):
    return read_source(path, header_score("households"))


@pytest.mark.parametrize(
    ("encoding", "expected"), [("gbk", "GBK"), ("utf-8-sig", "UTF-8 with BOM"), ("utf-8", "UTF-8")]
)
def test_csv_in_each_encoding_reads_the_same_chinese(tmp_path, encoding, expected):
    table = read_households(write_csv(tmp_path / "住户.csv", HOUSEHOLD_ROWS, encoding))
    assert table.encoding == expected
    assert table.headers == tuple(HOUSEHOLD_ROWS[0])  # no BOM left on the first header
    assert table.cells[1].tolist() == ["张文华", "李秀兰", "马福"]
    assert table.cells[3].tolist() == ["13812341234", "0953-8012345", None]  # text stays text, empty is None
    assert table.row_numbers.tolist() == [2, 3, 4]


def test_gb18030_beyond_gbk_is_read(tmp_path):
    rows = [HOUSEHOLD_ROWS[0], ["1", "𠮷文华", "3", "", ""]]  # 𠮷 has no GBK code, only a four-byte GB18030 one
    table = read_households(write_csv(tmp_path / "住户.csv", rows, "gb18030"))
    assert table.encoding == "GB18030"
    assert table.cells[1].tolist() == ["𠮷文华"]


def test_text_in_another_encoding_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "住户.csv"
    path.write_bytes("门牌号,户主\n".encode("utf-16"))
    with pytest.raises(ImportFileError, match="save it again as CSV UTF-8"):
        read_households(path)


def test_without_known_headers_the_first_row_is_the_header_for_the_user_to_map(tmp_path):
    path = write_csv(tmp_path / "x.csv", [[""], ["a", "b"], ["1", "2"]], "utf-8")
    table = read_households(path)
    assert (table.header_row, table.headers) == (2, ("a", "b"))


def test_an_empty_file_is_refused(tmp_path):
    path = write_csv(tmp_path / "x.csv", [[""], [""]], "utf-8")
    with pytest.raises(NoHeaderRowError, match="门牌号"):
        read_households(path)


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "住户.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportFileError, match="not an .xlsx or .csv"):
        read_households(path)


def merged_header_workbook(path):
    """A title row, a two-row header with 户主信息 over 户主姓名/联系电话, blank rows between the data."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "说明"
    sheet.append(["本表由派出所填写"])
    register = workbook.create_sheet("住户登记")
    register.append(["犁铧嘴村住户登记表"])
    register.merge_cells("A1:E1")
    register.append(["门牌号", "户主信息", None, "人口（人）", "经度"])
    register.append([None, "户主姓名", "联系电话", None, None])
    register.merge_cells("B2:C2")
    for column in "ADE":
        register.merge_cells(f"{column}2:{column}3")
    register.append([1, "张文华", 13812341234, 3, 105.905])
    register.append([])
    register.append([None, None, None, None, None])
    register.append([2, "李秀兰", "0953-8012345", 2, 105.906])
    register.append([" ", "", None, None, None])  # looks blank: skipped too
    register.append([3, "马福", None, 5, None])
    workbook.save(path)
    return path


def test_merged_header_cells_and_blank_rows_keep_spreadsheet_row_numbers(tmp_path):
    table = read_households(merged_header_workbook(tmp_path / "住户.xlsx"))
    assert table.sheet == "住户登记"  # the sheet with the register, not the notes before it
    assert table.header_row == 3
    assert table.headers == ("门牌号", "户主姓名", "联系电话", "人口（人）", "经度")
    assert table.row_numbers.tolist() == [4, 7, 9]
    assert table.cells[1].tolist() == ["张文华", "李秀兰", "马福"]
    placement = place_columns("households", table.headers)
    assert placement.recognised == {
        "门牌号": "house_no",
        "户主姓名": "head_name",
        "联系电话": "phone",
        "人口（人）": "members",
        "经度": "longitude",
    }


def test_without_reading_merges_the_vertical_headings_would_be_lost(tmp_path):
    """Guards the merge handling: openpyxl's read-only rows alone leave 门牌号 out of the header row."""
    from openpyxl import load_workbook

    path = merged_header_workbook(tmp_path / "住户.xlsx")
    rows = list(load_workbook(path, read_only=True)["住户登记"].iter_rows(values_only=True))
    assert rows[2][0] is None
    assert read_households(path).headers[0] == "门牌号"


def test_headers_are_compared_without_spaces_full_width_forms_units_or_stars():
    assert normalise_header("家庭人口（人）") == normalise_header("家庭人口") == "家庭人口"
    assert normalise_header(" *户主　姓名： ") == "户主姓名"
    assert normalise_header("门（楼）牌号") != normalise_header("门牌号")  # a unit only at the end
    placement = place_columns("households", ["户 主", "人口(人)", "ＩＤ", "身份证号码"])
    assert placement.placed == {"head_name": 0, "members": 1, "id_number": 3}
    assert placement.unplaced == ("ＩＤ",)


def test_an_explicit_mapping_overrides_recognition_and_a_second_claim_is_reported():
    headers = ["姓名", "户主", "电话", "手机", "其他"]
    placement = place_columns("households", headers, {"姓名": None, "其他": "notes"})
    assert placement.placed == {"head_name": 1, "phone": 2, "notes": 4}
    assert placement.unplaced == ("姓名",)
    assert placement.duplicates == {"手机": "phone"}
