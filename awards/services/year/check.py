"""`tdkt year check YEAR --level L`: every inconsistency in a level's year, each with its fix.

What it checks today: every decision has its number; every awardee is on a prize list (or the
award has no rate in the pack's prize schedule); every prize the level paid is a line of its fund
ledger; the ledger's chain is intact; every title registered (đăng ký thi đua) by a unit of the
level was achieved, recorded as not achieved, or withdrawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards.repository import UnitOfWorkFactory
from awards.services.prizes.fund import verify_fund_chain
from awards.services.registrations.views import RegistrationLine, lines_in
from rules.prizes import vnd


@dataclass(frozen=True)
class Finding:
    where: str  # a dossier code, a decision number or the ledger
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"{self.where}: {self.problem}. Cách sửa: {self.fix}"


def year_check(uow_factory: UnitOfWorkFactory, level_code: str, year: int) -> list[Finding]:
    end = date(year, 12, 31)
    with uow_factory(write=False) as uow:
        unit = uow.org.by_code(level_code, end)
        decided = uow.prizes.decided_in_year(unit.id, year)
        unpaid = set(uow.prizes.awarded_without_prize([d.id for d in decided]))
        unledgered = uow.prizes.unledgered_decisions(unit.id, year)
        within = uow.org.descendant_ids(unit.id, end)
        registered = lines_in(uow, uow.registrations.rounds_of_year(year), within)
    findings = [
        Finding(
            d.code,
            "đã khen thưởng nhưng không có số quyết định",
            "ghi số quyết định (tdkt dossier show để xem lịch sử)",
        )
        for d in decided
        if not d.decision_no
    ]
    findings += [
        Finding(
            d.code,
            f"không có trong danh sách chi tiền thưởng ({d.award_code})",
            "khai báo mức thưởng của hình thức này trong bộ chính sách (prizes.yaml) "
            "hoặc ghi rõ hình thức không kèm tiền thưởng",
        )
        for d in decided
        if d.id in unpaid
    ]
    findings += [
        Finding(
            f"Quyết định số {decision}",
            f"tiền thưởng {vnd(paid)}, sổ quỹ ghi chi {vnd(booked)}",
            "đối chiếu danh sách chi tiền thưởng với sổ quỹ; ghi phần chênh lệch bằng tdkt fund",
        )
        for decision, paid, booked in unledgered
    ]
    findings += [_open_registration(x) for x in registered if x.outcome in _OPEN]
    findings += [
        Finding(
            f"Sổ quỹ {unit.name}", problem, "đối chiếu với chứng từ gốc; không sửa sổ trực tiếp"
        )
        for problem in verify_fund_chain(uow_factory, level_code, end)
    ]
    return findings


_OPEN = {"pending": "hồ sơ còn đang xét", "not_proposed": "chưa lập hồ sơ đề nghị"}


def _open_registration(x: RegistrationLine) -> Finding:
    return Finding(
        f"Đăng ký số {x.id} ({x.round_code})",
        f"{x.nominee_name} ({x.unit_name}) đăng ký {x.award_name}: chưa đạt, chưa ghi nhận "
        f"không đạt, chưa rút đăng ký ({_OPEN[x.outcome]})",
        "kết thúc hồ sơ của đối tượng trong năm, hoặc ghi nhận không đạt "
        f"(tdkt registration not-achieved {x.id} --reason …), hoặc rút đăng ký "
        f"(tdkt registration withdraw {x.id} --reason …)",
    )
