"""Data cleaning: does a transcribed rollup table add up?

A table typed in or OCR'd from a scan (seed 004) is checked three ways: each row's phases sum to
its total, each ratio is ``round_half_up(100 * result / target)``, and each column sums to the
totals row. Every mismatch is reported, so a misread digit shows up in a row and in a column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from awards.reports.programme import Cell, RollupRow, ratio, sum_targets

TOTALS = 0  # the row number reported for the totals row


@dataclass(frozen=True)
class Discrepancy:
    row: int  # 1-based row number (TT); TOTALS for the totals row
    unit_name: str
    column: str
    expected: int | None
    found: int | None

    def __str__(self) -> str:
        where = "Dòng tổng" if self.row == TOTALS else f"Dòng {self.row}"
        return (
            f"{where} ({self.unit_name}), {self.column}: "
            f"tính được {_show(self.expected)}, bảng ghi {_show(self.found)}"
        )


def _show(value: int | None) -> str:
    return "trống" if value is None else str(value)


def _phase_figure(index: int, attribute: str) -> Callable[[RollupRow], int | None]:
    def getter(row: RollupRow) -> int | None:
        value: int | None = getattr(row.phases[index], attribute)
        return value

    return getter


def _columns(phase_names: Sequence[str]) -> list[tuple[str, Callable[[RollupRow], int | None]]]:
    """(column label, getter) for every figure of a row, in the table's order."""
    columns: list[tuple[str, Callable[[RollupRow], int | None]]] = [
        ("chỉ tiêu cả chương trình", lambda r: r.total.target)
    ]
    for i, name in enumerate(phase_names):
        columns += [
            (f"{name} - chỉ tiêu", _phase_figure(i, "target")),
            (f"{name} - kết quả", _phase_figure(i, "result")),
            (f"{name} - tỷ lệ %", _phase_figure(i, "ratio")),
        ]
    columns += [
        ("tổng kết quả", lambda r: r.total.result),
        ("tỷ lệ % cả chương trình", lambda r: r.total.ratio),
    ]
    return columns


def _check_cell(cell: Cell, label: str) -> Iterable[tuple[str, int | None, int | None]]:
    expected = ratio(cell.result, cell.target)
    if expected != cell.ratio:
        yield f"{label} - tỷ lệ %", expected, cell.ratio


def check_row(
    row: RollupRow, phase_names: Sequence[str]
) -> list[tuple[str, int | None, int | None]]:
    """(column, expected, found) for each figure of one row that does not reconcile."""
    problems: list[tuple[str, int | None, int | None]] = []
    target_sum = sum_targets(c.target for c in row.phases)
    if (target_sum or 0) != (row.total.target or 0):
        problems.append(("chỉ tiêu cả chương trình", target_sum, row.total.target))
    result_sum = sum(c.result for c in row.phases)
    if result_sum != row.total.result:
        problems.append(("tổng kết quả", result_sum, row.total.result))
    for cell, name in zip(row.phases, phase_names, strict=True):
        problems += _check_cell(cell, name)
    problems += _check_cell(row.total, "cả chương trình")
    return problems


def check_table(
    rows: Sequence[RollupRow], totals: RollupRow, phase_names: Sequence[str]
) -> list[Discrepancy]:
    """Every figure of the table that does not reconcile, rows first, then the totals row."""
    found: list[Discrepancy] = []
    for number, row in enumerate(rows, start=1):
        for column, expected, value in check_row(row, phase_names):
            found.append(Discrepancy(number, row.unit_name, column, expected, value))
    for column, getter in _columns(phase_names):
        if "tỷ lệ" in column:
            continue  # the totals' ratios are checked below, from the totals' own figures
        column_sum = sum((getter(r) or 0) for r in rows)
        if column_sum != (getter(totals) or 0):
            found.append(Discrepancy(TOTALS, totals.unit_name, column, column_sum, getter(totals)))
    for column, expected, value in check_row(totals, phase_names):
        found.append(Discrepancy(TOTALS, totals.unit_name, column, expected, value))
    return found
