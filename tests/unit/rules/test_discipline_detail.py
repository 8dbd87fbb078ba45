"""TD03's explanation reads naturally whatever the discipline history (issue 18)."""

from __future__ import annotations

from datetime import date

import pytest

from rules.checks.td03_no_discipline import Params, evaluate
from rules.facts import DisciplinePeriod, NomineeFacts
from rules.helpers import Context


def _detail(periods: list[DisciplinePeriod], **params: int) -> tuple[bool, str]:
    facts = NomineeFacts(
        nominee_kind="ca_nhan", round_year=2025, award_code="CSTDCS", discipline=periods
    )
    result = evaluate(Context(facts), Params(**params))
    return result.passed, result.detail


@pytest.mark.parametrize(
    ("periods", "params", "expected"),
    [
        ([], {}, (True, "chưa từng bị kỷ luật")),
        ([], {"min_years_since_end": 2}, (True, "chưa từng bị kỷ luật")),
        (
            [DisciplinePeriod(level="khien_trach", start=date(2021, 3, 1), end=date(2022, 3, 1))],
            {},
            (True, "đã hết thời hạn kỷ luật được 3 năm"),
        ),
        (
            [DisciplinePeriod(level="canh_cao", start=date(2023, 3, 1), end=date(2024, 3, 1))],
            {"min_years_since_end": 2},
            (False, "hết kỷ luật được 1 năm (cần ít nhất 2 năm)"),
        ),
        (
            [DisciplinePeriod(level="canh_cao", start=date(2025, 1, 1), end=None)],
            {},
            (False, "đang trong thời hạn kỷ luật"),
        ),
    ],
)
def test_discipline_detail(
    periods: list[DisciplinePeriod], params: dict[str, int], expected: tuple[bool, str]
) -> None:
    assert _detail(periods, **params) == expected
