"""Council arithmetic: quorum and voting thresholds as exact fractions (no floats at the boundary).

The figures are policy data (a policy's ``council`` section, else ``council.yaml`` of the pack);
this module only reads them and counts. A threshold is "yes over denominator ≥ share" (or "> share"
for a simple majority), where the denominator is the total membership, those taking part, or the
votes cast. Those taking part are the members present (in person or by substitute) plus, where the
rule lets them count, absent members who gave a written opinion; written opinions never make a
quorum.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import Any, Literal

from rules.compiled import PolicySet
from rules.facts import NomineeKind
from rules.policy import Council

Ballot = Literal["open", "secret"]
Denominator = Literal["present", "total", "cast"]
Comparison = Literal["at_least", "more_than"]

DENOMINATOR_LABEL: dict[str, str] = {
    "total": "tổng số thành viên Hội đồng",
    "present": "số thành viên tham gia biểu quyết",
    "cast": "số phiếu biểu quyết",
}
BALLOT_LABEL: dict[str, str] = {"open": "biểu quyết công khai", "secret": "bỏ phiếu kín"}


def share(value: float | str) -> Fraction:
    """ "9/10" or 0.9 as written in YAML → Fraction(9, 10), exactly."""
    return Fraction(value) if isinstance(value, str) else Fraction(str(value))


def percent(value: Fraction) -> str:
    """Fraction(9, 10) → "90%"; Fraction(2, 3) → "66,67%" (Vietnamese decimal comma)."""
    shown = f"{float(value * 100):.2f}".rstrip("0").rstrip(".")
    return shown.replace(".", ",") + "%"


@dataclass(frozen=True)
class CouncilRule:
    """One award's voting rule, resolved and exact; ``source`` names the policy it came from."""

    quorum: Fraction
    ballot: Ballot
    threshold: Fraction
    comparison: Comparison
    denominator: Denominator
    written_opinions_count: bool
    status: str
    legal_basis: str
    source: str

    @classmethod
    def of(cls, spec: Council, source: str) -> CouncilRule:
        return cls(
            quorum=Fraction(spec.quorum),
            ballot=spec.ballot,
            threshold=share(spec.threshold),
            comparison=spec.comparison,
            denominator=spec.denominator,
            written_opinions_count=spec.written_opinions_allowed,
            status=spec.status,
            legal_basis=spec.legal_basis,
            source=source,
        )

    def terms(self) -> str:
        """ "Bỏ phiếu kín; đạt khi số phiếu đồng ý từ 90% tổng số thành viên Hội đồng trở lên;
        có mặt tối thiểu 66,67% thành viên": the rule alone, as an official document states it."""
        share_text = percent(self.threshold)
        bound = f"trên {share_text}" if self.comparison == "more_than" else f"từ {share_text}"
        tail = "" if self.comparison == "more_than" else " trở lên"
        return (
            f"{BALLOT_LABEL[self.ballot].capitalize()}; đạt khi số phiếu đồng ý {bound} "
            f"{DENOMINATOR_LABEL[self.denominator]}{tail}; có mặt tối thiểu {percent(self.quorum)}"
            " thành viên"
        )

    def describe(self) -> str:
        """The terms with their status tag and research note, for rule authors' screens."""
        return f"{self.terms()} [{self.status}: {self.legal_basis}]"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("quorum", "threshold"):
            data[name] = f"{data[name].numerator}/{data[name].denominator}"
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CouncilRule:
        return cls(
            **{**data, "quorum": Fraction(data["quorum"]), "threshold": Fraction(data["threshold"])}
        )


class NoCouncilRule(LookupError):
    """Neither the award's policy nor the pack's council.yaml gives a council rule."""


def council_rule(
    policy_set: PolicySet, award_code: str, nominee_kind: NomineeKind, on: date
) -> CouncilRule:
    """The rule of the policy in force for the award (its ``council`` section), else the default."""
    for policy in policy_set.policies:
        target = policy.spec.applies_to
        if (
            award_code in target.award_codes
            and nominee_kind in target.nominee_kinds
            and policy.spec.in_force(on)
            and policy.spec.council is not None
        ):
            return CouncilRule.of(policy.spec.council, policy.key)
    default = policy_set.council_default
    if default is None:
        raise NoCouncilRule(
            f"Không có quy tắc biểu quyết cho {award_code} ({nominee_kind}) ngày {on:%d/%m/%Y}: "
            "thêm mục 'council' vào policy.yaml của hình thức này hoặc tệp council.yaml của bộ "
            "quy tắc."
        )
    return CouncilRule.of(default.spec.council, default.key)


@dataclass(frozen=True)
class Tally:
    """What a vote on one dossier came to; a secret ballot stores exactly this and no more."""

    members: int  # the council's membership on the day of the session
    present: int  # in person or by a substitute
    written: int  # absent members with a written opinion (counted only if the rule says so)
    yes: int
    no: int

    @property
    def cast(self) -> int:
        return self.yes + self.no


def quorum_needed(rule: CouncilRule, members: int) -> int:
    """The fewest members present that make the quorum: ceil(quorum × members)."""
    return math.ceil(rule.quorum * members)


def quorum_met(rule: CouncilRule, members: int, present: int) -> bool:
    return members > 0 and present >= quorum_needed(rule, members)


def denominator_of(rule: CouncilRule, tally: Tally) -> int:
    if rule.denominator == "total":
        return tally.members
    if rule.denominator == "cast":
        return tally.cast
    return tally.present + (tally.written if rule.written_opinions_count else 0)


def yes_needed(rule: CouncilRule, denominator: int) -> int:
    """The fewest yes votes that pass over ``denominator`` (≥ share, or > share)."""
    product = rule.threshold * denominator
    if rule.comparison == "more_than":
        return math.floor(product) + 1
    return math.ceil(product)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    quorum_ok: bool
    denominator: int
    needed: int
    reason: str  # Vietnamese, for the minutes and the unit


def judge(rule: CouncilRule, tally: Tally) -> Verdict:
    """Whether the dossier passes, with the figures the minutes print."""
    if not quorum_met(rule, tally.members, tally.present):
        need = quorum_needed(rule, tally.members)
        return Verdict(
            False,
            False,
            0,
            0,
            f"Không đủ số thành viên dự họp: có mặt {tally.present}/{tally.members}, cần ít nhất "
            f"{need} ({percent(rule.quorum)}).",
        )
    denominator = denominator_of(rule, tally)
    needed = yes_needed(rule, denominator)
    passed = denominator > 0 and tally.yes >= needed
    what = DENOMINATOR_LABEL[rule.denominator]
    figures = (
        f"{tally.yes}/{denominator} phiếu đồng ý ({what}), cần ít nhất {needed} "
        f"({'trên' if rule.comparison == 'more_than' else 'từ'} {percent(rule.threshold)})"
    )
    reason = f"Đạt: {figures}." if passed else f"Không đạt tỷ lệ phiếu đồng ý: {figures}."
    return Verdict(passed, True, denominator, needed, reason)
