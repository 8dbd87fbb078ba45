from datetime import date

import pytest

from notifications.vn import place_date, short_date, vn_date, vn_sort_key


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2023, 3, 3), "ngày 03 tháng 3 năm 2023"),
        (date(2020, 1, 14), "ngày 14 tháng 01 năm 2020"),
        (date(2024, 1, 5), "ngày 05 tháng 01 năm 2024"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (date(2023, 6, 13), "ngày 13 tháng 6 năm 2023"),
        (date(2022, 12, 14), "ngày 14 tháng 12 năm 2022"),
        (date(2025, 10, 1), "ngày 01 tháng 10 năm 2025"),
    ],
)
def test_vn_date_pads_days_below_10_and_months_1_2(day: date, expected: str) -> None:
    assert vn_date(day) == expected


def test_dates_accept_iso_strings_from_json_contexts() -> None:
    assert vn_date("2023-06-13") == "ngày 13 tháng 6 năm 2023"
    assert short_date("2024-01-05") == "05/01/2024"


def test_place_date_is_the_document_date_line() -> None:
    assert place_date("Lai Châu", date(2023, 6, 13)) == "Lai Châu, ngày 13 tháng 6 năm 2023"


def _sorted(names: list[str]) -> list[str]:
    return sorted(names, key=vn_sort_key)


def test_given_name_first_then_letters_not_tones() -> None:
    # "An" is a prefix of "Ánh"; "Bình" starts with b. Code-point order would agree here,
    # but only because of the given names: by family name Lê would come first.
    names = ["Trần Thị Bình", "Lê Văn Ánh", "Nguyễn Văn An"]
    assert _sorted(names) == ["Nguyễn Văn An", "Lê Văn Ánh", "Trần Thị Bình"]


def test_breve_and_circumflex_letters_follow_a() -> None:
    # a < ă < â; code points put "Hân" (â, U+00E2) before "Hải" (ả, U+1EA3).
    names = ["Lê Thị Hân", "Phạm Thị Hằng", "Đỗ Thị Hải", "Vũ Thị Hà"]
    assert _sorted(names) == ["Vũ Thị Hà", "Đỗ Thị Hải", "Phạm Thị Hằng", "Lê Thị Hân"]
    assert sorted(names) != _sorted(names)


def test_d_stroke_sits_between_d_and_e() -> None:
    # Code points put Đ (U+0110) after every Latin letter.
    names = ["Ngô Văn Em", "Bùi Văn Đạt", "Lý Văn Dũng"]
    assert _sorted(names) == ["Lý Văn Dũng", "Bùi Văn Đạt", "Ngô Văn Em"]


def test_o_and_u_families() -> None:
    assert _sorted(["Hợp", "Hồng", "Hoa"]) == ["Hoa", "Hồng", "Hợp"]
    assert _sorted(["Tư", "Tuấn", "Thương", "Thư", "Thu"]) == [
        "Thu",
        "Thư",
        "Thương",
        "Tuấn",
        "Tư",
    ]


def test_tones_only_break_ties_in_dictionary_order() -> None:
    # ngang < huyền < hỏi < ngã < sắc < nặng
    assert _sorted(["Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
    # A letter difference outweighs a tone: Ánh (a) before Ăn (ă).
    assert _sorted(["Ăn", "Ánh", "Anh"]) == ["Anh", "Ánh", "Ăn"]


def test_same_given_name_sorts_by_family_then_middle_name() -> None:
    names = ["Nguyễn Văn Hoa", "Nguyễn Thị Hoa", "Lê Văn Hoa", "Đặng Thị Hoa"]
    assert _sorted(names) == ["Đặng Thị Hoa", "Lê Văn Hoa", "Nguyễn Thị Hoa", "Nguyễn Văn Hoa"]


def test_case_spacing_and_tone_placement_do_not_matter() -> None:
    # "Hoà" (old placement) and "Hòa" (new) are the same name.
    assert vn_sort_key("Hoà")[0][:2] == vn_sort_key("Hòa")[0][:2]
    spaced, plain = vn_sort_key("  nguyễn   văn  an "), vn_sort_key("Nguyễn Văn An")
    assert spaced[0][:2] == plain[0][:2]
    assert [word[:2] for word in spaced[1]] == [word[:2] for word in plain[1]]
    assert _sorted(["", "An"]) == ["", "An"]
