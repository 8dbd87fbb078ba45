"""Administering rounds without a programmer: open, list, show, change deadlines, extend, close.

Every change is one transaction with its round_event row; an extension also writes the mails
of the units concerned to the outbox and moves the due date of their unsent dossiers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from awards.errors import NotFoundError, ValidationError
from awards.links import link
from awards.model import Movement, Round, RoundEvent, RoundExtension
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.mail.stored import stored_row
from awards.services.rounds.window import (
    SubmissionWindow,
    UnitDeadline,
    organiser_name,
    sync_unsent_due,
)

SENDER = "Hệ thống tdkt – quy trình khen thưởng Công đoàn"
EVENT_LABELS = {
    "opened": "Mở đợt",
    "deadlines_changed": "Đổi hạn",
    "extended": "Gia hạn",
    "closed": "Đóng đợt",
    # đăng ký thi đua (awards.services.registrations), in the same trail
    "registered": "Đăng ký thi đua",
    "registration_withdrawn": "Rút đăng ký thi đua",
    "registration_not_achieved": "Ghi nhận không đạt danh hiệu đã đăng ký",
    "registration_period": "Đặt thời hạn đăng ký thi đua",
}


@dataclass(frozen=True)
class Phase:
    name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class NewRound:
    code: str
    name: str
    movement_code: str
    movement_name: str
    organiser_code: str
    year: int
    opens_on: date
    closes_on: date
    submission_deadline: date
    phases: Sequence[Phase] = ()
    admitted_awards: Sequence[str] = ()  # award codes; empty: every award of the catalogue
    level_deadlines: Mapping[int, date] = field(default_factory=dict)  # unit level → hạn nộp
    registration_required: bool = False


def open_round(
    uow_factory: UnitOfWorkFactory,
    new: NewRound,
    *,
    actor: str = "hệ thống",
    now: datetime | None = None,
) -> int:
    """Create a round (and its movement if new), audited; returns the round id."""
    _check_dates(new.code, new.opens_on, new.submission_deadline, new.closes_on)
    _check_phases(new)
    with uow_factory() as uow:
        if uow.rounds.find(new.code) is not None:
            raise ValidationError(f"Đã có đợt mã '{new.code}'; chọn mã khác.")
        _check_awards(uow, new.admitted_awards)
        movement = uow.rounds.movement(new.movement_code)
        if movement is None:
            movement = uow.rounds.add_movement(
                Movement(code=new.movement_code, name=new.movement_name)
            )
        organiser = uow.org.unit(new.organiser_code)
        if organiser is None:
            raise NotFoundError(f"Không có đơn vị tổ chức đợt mã '{new.organiser_code}'.")
        assert movement.id is not None and organiser.id is not None
        rnd = Round(
            code=new.code,
            movement_id=movement.id,
            organiser_unit_id=organiser.id,
            name=new.name,
            year=new.year,
            opens_on=new.opens_on,
            closes_on=new.closes_on,
            submission_deadline=new.submission_deadline,
            phases=[
                {
                    "name": p.name,
                    "starts_on": p.starts_on.isoformat(),
                    "ends_on": p.ends_on.isoformat(),
                }
                for p in new.phases
            ],
            admitted_awards=list(new.admitted_awards),
            level_deadlines={str(k): v.isoformat() for k, v in sorted(new.level_deadlines.items())},
            registration_required=new.registration_required,
        )
        uow.rounds.add(rnd)
        assert rnd.id is not None
        _event(
            uow,
            rnd.id,
            actor,
            now,
            "opened",
            {"submission_deadline": new.submission_deadline.isoformat()},
        )
        uow.commit()
        return rnd.id


def _check_dates(code: str, opens_on: date, deadline: date, closes_on: date) -> None:
    if not opens_on <= deadline <= closes_on:
        raise ValidationError(
            f"Đợt '{code}': hạn nộp {deadline:%d/%m/%Y} phải nằm trong "
            f"{opens_on:%d/%m/%Y}–{closes_on:%d/%m/%Y}."
        )


def _check_phases(new: NewRound) -> None:
    for p in new.phases:
        if not new.opens_on <= p.starts_on <= p.ends_on <= new.closes_on:
            raise ValidationError(
                f"Giai đoạn '{p.name}' ({p.starts_on:%d/%m/%Y}–{p.ends_on:%d/%m/%Y}) phải nằm "
                f"trong thời gian của đợt {new.opens_on:%d/%m/%Y}–{new.closes_on:%d/%m/%Y}."
            )
    for level, day in new.level_deadlines.items():
        if not new.opens_on <= day <= new.closes_on:
            raise ValidationError(
                f"Hạn nộp của cấp {level} ({day:%d/%m/%Y}) phải nằm trong thời gian của đợt "
                f"{new.opens_on:%d/%m/%Y}–{new.closes_on:%d/%m/%Y}."
            )


def _check_awards(uow: UnitOfWork, codes: Sequence[str]) -> None:
    if not codes:
        return
    known = set(uow.rounds.awards())
    missing = [c for c in codes if c not in known]
    if missing:
        raise ValidationError(
            f"Không có hình thức khen thưởng mã {', '.join(missing)} trong danh mục; "
            "kiểm tra lại danh sách hình thức đợt nhận."
        )


def _event(
    uow: UnitOfWork,
    round_id: int,
    actor: str,
    now: datetime | None,
    kind: str,
    detail: dict[str, Any],
) -> None:
    event = RoundEvent(round_id=round_id, actor=actor, kind=kind, detail=detail)
    if now is not None:
        event.at = now
    uow.round_admin.add_event(event)


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundLine:
    code: str
    name: str
    movement: str
    organiser: str
    year: int
    opens_on: date
    closes_on: date
    submission_deadline: date
    closed_on: date | None
    extensions: int
    dossiers: int

    def status(self, today: date) -> str:
        if self.closed_on is not None and self.closed_on < today:
            return f"đã đóng ngày {self.closed_on:%d/%m/%Y}"
        if today < self.opens_on:
            return f"chưa mở (từ {self.opens_on:%d/%m/%Y})"
        if today > self.submission_deadline:
            return "đã quá hạn nộp" + (f" ({self.extensions} gia hạn)" if self.extensions else "")
        return "đang nhận hồ sơ"


def list_rounds(uow_factory: UnitOfWorkFactory) -> list[RoundLine]:
    with uow_factory(write=False) as uow:
        rounds = uow.round_admin.all()
        ids = [r.id for r in rounds if r.id is not None]
        movements = uow.round_admin.movement_names([r.movement_id for r in rounds])
        counts = uow.round_admin.dossier_counts(ids)
        extended: dict[int, int] = {}
        for e in uow.round_admin.extensions(ids):
            extended[e.round_id] = extended.get(e.round_id, 0) + 1
        return [
            RoundLine(
                r.code,
                r.name,
                movements.get(r.movement_id, ""),
                organiser_name(uow.org, r),
                r.year,
                r.opens_on,
                r.closes_on,
                r.submission_deadline,
                r.closed_on,
                extended.get(r.id or 0, 0),
                sum(counts.get(r.id or 0, {}).values()),
            )
            for r in rounds
        ]


@dataclass(frozen=True)
class ExtensionLine:
    id: int
    unit: str  # "mọi đơn vị" or the unit's name
    new_deadline: date
    reason: str
    granted_by: str
    granted_at: datetime


@dataclass(frozen=True)
class EventLine:
    at: datetime
    actor: str
    label: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class RoundView:
    round: Round
    movement: str
    organiser: str
    organiser_code: str
    phases: list[Phase]
    admitted: list[str]  # award names; empty: every award
    level_deadlines: list[tuple[str, date]]  # (level label, hạn nộp)
    extensions: list[ExtensionLine]
    events: list[EventLine]
    by_state: dict[str, int]


LEVEL_LABELS = {
    1: "Tổng Liên đoàn",
    2: "LĐLĐ tỉnh, công đoàn ngành trung ương",
    3: "công đoàn cấp trên trực tiếp cơ sở",
    4: "công đoàn cơ sở",
}


def show_round(uow_factory: UnitOfWorkFactory, code: str) -> RoundView:
    with uow_factory(write=False) as uow:
        rnd = uow.round_admin.by_code(code)
        assert rnd.id is not None
        organiser = uow.org.get(rnd.organiser_unit_id)
        names = _award_names(uow)
        return RoundView(
            round=rnd,
            movement=uow.round_admin.movement_names([rnd.movement_id]).get(rnd.movement_id, ""),
            organiser=organiser_name(uow.org, rnd),
            organiser_code=organiser.code if organiser else "",
            phases=[
                Phase(
                    p["name"], date.fromisoformat(p["starts_on"]), date.fromisoformat(p["ends_on"])
                )
                for p in rnd.phases or []
            ],
            admitted=[names.get(c, c) for c in rnd.admitted_awards or []],
            level_deadlines=[
                (LEVEL_LABELS.get(int(k), f"cấp {k}"), date.fromisoformat(v))
                for k, v in sorted((rnd.level_deadlines or {}).items())
            ],
            extensions=[_extension_line(uow, e) for e in uow.round_admin.extensions([rnd.id])],
            events=[
                EventLine(e.at, e.actor, EVENT_LABELS.get(e.kind, e.kind), e.detail or {})
                for e in uow.round_admin.events(rnd.id)
            ],
            by_state=uow.round_admin.dossier_counts([rnd.id])[rnd.id],
        )


def _award_names(uow: UnitOfWork) -> dict[str, str]:
    return {code: award.name for code, award in uow.rounds.awards().items()}


def _extension_line(uow: UnitOfWork, e: RoundExtension) -> ExtensionLine:
    return ExtensionLine(
        e.id or 0,
        _unit_label(uow, e.unit_id, e.new_deadline),
        e.new_deadline,
        e.reason,
        e.granted_by,
        e.granted_at,
    )


def _unit_label(uow: UnitOfWork, unit_id: int | None, on: date) -> str:
    if unit_id is None:
        return "mọi đơn vị"
    try:
        return uow.org.by_id(unit_id, on).name
    except NotFoundError:
        unit = uow.org.get(unit_id)
        return unit.code if unit else str(unit_id)


def award_catalogue(uow_factory: UnitOfWorkFactory) -> list[tuple[str, str]]:
    """(code, name) of every award, for the forms that choose what a round admits."""
    with uow_factory(write=False) as uow:
        return sorted(_award_names(uow).items(), key=lambda kv: kv[1])


def unit_deadline(
    uow_factory: UnitOfWorkFactory, round_id: int, unit_id: int, today: date
) -> UnitDeadline:
    """A unit's hạn nộp in a round today, with the extension that set it (for its dossiers)."""
    with uow_factory(write=False) as uow:
        rnd = uow.rounds.get(round_id)
        if rnd is None:
            raise NotFoundError(f"Không có đợt số {round_id}.")
        return SubmissionWindow(uow.round_admin, uow.org).deadline(rnd, unit_id, today)


# -- changing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeadlineChange:
    submission_deadline: date | None = None
    closes_on: date | None = None
    level_deadlines: Mapping[int, date | None] = field(default_factory=dict)  # None: remove
    reason: str = ""


def change_deadlines(
    uow_factory: UnitOfWorkFactory,
    code: str,
    change: DeadlineChange,
    *,
    actor: str,
    now: datetime,
    today: date,
) -> Round:
    """New hạn nộp, closing day or level deadlines of a round; unsent dossiers follow."""
    if not change.reason.strip():
        raise ValidationError("Đổi hạn của đợt phải nêu lý do (ghi vào nhật ký của đợt).")
    with uow_factory() as uow:
        rnd = uow.round_admin.by_code(code, lock=True)
        assert rnd.id is not None
        _refuse_closed(rnd, "đổi hạn")
        before = _deadline_fields(rnd)
        deadline = change.submission_deadline or rnd.submission_deadline
        closes_on = change.closes_on or rnd.closes_on
        _check_dates(rnd.code, rnd.opens_on, deadline, closes_on)
        levels = dict(rnd.level_deadlines or {})
        for level, day in change.level_deadlines.items():
            if day is None:
                levels.pop(str(level), None)
            elif not rnd.opens_on <= day <= closes_on:
                raise ValidationError(
                    f"Hạn nộp của cấp {level} ({day:%d/%m/%Y}) phải nằm trong thời gian của đợt "
                    f"{rnd.opens_on:%d/%m/%Y}–{closes_on:%d/%m/%Y}."
                )
            else:
                levels[str(level)] = day.isoformat()
        rnd.submission_deadline, rnd.closes_on = deadline, closes_on
        rnd.level_deadlines = dict(sorted(levels.items()))
        after = _deadline_fields(rnd)
        if after == before:
            raise ValidationError(f"Đợt {rnd.code} đã có đúng các hạn này; không có gì thay đổi.")
        uow.round_admin.save(rnd)
        _event(
            uow,
            rnd.id,
            actor,
            now,
            "deadlines_changed",
            {"before": before, "after": after, "reason": change.reason.strip()},
        )
        sync_unsent_due(uow.round_admin, uow.org, rnd, today)
        uow.commit()
        return rnd


def _deadline_fields(rnd: Round) -> dict[str, Any]:
    return {
        "submission_deadline": rnd.submission_deadline.isoformat(),
        "closes_on": rnd.closes_on.isoformat(),
        "level_deadlines": dict(rnd.level_deadlines or {}),
    }


def _refuse_closed(rnd: Round, what: str) -> None:
    if rnd.closed_on is not None:
        raise ValidationError(
            f"Đợt {rnd.code} đã đóng ngày {rnd.closed_on:%d/%m/%Y}: không {what} được nữa. "
            "Đơn vị còn cần nộp thì gia hạn cho đơn vị đó."
        )


@dataclass(frozen=True)
class Extension:
    new_deadline: date
    reason: str
    unit_code: str | None = None  # None: every unit


@dataclass(frozen=True)
class Granted:
    """An extension written: its id, the units mailed and those with no mailbox on file."""

    id: int
    mailed: list[str]
    without_mail: list[str]


def extend(
    uow_factory: UnitOfWorkFactory,
    code: str,
    ext: Extension,
    *,
    actor: str,
    now: datetime,
    today: date,
) -> Granted:
    """Grant an extension (gia hạn). Audited, mailed, shown on the dossiers."""
    if not ext.reason.strip():
        raise ValidationError("Gia hạn phải nêu lý do (ghi vào nhật ký và thư gửi đơn vị).")
    with uow_factory() as uow:
        rnd = uow.round_admin.by_code(code, lock=True)
        assert rnd.id is not None
        unit_id, unit_name = None, "mọi đơn vị"
        if ext.unit_code:
            unit = uow.org.by_code(ext.unit_code.strip(), today)
            unit_id, unit_name = unit.id, unit.name
        if ext.new_deadline <= today:
            raise ValidationError(
                f"Ngày gia hạn {ext.new_deadline:%d/%m/%Y} phải sau hôm nay ({today:%d/%m/%Y})."
            )
        if ext.new_deadline > rnd.closes_on:
            raise ValidationError(
                f"Ngày gia hạn {ext.new_deadline:%d/%m/%Y} phải trước ngày kết thúc đợt "
                f"{rnd.closes_on:%d/%m/%Y}; đổi ngày kết thúc trước (tdkt round deadlines)."
            )
        current = rnd.submission_deadline
        if unit_id is not None:
            current = SubmissionWindow(uow.round_admin, uow.org).deadline(rnd, unit_id, today).day
        if ext.new_deadline <= current:
            raise ValidationError(
                f"{unit_name.capitalize()} đã có hạn nộp {current:%d/%m/%Y}; ngày gia hạn "
                "phải sau ngày đó."
            )
        extension = RoundExtension(
            round_id=rnd.id,
            unit_id=unit_id,
            new_deadline=ext.new_deadline,
            reason=ext.reason.strip(),
            granted_by=actor,
            granted_at=now,
        )
        uow.round_admin.add_extension(extension)
        assert extension.id is not None
        _event(
            uow,
            rnd.id,
            actor,
            now,
            "extended",
            {
                "extension_id": extension.id,
                "unit": ext.unit_code or None,
                "new_deadline": ext.new_deadline.isoformat(),
                "reason": extension.reason,
            },
        )
        sync_unsent_due(uow.round_admin, uow.org, rnd, today)
        mailed, without = _mail_extension(uow, rnd, extension, unit_name, current, now, today)
        uow.commit()
        return Granted(extension.id, mailed, without)


def mail_summary(granted: Granted) -> str:
    """One line for people: who was mailed, who has no mailbox on file."""
    text = (
        f"Thư báo gia hạn vào hàng gửi cho {len(granted.mailed)} đơn vị"
        if granted.mailed
        else "Chưa có thư báo nào (không đơn vị nào có hồ sơ chưa nộp và địa chỉ thư)"
    )
    if granted.without_mail:
        text += f"; chưa có địa chỉ thư: {', '.join(granted.without_mail)}"
    return text + "."


def _mail_extension(
    uow: UnitOfWork,
    rnd: Round,
    e: RoundExtension,
    unit_name: str,
    old_deadline: date,
    now: datetime,
    today: date,
) -> tuple[list[str], list[str]]:
    """The outbox rows of the units concerned; returns (mailed, without a mailbox) by name."""
    organiser = organiser_name(uow.org, rnd)
    mails, mailed, without = [], [], []
    for a in uow.round_admin.addressees(rnd.id or 0, e.unit_id, today):
        name = _unit_label(uow, a.unit_id, today)
        if not a.email:
            without.append(name)
            continue
        mailed.append(name)
        context = {
            "recipient_name": name,
            "sender_name": SENDER,
            "round_name": rnd.name,
            "round_code": rnd.code,
            "organiser": organiser,
            "scope": unit_name,
            "old_deadline": old_deadline,
            "new_deadline": e.new_deadline,
            "reason": e.reason,
            "link": link("home"),
        }
        key = f"round_extended:{e.id}:{a.unit_id}"
        mails.append(stored_row(key, "round_extended", a.email, context, now))
    uow.dossiers.insert_outbox(mails)
    return mailed, without


def close_round(
    uow_factory: UnitOfWorkFactory, code: str, *, on: date, actor: str, now: datetime
) -> Round:
    """Close a round: `on` is its last day of submissions; later only extended units submit."""
    with uow_factory() as uow:
        rnd = uow.round_admin.by_code(code, lock=True)
        assert rnd.id is not None
        _refuse_closed(rnd, "đóng lại")
        if on < rnd.opens_on:
            raise ValidationError(
                f"Ngày đóng {on:%d/%m/%Y} phải từ ngày mở đợt {rnd.opens_on:%d/%m/%Y} trở đi."
            )
        rnd.closed_on, rnd.closed_by = on, actor
        uow.round_admin.save(rnd)
        _event(uow, rnd.id, actor, now, "closed", {"closed_on": on.isoformat()})
        sync_unsent_due(uow.round_admin, uow.org, rnd, on)
        uow.commit()
        return rnd
