"""Giao ước thi đua of a cụm / khối: scored criteria with weights, deductions, tie-breaks.

Policy data of the pack (``clusters/<id>.yaml``), each file one dated version with its legal
basis and status, and examples (a set of scores with the expected total and rank of each member)
that the loader runs, so a wrong weight or tie-break is a located problem, not a wrong ranking.
Pure: the services read the scores, this module totals and ranks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from rules.diagnostics import read_model
from rules.errors import Problem
from rules.policy import _STRICT, IDENT, SEMVER, Status

CLUSTERS_DIR = "clusters"
CODE = r"^[a-z0-9]+(_[a-z0-9]+)*$"
FEWER_DEDUCTIONS = "fewer_deductions"
HIGHER_SELF_TOTAL = "higher_self_total"
CENT = Decimal("0.01")

Points = Mapping[str, Decimal]  # criterion or deduction code → points


class Criterion(BaseModel):
    model_config = _STRICT
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    max_points: Decimal = Field(gt=0)
    weight: Decimal = Field(default=Decimal(1), gt=0)


class Deduction(BaseModel):
    """Điểm trừ (late reports, violations…): subtracted from the weighted total."""

    model_config = _STRICT
    code: str = Field(pattern=CODE)
    name: str = Field(min_length=1)
    max_points: Decimal = Field(gt=0)


class Proposal(BaseModel):
    """The award the cluster proposes for the members ranked ``rank_from``…``rank_to``."""

    model_config = _STRICT
    rank_from: int = Field(ge=1)
    rank_to: int = Field(ge=1)
    award_code: str = Field(min_length=1)


class ExpectedStanding(BaseModel):
    model_config = _STRICT
    unit: str = Field(min_length=1)
    total: Decimal
    rank: int = Field(ge=1)


class CompactExample(BaseModel):
    model_config = _STRICT
    name: str = Field(min_length=1)
    assessed: dict[str, dict[str, Decimal]]
    self_scores: dict[str, dict[str, Decimal]] = Field(default_factory=dict)
    expect: tuple[ExpectedStanding, ...] = Field(min_length=1)


class CompactSpec(BaseModel):
    """One version of a cluster's giao ước thi đua, as written."""

    model_config = _STRICT
    id: str = Field(pattern=IDENT)
    version: str = Field(pattern=SEMVER)
    title: str = Field(min_length=1)
    kind: Literal["cum", "khoi"]
    effective_from: date
    effective_to: date | None = None
    status: Status
    legal_basis: str = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    deductions: tuple[Deduction, ...] = ()
    tie_breaks: tuple[str, ...] = Field(
        default=(),
        description="criterion:<code> (higher assessed points), fewer_deductions, "
        "higher_self_total; applied in order when totals are equal",
    )
    proposals: tuple[Proposal, ...] = ()
    examples: tuple[CompactExample, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CompactSpec:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to phải sau effective_from")
        codes = [c.code for c in self.criteria] + [d.code for d in self.deductions]
        if len(set(codes)) != len(codes):
            raise ValueError("mã tiêu chí và mã điểm trừ phải khác nhau")
        for rule in self.tie_breaks:
            known = rule in (FEWER_DEDUCTIONS, HIGHER_SELF_TOTAL) or (
                rule.startswith("criterion:") and rule[10:] in codes[: len(self.criteria)]
            )
            if not known:
                raise ValueError(
                    f"tie_breaks '{rule}' không hợp lệ: dùng criterion:<mã tiêu chí>, "
                    f"{FEWER_DEDUCTIONS} hoặc {HIGHER_SELF_TOTAL}"
                )
        for p in self.proposals:
            if p.rank_to < p.rank_from:
                raise ValueError("proposals: rank_to phải không nhỏ hơn rank_from")
        return self


@dataclass(frozen=True)
class Standing:
    """One member's place: weighted total of the assessed points, deductions, and rank."""

    unit: str
    total: Decimal
    deductions: Decimal
    self_total: Decimal | None
    rank: int


@dataclass(frozen=True)
class Compact:
    spec: CompactSpec
    source: str
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"

    def covers(self, on: date) -> bool:
        s = self.spec
        return s.effective_from <= on and (s.effective_to is None or on <= s.effective_to)

    @property
    def items(self) -> list[Criterion | Deduction]:
        """The criteria, then the deductions (what a score sheet lists)."""
        return [*self.spec.criteria, *self.spec.deductions]

    def item(self, code: str) -> Criterion | Deduction | None:
        return next((x for x in self.items if x.code == code), None)

    def check_points(self, code: str, points: Decimal) -> str | None:
        """Why `points` cannot be given for `code` (a Vietnamese reason), or None."""
        found = self.item(code)
        if found is None:
            names = ", ".join(x.code for x in self.items)
            return f"giao ước {self.spec.title} không có tiêu chí mã '{code}' (có: {names})"
        if not points.is_finite() or points < 0 or points > found.max_points:
            shown = number(points) if points.is_finite() else str(points)
            return (
                f"điểm của «{found.name}» phải từ 0 đến {number(found.max_points)}, "
                f"không phải {shown}"
            )
        if points != points.quantize(CENT):
            return f"điểm của «{found.name}» chỉ lấy đến hai chữ số thập phân ({points})"
        return None

    def deducted(self, points: Points) -> Decimal:
        return sum((points.get(d.code, Decimal(0)) for d in self.spec.deductions), Decimal(0))

    def total(self, points: Points) -> Decimal:
        """Σ points × weight of the criteria, minus the deductions, to the cent."""
        gained = sum(
            (points.get(c.code, Decimal(0)) * c.weight for c in self.spec.criteria), Decimal(0)
        )
        return (gained - self.deducted(points)).quantize(CENT)

    def rank(
        self, assessed: Mapping[str, Points], self_scores: Mapping[str, Points]
    ) -> list[Standing]:
        """Members ranked on the assessed total; ties broken by the policy, then shared."""

        def key(unit: str) -> tuple[Decimal, ...]:
            points = assessed[unit]
            keys = [-self.total(points)]
            for rule in self.spec.tie_breaks:
                if rule == FEWER_DEDUCTIONS:
                    keys.append(self.deducted(points))
                elif rule == HIGHER_SELF_TOTAL:
                    own = self_scores.get(unit)
                    keys.append(-self.total(own) if own else Decimal(0))
                else:
                    keys.append(-points.get(rule[10:], Decimal(0)))
            return tuple(keys)

        ordered = sorted(assessed, key=lambda u: (key(u), u))
        standings: list[Standing] = []
        for place, unit in enumerate(ordered, start=1):
            tied = standings and key(standings[-1].unit) == key(unit)
            own = self_scores.get(unit)
            standings.append(
                Standing(
                    unit,
                    self.total(assessed[unit]),
                    self.deducted(assessed[unit]),
                    self.total(own) if own else None,
                    standings[-1].rank if tied else place,
                )
            )
        return standings

    def tie_break_labels(self) -> list[str]:
        """The tie-breaks as a person reads them, in order."""
        names = {c.code: c.name for c in self.spec.criteria}
        labels = {FEWER_DEDUCTIONS: "ít điểm trừ hơn", HIGHER_SELF_TOTAL: "điểm tự chấm cao hơn"}
        return [
            labels.get(t) or f"điểm «{names.get(t[10:], t[10:])}» cao hơn"
            for t in self.spec.tie_breaks
        ]

    def award_for(self, rank: int) -> str | None:
        return next(
            (p.award_code for p in self.spec.proposals if p.rank_from <= rank <= p.rank_to), None
        )


def number(value: Decimal) -> str:
    """27.50 → "27,5", 1234.5 → "1.234,5" (Vietnamese separators, no trailing zeros)."""
    q = value.quantize(CENT)
    whole, frac = f"{abs(q):,.2f}".split(".")
    frac = frac.rstrip("0")
    return ("-" if q < 0 else "") + whole.replace(",", ".") + ("," + frac if frac else "")


def example_problems(compact: Compact, lines: Mapping[tuple[str | int, ...], int]) -> list[Problem]:
    """Each example's expected totals and ranks against what the giao ước computes."""
    found: list[Problem] = []
    for i, ex in enumerate(compact.spec.examples):
        got = {s.unit: s for s in compact.rank(ex.assessed, ex.self_scores)}
        for j, want in enumerate(ex.expect):
            have = got.get(want.unit)
            if have is None or have.total != want.total.quantize(CENT) or have.rank != want.rank:
                seen = f"tổng {number(have.total)}, hạng {have.rank}" if have else "không có"
                found.append(
                    Problem(
                        compact.source,
                        lines.get(("examples", i, "expect", j)) or lines.get(("examples", i)),
                        f"examples[{i}].expect[{j}]",
                        f"ví dụ «{ex.name}»: {want.unit} tính được {seen}",
                        f"tổng {number(want.total)}, hạng {want.rank}",
                    )
                )
        for unit, points in (*ex.assessed.items(), *ex.self_scores.items()):
            for code, value in points.items():
                reason = compact.check_points(code, value)
                if reason:
                    found.append(
                        Problem(
                            compact.source,
                            lines.get(("examples", i)),
                            f"examples[{i}]",
                            f"ví dụ «{ex.name}», {unit}: {reason}",
                        )
                    )
    return found


def load_compact(path: Path, problems: list[Problem]) -> Compact | None:
    read = read_model(path, CompactSpec, problems)
    if read is None:
        return None
    compact = Compact(read.spec, read.file, read.fingerprint)
    problems.extend(example_problems(compact, read.lines))
    return compact


def load_compacts(folder: Path, problems: list[Problem]) -> tuple[Compact, ...]:
    """Every giao ước of the pack; two versions of one id in force on the same day clash."""
    if not folder.is_dir():
        return ()
    found = [c for p in sorted(folder.glob("*.yaml")) if (c := load_compact(p, problems))]
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            a_end = a.spec.effective_to or date.max
            b_end = b.spec.effective_to or date.max
            if (
                a.spec.id == b.spec.id
                and a.spec.effective_from <= b_end
                and b.spec.effective_from <= a_end
            ):
                problems.append(
                    Problem(
                        b.source,
                        None,
                        "effective_from",
                        f"giao ước {b.key} trùng thời gian hiệu lực với {a.key}",
                        "đặt effective_to cho phiên bản cũ",
                    )
                )
    return tuple(found)


def compact_in_force(compacts: tuple[Compact, ...], compact_id: str, on: date) -> Compact | None:
    return next((c for c in compacts if c.spec.id == compact_id and c.covers(on)), None)
