"""Document numbers: format, parse, and the next number of a register (restart each year)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from awards.reports.numbering import (
    ALL_KINDS,
    format_number,
    next_number,
    number_line,
    parse_number,
)


@pytest.mark.parametrize(
    "no, kind, expected",
    [
        (714, "BC", "714/BC-LĐLĐ"),
        (1, "KH", "01/KH-LĐLĐ"),
        (8, "PĐTĐ", "08/PĐTĐ-LĐLĐ"),
        (1070, None, "1070/LĐLĐ"),
    ],
)
def test_format_number(no: int, kind: str | None, expected: str) -> None:
    assert format_number(no, kind, "LĐLĐ") == expected


def test_number_line_and_draft() -> None:
    assert number_line(714, "BC", "LĐLĐ") == "Số: 714/BC-LĐLĐ"
    assert number_line(None, "BC", "LĐLĐ") == "Số:     /BC-LĐLĐ"


def test_number_zero_is_rejected() -> None:
    with pytest.raises(ValueError, match="từ 01"):
        format_number(0, "BC", "LĐLĐ")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Số: 714/BC-LĐLĐ", (714, "BC", "LĐLĐ")),
        ("141/KH-LĐLĐ", (141, "KH", "LĐLĐ")),
        ("1070/LĐLĐ", (1070, None, "LĐLĐ")),
        ("89/KH-TLĐ", (89, "KH", "TLĐ")),
    ],
)
def test_parse_number(text: str, expected: tuple[int, str | None, str]) -> None:
    assert parse_number(text) == expected


def test_parse_number_rejects_garbage() -> None:
    with pytest.raises(ValueError, match="Không đọc được"):
        parse_number("BC-LĐLĐ")


def test_next_number_continues_and_restarts_on_new_year() -> None:
    register = {("LĐLĐ", "BC", 2023): 714, ("LĐLĐ", "KH", 2023): 448}
    assert next_number(register, "LĐLĐ", "BC", 2023) == 715
    assert next_number(register, "LĐLĐ", "KH", 2023) == 449
    assert next_number(register, "LĐLĐ", "BC", 2024) == 1
    assert next_number(register, "LĐLĐ", "TTr", 2023) == 1
    assert format_number(next_number(register, "LĐLĐ", "BC", 2024), "BC", "LĐLĐ") == "01/BC-LĐLĐ"


def test_shared_register_numbers_all_kinds_in_one_sequence() -> None:
    register = {("LĐLĐ", ALL_KINDS, 2023): 713}
    assert next_number(register, "LĐLĐ", ALL_KINDS, 2023) == 714


@given(st.lists(st.sampled_from(["BC", "KH", "TTr"]), max_size=60), st.integers(2020, 2030))
def test_issuing_in_sequence_never_repeats_within_a_year(kinds: list[str], year: int) -> None:
    register: dict[tuple[str, str, int], int] = {}
    issued: set[tuple[str, int]] = set()
    for kind in kinds:
        no = next_number(register, "LĐLĐ", kind, year)
        assert (kind, no) not in issued
        issued.add((kind, no))
        register[("LĐLĐ", kind, year)] = no
    assert all(next_number(register, "LĐLĐ", k, year + 1) == 1 for k in kinds)
