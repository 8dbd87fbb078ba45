"""Prize money (tiền thưởng): the award's coefficient × the lương cơ sở on the decision date.

Both are policy data of the pack (``prizes.yaml`` beside ``council.yaml``), each entry dated and
with its legal basis and status: the coefficients of NĐ 152/2025 are still to be checked against
the official text and a federation's own Quy chế sets those of the union's awards. This module
only reads them and computes, exactly (Decimal), rounding up to the step the policy names.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from pydantic import BaseModel, Field, model_validator

from rules.diagnostics import read_model
from rules.errors import Problem
from rules.facts import NomineeKind
from rules.policy import _STRICT, IDENT, SEMVER, Status

PRIZES_FILE = "prizes.yaml"


class _Dated(BaseModel):
    model_config = _STRICT
    effective_from: date
    effective_to: date | None = None
    status: Status
    legal_basis: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> _Dated:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to phải sau effective_from")
        return self

    def covers(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


class BaseSalary(_Dated):
    """Mức lương cơ sở (đồng/tháng) from a date."""

    amount_vnd: int = Field(gt=0)


class Rate(_Dated):
    """The coefficient of one award for one kind of nominee, from a date."""

    award_code: str = Field(min_length=1)
    nominee_kind: NomineeKind
    coefficient: Decimal = Field(ge=0)


class PrizeSpec(BaseModel):
    """``prizes.yaml`` as written."""

    model_config = _STRICT
    id: str = Field(pattern=IDENT)
    version: str = Field(pattern=SEMVER)
    title: str = Field(min_length=1)
    round_up_to_vnd: int = Field(gt=0, description="Làm tròn lên (đồng), ví dụ 10000.")
    rounding_status: Status
    rounding_basis: str = Field(min_length=1)
    base_salary: tuple[BaseSalary, ...] = Field(min_length=1)
    rates: tuple[Rate, ...]


@dataclass(frozen=True)
class PrizeAmount:
    """What one awardee receives, with how it was computed (stored with the decision)."""

    award_code: str
    nominee_kind: str
    coefficient: Decimal
    base_salary_vnd: int
    amount_vnd: int
    basis: str
    base_salary_basis: str

    def describe(self) -> str:
        """ "1,5 × 2.340.000 đồng = 3.510.000 đồng" (Vietnamese separators)."""
        coef = format(self.coefficient.normalize(), "f").replace(".", ",")
        return f"{coef} × {vnd(self.base_salary_vnd)} = {vnd(self.amount_vnd)}"


def vnd(amount: int) -> str:
    """2300000 → "2.300.000 đồng"."""
    return f"{amount:,}".replace(",", ".") + " đồng"


@dataclass(frozen=True)
class PrizeSchedule:
    spec: PrizeSpec
    source: str
    fingerprint: str

    @property
    def key(self) -> str:
        return f"{self.spec.id}@{self.spec.version}"

    def base_salary_on(self, on: date) -> BaseSalary | None:
        return next((s for s in self.spec.base_salary if s.covers(on)), None)

    def rate_of(self, award_code: str, nominee_kind: str, on: date) -> Rate | None:
        return next(
            (
                r
                for r in self.spec.rates
                if r.award_code == award_code and r.nominee_kind == nominee_kind and r.covers(on)
            ),
            None,
        )

    def amount(self, award_code: str, nominee_kind: str, on: date) -> PrizeAmount | None:
        """The prize of an award decided on `on`; None when no rate or base salary covers it."""
        rate = self.rate_of(award_code, nominee_kind, on)
        salary = self.base_salary_on(on)
        if rate is None or salary is None:
            return None
        step = self.spec.round_up_to_vnd
        exact = rate.coefficient * salary.amount_vnd
        amount = math.ceil(exact / step) * step
        return PrizeAmount(
            award_code,
            nominee_kind,
            rate.coefficient,
            salary.amount_vnd,
            int(amount),
            rate.legal_basis,
            salary.legal_basis,
        )


def load_prize_schedule(path: Path, problems: list[Problem]) -> PrizeSchedule | None:
    """The pack's prize schedule; an absent file means no prize is computed (and says so)."""
    if not path.exists():
        return None
    read = read_model(path, PrizeSpec, problems)
    if read is None:
        return None
    problems.extend(_overlaps(read.spec, read.file, read.lines))
    return PrizeSchedule(read.spec, read.file, read.fingerprint)


def _overlaps(spec: PrizeSpec, file: str, lines: dict[tuple[str | int, ...], int]) -> list[Problem]:
    """Two entries in force on the same day for the same thing make the amount ambiguous."""
    found: list[Problem] = []

    def clash(a: _Dated, b: _Dated) -> bool:
        a_end, b_end = a.effective_to or date.max, b.effective_to or date.max
        return a.effective_from <= b_end and b.effective_from <= a_end

    salaries = spec.base_salary
    for i, s in enumerate(salaries):
        for j in range(i + 1, len(salaries)):
            if clash(s, salaries[j]):
                found.append(
                    Problem(
                        file,
                        lines.get(("base_salary", j)),
                        f"base_salary[{j}]",
                        f"trùng thời gian hiệu lực với base_salary[{i}]",
                        "mỗi ngày chỉ một mức lương cơ sở (đặt effective_to cho mức cũ)",
                    )
                )
    rates = spec.rates
    for i, a in enumerate(rates):
        for j in range(i + 1, len(rates)):
            b = rates[j]
            if (a.award_code, a.nominee_kind) == (b.award_code, b.nominee_kind) and clash(a, b):
                found.append(
                    Problem(
                        file,
                        lines.get(("rates", j)),
                        f"rates[{j}]",
                        f"trùng thời gian hiệu lực với rates[{i}] ({a.award_code}, "
                        f"{a.nominee_kind})",
                        "mỗi hình thức × đối tượng chỉ một hệ số mỗi ngày",
                    )
                )
    return found
