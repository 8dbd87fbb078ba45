"""Programme progress rollup: targets, results and ratios per unit and phase (seed 004's table).

Pure functions over plain data. A ratio is the whole percent ``round_half_up(100 * result /
target)`` (85.5 → 86, never banker's rounding) and is ``None`` (shown blank) where a unit has no
target or a zero target, like the seed's "Đơn vị phối hợp" row; such units rank last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from notifications.vn import vn_sort_key

EXCEEDED = "vượt chỉ tiêu"
BELOW_HALF = "dưới 50%"


@dataclass(frozen=True)
class Phase:
    code: str
    name: str  # "Giai đoạn 1"


@dataclass(frozen=True)
class Programme:
    name: str
    phases: tuple[Phase, ...]
    as_of: date | None = None  # the date the results are counted to


@dataclass(frozen=True)
class UnitTargets:
    unit_code: str
    unit_name: str
    targets: Mapping[str, int | None]  # phase code → target; missing or None: no target


@dataclass(frozen=True)
class ResultRecord:
    """One result (one sáng kiến) or a pre-counted batch of them."""

    unit_code: str
    phase: str
    count: int = 1


@dataclass(frozen=True)
class Cell:
    target: int | None
    result: int
    ratio: int | None


@dataclass(frozen=True)
class RollupRow:
    unit_code: str
    unit_name: str
    phases: tuple[Cell, ...]
    total: Cell
    flags: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ProgrammeRollup:
    programme: Programme
    rows: tuple[RollupRow, ...]  # ranked; the row number (TT) is the position + 1
    totals: RollupRow

    def flagged(self, flag: str) -> tuple[str, ...]:
        """Names of the units carrying a flag, in rank order."""
        return tuple(row.unit_name for row in self.rows if flag in row.flags)


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to a whole number, halves away from zero."""
    if denominator == 0:
        raise ZeroDivisionError("denominator is zero")
    with localcontext() as ctx:
        # Enough digits that a non-terminating quotient can never look like an exact half.
        ctx.prec = len(str(abs(numerator))) + len(str(abs(denominator))) + 10
        quotient = Decimal(numerator) / Decimal(denominator)
        return int(quotient.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ratio(result: int, target: int | None) -> int | None:
    """Whole percent of the target reached; ``None`` where there is no (or a zero) target."""
    if not target:
        return None
    return round_half_up(100 * result, target)


def make_cell(target: int | None, result: int) -> Cell:
    return Cell(target=target, result=result, ratio=ratio(result, target))


def sum_targets(targets: Iterable[int | None]) -> int | None:
    """Sum of the known targets; ``None`` only when no phase has a target at all."""
    known = [t for t in targets if t is not None]
    return sum(known) if known else None


def unit_name_key(name: str) -> tuple[object, ...]:
    """Vietnamese order of a unit name, word by word from the left (not a person's order)."""
    return tuple(vn_sort_key(word) for word in name.split())


def count_results(
    programme: Programme, units: Sequence[UnitTargets], records: Iterable[ResultRecord]
) -> dict[tuple[str, str], int]:
    """Results per (unit code, phase code); unknown units, phases or negative counts are errors."""
    unit_codes = {u.unit_code for u in units}
    phase_codes = {p.code for p in programme.phases}
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for record in records:
        if record.unit_code not in unit_codes:
            raise ValueError(f"Đơn vị không có trong danh sách: {record.unit_code!r}")
        if record.phase not in phase_codes:
            raise ValueError(f"Giai đoạn không có trong chương trình: {record.phase!r}")
        if record.count < 0:
            raise ValueError(f"Số lượng âm cho {record.unit_code!r}: {record.count}")
        counts[(record.unit_code, record.phase)] += record.count
    return counts


def _flags(total: Cell, exceeded_at: int, below: int) -> frozenset[str]:
    # Compare the exact fraction, not the rounded percent: 99.6% shows as 100 but is not ≥ 100%.
    if not total.target:
        return frozenset()
    flags: set[str] = set()
    if 100 * total.result >= exceeded_at * total.target:
        flags.add(EXCEEDED)
    if 100 * total.result < below * total.target:
        flags.add(BELOW_HALF)
    return frozenset(flags)


def _unit_row(
    programme: Programme, unit: UnitTargets, counts: Mapping[tuple[str, str], int]
) -> RollupRow:
    cells = tuple(
        make_cell(unit.targets.get(p.code), counts.get((unit.unit_code, p.code), 0))
        for p in programme.phases
    )
    total = make_cell(sum_targets(c.target for c in cells), sum(c.result for c in cells))
    return RollupRow(unit.unit_code, unit.unit_name, cells, total)


def _rank_key(row: RollupRow) -> tuple[bool, int, tuple[object, ...]]:
    # Units without a ratio go last; ties are broken by the unit name in Vietnamese order.
    ratio_value = row.total.ratio
    return ratio_value is None, -(ratio_value or 0), unit_name_key(row.unit_name)


def totals_row(programme: Programme, rows: Sequence[RollupRow], label: str = "Tổng") -> RollupRow:
    """Column sums; its ratios are those of the sums, not an average of the unit ratios."""
    cells = tuple(
        make_cell(
            sum_targets(r.phases[i].target for r in rows), sum(r.phases[i].result for r in rows)
        )
        for i in range(len(programme.phases))
    )
    total = make_cell(sum_targets(r.total.target for r in rows), sum(r.total.result for r in rows))
    return RollupRow("", label, cells, total)


def rollup(
    programme: Programme,
    units: Sequence[UnitTargets],
    records: Iterable[ResultRecord],
    *,
    exceeded_at: int = 100,
    below: int = 50,
) -> ProgrammeRollup:
    """One row per unit, ranked by total ratio (descending), plus the totals row.

    Units reaching ``exceeded_at`` % of the whole programme are flagged ``EXCEEDED``, units under
    ``below`` % ``BELOW_HALF``; units without a target carry no flag.
    """
    counts = count_results(programme, units, records)
    rows = [_unit_row(programme, unit, counts) for unit in units]
    rows = [replace(row, flags=_flags(row.total, exceeded_at, below)) for row in rows]
    rows.sort(key=_rank_key)
    return ProgrammeRollup(programme, tuple(rows), totals_row(programme, rows))
