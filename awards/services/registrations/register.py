"""Đăng ký thi đua: a unit registers, at the start of the year, the titles its members and
collectives will strive for; the organiser sets the registration period of the round.

The period is the round's phase named "Đăng ký thi đua" (set with the round or by
`set_period`); without one, registrations are taken while the round is open. Every change is one
transaction with its round_event row (the round's trail). Whether a registered title was
achieved is read from the year's dossiers (`outcome`), so nothing has to be kept in step.
The same checks serve one registration (form, CLI, API) and every row of an import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from awards.errors import AwardsError, NotFoundError, ValidationError
from awards.fields import require
from awards.model import Award, Registration, Round, RoundEvent
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.registrations import Key, key_of
from awards.services.nomination.scope import resolve
from awards.services.rounds.window import check_nomination
from rules.facts import NOMINEE_KIND_LABELS
from states import DossierState

PHASE = "Đăng ký thi đua"
STATUS_LABELS = {
    "registered": "Đã đăng ký",
    "withdrawn": "Đã rút đăng ký",
    "not_achieved": "Không đạt",
}
# The outcome of a registration read from the year's dossiers of the same nominee and award.
OUTCOME_LABELS = {
    "achieved": "Đạt",
    "not_achieved": "Không đạt",
    "pending": "Đang xét",
    "not_proposed": "Chưa đề nghị",
    "withdrawn": "Đã rút đăng ký",
}
_FAILED = {DossierState.ineligible, DossierState.not_approved, DossierState.refused}


@dataclass(frozen=True)
class NewRegistration:
    round_code: str
    unit_code: str  # the registering unit
    award_code: str
    person_code: str | None = None
    collective_code: str | None = None


def period(rnd: Round) -> tuple[date, date] | None:
    """The round's registration period (its phase "Đăng ký thi đua"), if it has one."""
    for p in rnd.phases or []:
        if str(p.get("name", "")).strip().casefold() == PHASE.casefold():
            return date.fromisoformat(p["starts_on"]), date.fromisoformat(p["ends_on"])
    return None


def period_text(rnd: Round) -> str:
    found = period(rnd)
    if found is None:
        return "chưa đặt thời hạn (nhận đăng ký khi đợt còn mở)"
    return f"{found[0]:%d/%m/%Y}–{found[1]:%d/%m/%Y}"


def check_period(rnd: Round, today: date) -> None:
    """Registration is taken inside the period only (and never once the round is closed)."""
    if rnd.closed_on is not None and rnd.closed_on < today:
        raise ValidationError(
            f"Đợt {rnd.code} đã đóng ngày {rnd.closed_on:%d/%m/%Y}: không đăng ký thi đua được."
        )
    found = period(rnd)
    if found is None:
        return
    starts, ends = found
    if today < starts:
        raise ValidationError(
            f"Đợt {rnd.code} nhận đăng ký thi đua từ ngày {starts:%d/%m/%Y}; chưa đăng ký được."
        )
    if today > ends:
        raise ValidationError(
            f"Đã hết hạn đăng ký thi đua của đợt {rnd.code} (hạn {ends:%d/%m/%Y}); đề nghị "
            "thường trực Hội đồng của đơn vị tổ chức đợt kéo dài thời hạn đăng ký."
        )


def set_period(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    starts_on: date,
    ends_on: date,
    *,
    actor: str,
    now: datetime,
) -> None:
    """The organiser sets (or moves) the round's registration period, audited."""
    with uow_factory() as uow:
        rnd = uow.round_admin.by_code(round_code, lock=True)
        if not rnd.opens_on <= starts_on <= ends_on <= rnd.closes_on:
            raise ValidationError(
                f"Thời hạn đăng ký {starts_on:%d/%m/%Y}–{ends_on:%d/%m/%Y} phải nằm trong thời "
                f"gian của đợt {rnd.opens_on:%d/%m/%Y}–{rnd.closes_on:%d/%m/%Y} và ngày bắt đầu "
                "không sau ngày kết thúc."
            )
        others = [p for p in rnd.phases or [] if p.get("name", "").casefold() != PHASE.casefold()]
        phase = {"name": PHASE, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()}
        rnd.phases = [phase, *others]
        uow.round_admin.save(rnd)
        _event(uow, rnd, actor, now, "registration_period", dict(phase))
        uow.commit()


def _event(
    uow: UnitOfWork, rnd: Round, actor: str, now: datetime, kind: str, detail: dict[str, Any]
) -> None:
    assert rnd.id is not None
    uow.round_admin.add_event(
        RoundEvent(round_id=rnd.id, at=now, actor=actor, kind=kind, detail=detail)
    )


@dataclass
class _Checked:
    row: Registration
    nominee_code: str


def _check(
    uow: UnitOfWork,
    rnd: Round,
    new: NewRegistration,
    awards: dict[str, Award],
    taken: dict[Key, int],
    today: date,
) -> _Checked:
    """One registration checked against the round, the award and the unit's scope."""
    award = awards.get(new.award_code)
    if award is None:
        raise NotFoundError(f"Không có hình thức khen thưởng mã '{new.award_code}'.")
    check_nomination(uow.rounds, rnd, award, today)
    if (new.person_code is None) == (new.collective_code is None):
        raise ValidationError("Mỗi đăng ký ghi đúng một cá nhân hoặc một tập thể.")
    kind = "ca_nhan" if new.person_code else "tap_the"
    if kind not in award.nominee_kinds:
        raise ValidationError(
            f"{award.name} không xét cho {NOMINEE_KIND_LABELS[kind].lower()}; không đăng ký được."
        )
    unit_id = uow.org.unit_id(new.unit_code)
    if unit_id is None:
        raise NotFoundError(f"Không có đơn vị mã '{new.unit_code}'.")
    code = new.person_code or new.collective_code or ""
    nominee = resolve(uow, unit_id, kind, code, today)
    key = key_of(award.code, kind, nominee, None)
    if key in taken:
        where = f"đăng ký số {taken[key]}" if taken[key] else "trùng một mục trước đó"
        raise ValidationError(
            f"{code} đã đăng ký {award.name} trong đợt {rnd.code} ({where}); không đăng ký lại."
        )
    assert rnd.id is not None
    row = Registration(
        round_id=rnd.id,
        unit_id=unit_id,
        award_code=award.code,
        nominee_kind=kind,
        person_id=nominee if kind == "ca_nhan" else None,
        nominee_unit_id=nominee if kind == "tap_the" else None,
        actor="",  # the writer's, set when written
    )
    return _Checked(row, code)


def register(
    uow_factory: UnitOfWorkFactory,
    items: Sequence[NewRegistration],
    *,
    actor: str,
    now: datetime,
) -> list[int]:
    """Record registrations (all or none), each audited; returns their ids."""
    if not items:
        raise ValidationError("Chưa chọn danh hiệu, hình thức nào để đăng ký.")
    with uow_factory() as uow:
        awards = uow.rounds.awards()
        rounds: dict[str, Round] = {}
        taken: dict[str, dict[Key, int]] = {}
        checked: list[_Checked] = []
        errors: list[str] = []
        for i, new in enumerate(items, start=1):
            try:
                if new.round_code not in rounds:
                    rnd = uow.rounds.by_code(new.round_code)
                    check_period(rnd, now.date())
                    rounds[new.round_code] = rnd
                    taken[new.round_code] = uow.registrations.live_keys(rnd.id or 0)
                found = _check(
                    uow, rounds[new.round_code], new, awards, taken[new.round_code], now.date()
                )
            except AwardsError as err:
                errors.append(str(err) if len(items) == 1 else f"mục {i}: {err}")
                continue
            taken[new.round_code][_key(found.row)] = 0
            checked.append(found)
        if errors:
            raise ValidationError("; ".join(errors))
        return _write(uow, rounds, checked, actor, now)


def _write(
    uow: UnitOfWork,
    rounds: dict[str, Round],
    checked: list[_Checked],
    actor: str,
    now: datetime,
) -> list[int]:
    by_id = {r.id: r for r in rounds.values()}
    for c in checked:
        c.row.actor, c.row.at = actor, now
    uow.registrations.add_many([c.row for c in checked])
    for c in checked:
        detail = {
            "registration": c.row.id,
            "unit": uow.org.codes_by_id([c.row.unit_id]).get(c.row.unit_id, ""),
            "award": c.row.award_code,
            "nominee": c.nominee_code,
        }
        _event(uow, by_id[c.row.round_id], actor, now, "registered", detail)
    uow.commit()
    return [c.row.id or 0 for c in checked]


def close(
    uow_factory: UnitOfWorkFactory,
    registration_id: int,
    *,
    status: str,
    reason: str,
    actor: str,
    now: datetime,
) -> Registration:
    """Withdraw a registration (rút đăng ký) or record that the title was not achieved."""
    if status not in ("withdrawn", "not_achieved"):
        raise ValidationError(f"Trạng thái '{status}' không có; chọn rút đăng ký hoặc không đạt.")
    require(reason=None if reason.strip() else "Ghi lý do rút đăng ký hoặc không đạt (bắt buộc).")
    with uow_factory() as uow:
        row = target(uow, registration_id)
        if row.status != "registered":
            raise ValidationError(
                f"Đăng ký số {registration_id} đã ở trạng thái “{STATUS_LABELS[row.status]}”; "
                "không đổi được nữa."
            )
        rnd = uow.rounds.get(row.round_id)
        assert rnd is not None
        uow.registrations.close(row, status, actor, now, reason.strip())
        kind = "registration_withdrawn" if status == "withdrawn" else "registration_not_achieved"
        _event(uow, rnd, actor, now, kind, {"registration": row.id, "reason": reason.strip()})
        uow.commit()
        return row


def target(uow: UnitOfWork, registration_id: int) -> Registration:
    row = uow.registrations.get(registration_id)
    if row is None:
        raise NotFoundError(
            f"Không có đăng ký thi đua số {registration_id} (xem số bằng tdkt registration list)."
        )
    return row


def outcome(status: str, states: Sequence[str]) -> str:
    """What became of a registered title: from its status and the year's dossiers."""
    if status == "withdrawn":
        return "withdrawn"
    live = [s for s in states if s != DossierState.withdrawn]
    if DossierState.awarded in live:
        return "achieved"
    if status == "not_achieved" or (live and all(s in _FAILED for s in live)):
        return "not_achieved"
    return "pending" if live else "not_proposed"


def _key(row: Registration) -> Key:
    return key_of(row.award_code, row.nominee_kind, row.person_id, row.nominee_unit_id)


class RegistrationGuard:
    """The round's "registration required": a nomination needs a standing registration of the
    same nominee × award. One query per round however many nominations are checked."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.live: dict[int, dict[Key, int]] = {}

    def refusal(self, rnd: Round, award_code: str, kind: str, nominee_id: int) -> str | None:
        """Why the nomination is refused, or None."""
        if not rnd.registration_required:
            return None
        assert rnd.id is not None
        if rnd.id not in self.live:
            self.live[rnd.id] = self.uow.registrations.live_keys(rnd.id)
        if key_of(award_code, kind, nominee_id, None) in self.live[rnd.id]:
            return None
        return unregistered(rnd)


def unregistered(rnd: Round) -> str:
    return (
        f"Đợt {rnd.code} chỉ xét các danh hiệu đã đăng ký thi đua: đối tượng này chưa đăng ký "
        "hình thức này (hoặc đã rút đăng ký); không lập hồ sơ được. Đơn vị đăng ký trong thời "
        f"hạn đăng ký ({period_text(rnd)}) trên màn hình Đăng ký thi đua."
    )
