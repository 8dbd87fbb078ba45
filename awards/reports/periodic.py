"""Sơ kết / tổng kết report figures as plain data, and their wording the seed 003 way.

"LĐLĐ tỉnh trình UBND tỉnh tặng Bằng khen cho 07 tập thể, 22 cá nhân; LĐLĐ tỉnh tặng Bằng khen
cho 10 tập thể, 72 cá nhân" — counts take two digits (07, 01), a zero side is left out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from awards.reports.programme import ProgrammeRollup, round_half_up
from notifications.vn import short_date

KIND_TITLES = {
    "so_ket": "Công tác thi đua, khen thưởng 6 tháng {half_word} năm {year}",
    "tong_ket": "Công tác thi đua, khen thưởng năm {year}",
}
DIRECT_BELOW = "trực tiếp dưới chỉ tiêu"
NON_LEADER_BELOW = "không giữ chức vụ dưới chỉ tiêu"


@dataclass(frozen=True)
class AwardCount:
    award_code: str
    phrase: str  # "Bằng khen", "danh hiệu Chiến sĩ thi đua cơ sở"
    collectives: int
    people: int


@dataclass(frozen=True)
class Proposal:
    authority: str  # "UBND tỉnh", "Tổng Liên đoàn"
    awards: tuple[AwardCount, ...]


@dataclass(frozen=True)
class AwardTier:
    """Awards of the level's units in the period, by who decided them."""

    tier: str  # here | below | above
    awards: tuple[AwardCount, ...]

    @property
    def total(self) -> int:
        return sum(a.collectives + a.people for a in self.awards)


TIER_WORDS = {
    "here": "do {level} quyết định",
    "below": "do công đoàn cấp dưới quyết định",
    "above": "do cấp trên, cơ quan nhà nước quyết định",
}
TIER_ORDER = tuple(TIER_WORDS)


@dataclass(frozen=True)
class UnitShare:
    unit_name: str
    proposed: int
    proposed_people: int
    proposed_direct: int
    proposed_non_leader: int
    awarded: int
    awarded_people: int
    awarded_direct: int
    awarded_non_leader: int
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverdueItem:
    code: str
    state_label: str
    due_on: date
    unit_name: str
    award_name: str


@dataclass(frozen=True)
class PeriodReport:
    kind: str  # so_ket | tong_ket
    year: int
    half: int | None
    start: date
    end: date
    level_name: str
    level_short: str  # "LĐLĐ tỉnh"
    by_state: tuple[tuple[str, str, int], ...]  # (state, label, count)
    decided: tuple[AwardCount, ...]
    proposed: tuple[Proposal, ...]
    units: tuple[UnitShare, ...]
    direct_target_pct: int
    non_leader_target_pct: int
    overdue_by_state: tuple[tuple[str, str, int], ...]
    overdue: tuple[OverdueItem, ...]
    programme: ProgrammeRollup | None = field(default=None, compare=False)
    # The "Được khen thưởng" column of the unit table, split by who decided (the text accounts
    # for every count the table shows).
    tiers: tuple[AwardTier, ...] = ()

    @property
    def title(self) -> str:
        half_word = "đầu" if self.half in (None, 1) else "cuối"
        return KIND_TITLES[self.kind].format(half_word=half_word, year=self.year)

    @property
    def period_text(self) -> str:
        return f"{short_date(self.start)} - {short_date(self.end)}"

    @property
    def dossier_total(self) -> int:
        return sum(n for _, _, n in self.by_state)


def two_digits(n: int) -> str:
    return f"{n:02d}"


def counted(collectives: int, people: int) -> str:
    """ "07 tập thể, 22 cá nhân"; a zero side is left out ("01 cá nhân")."""
    parts = [f"{two_digits(collectives)} tập thể"] if collectives else []
    parts += [f"{two_digits(people)} cá nhân"] if people else []
    return ", ".join(parts)


def decided_sentence(level_short: str, item: AwardCount) -> str:
    return f"{level_short} tặng {item.phrase} cho {counted(item.collectives, item.people)}"


def proposed_sentence(level_short: str, authority: str, item: AwardCount) -> str:
    return (
        f"{level_short} trình {authority} tặng {item.phrase} cho "
        f"{counted(item.collectives, item.people)}"
    )


def award_sentences(report: PeriodReport) -> list[str]:
    lines = [
        proposed_sentence(report.level_short, p.authority, a)
        for p in report.proposed
        for a in p.awards
    ]
    return lines + [decided_sentence(report.level_short, a) for a in report.decided]


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def accounting_sentence(report: PeriodReport) -> str:
    """How the unit table's "Được khen thưởng" total splits by who decided: "33 … gồm: 13 do
    LĐLĐ tỉnh quyết định (Bằng khen: 03 tập thể, 10 cá nhân); 20 do công đoàn cấp dưới …"."""
    total = sum(u.awarded for u in report.units)
    if not total:
        return "Trong kỳ, các đơn vị chưa có tập thể, cá nhân nào được khen thưởng."
    parts = []
    for tier in sorted(report.tiers, key=lambda t: TIER_ORDER.index(t.tier)):
        if not tier.total:
            continue
        detail = "; ".join(f"{a.phrase}: {counted(a.collectives, a.people)}" for a in tier.awards)
        who = TIER_WORDS[tier.tier].format(level=report.level_short)
        parts.append(f"{_vn(tier.total)} {who} ({detail})")
    return (
        f"Tổng số tập thể, cá nhân của các đơn vị được khen thưởng trong kỳ là {_vn(total)} "
        f"(cột “Được khen thưởng” của bảng kết quả theo đơn vị), gồm: {'; '.join(parts)}."
    )


def share(part: int, whole: int) -> int | None:
    """Whole percent, half up; None when there is nobody to count."""
    return round_half_up(100 * part, whole) if whole else None


def share_flags(
    people: int, direct: int, non_leader: int, direct_pct: int, non_leader_pct: int
) -> tuple[str, ...]:
    """Flags on the exact fraction (not the rounded percent), only where people were counted."""
    if not people:
        return ()
    flags = []
    if 100 * direct < direct_pct * people:
        flags.append(DIRECT_BELOW)
    if 100 * non_leader < non_leader_pct * people:
        flags.append(NON_LEADER_BELOW)
    return tuple(flags)


def to_json(report: PeriodReport) -> dict[str, Any]:
    """Plain JSON-able figures (dates as ISO strings), with the sentences and the shares."""
    data = asdict(report)
    data.pop("programme", None)
    data["start"], data["end"] = report.start.isoformat(), report.end.isoformat()
    data["title"] = report.title
    data["sentences"] = award_sentences(report)
    data["dossier_total"] = report.dossier_total
    data["accounting"] = accounting_sentence(report)
    for unit, raw in zip(report.units, data["units"], strict=True):
        raw["awarded_direct_pct"] = share(unit.awarded_direct, unit.awarded_people)
        raw["awarded_non_leader_pct"] = share(unit.awarded_non_leader, unit.awarded_people)
        raw["proposed_direct_pct"] = share(unit.proposed_direct, unit.proposed_people)
        raw["proposed_non_leader_pct"] = share(unit.proposed_non_leader, unit.proposed_people)
    for item in data["overdue"]:
        item["due_on"] = item["due_on"].isoformat()
    if report.programme is not None:
        data["programme"] = {
            "name": report.programme.programme.name,
            "rows": [
                {
                    "unit": r.unit_name,
                    "target": r.total.target,
                    "result": r.total.result,
                    "ratio": r.total.ratio,
                }
                for r in report.programme.rows
            ],
        }
    return data
