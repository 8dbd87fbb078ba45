"""The hạn nộp of each nominating unit in its round, and the guard every submission passes.

A unit's deadline is its level's deadline (or the round's), cut short by an early closing and
pushed later by any extension (gia hạn) granted to it, to a unit above it, or to every unit.
After closing, only a unit holding an extension still submits, until the extension's day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards.errors import DeadlineError, NotFoundError, ValidationError
from awards.model import Award, Round, RoundExtension, Unit
from awards.repository.org import ancestor_ids, unit_by_id
from awards.repository.round_admin import (
    Session,
    extensions_of,
    set_unsent_due,
    unit_levels,
    unsent_units,
)

WHO_EXTENDS = "Thường trực Hội đồng Thi đua – Khen thưởng"


@dataclass(frozen=True)
class UnitDeadline:
    base: date  # the level's (or round's) hạn nộp, or the closing day if earlier
    extension: RoundExtension | None  # the latest-running extension covering the unit

    @property
    def day(self) -> date:
        if self.extension is not None and self.extension.new_deadline > self.base:
            return self.extension.new_deadline
        return self.base


def base_deadline(rnd: Round, level: int | None) -> date:
    own = (rnd.level_deadlines or {}).get(str(level)) if level is not None else None
    day = date.fromisoformat(own) if own else rnd.submission_deadline
    if rnd.closed_on is not None and rnd.closed_on < day:
        return rnd.closed_on
    return day


class SubmissionWindow:
    """Deadlines of the units of the rounds a move touches, read lazily and once per call."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.extensions: dict[int, list[RoundExtension]] = {}
        self.levels: dict[int, int] = {}
        self.above: dict[tuple[int, date], set[int]] = {}
        self.organisers: dict[int, str] = {}

    def deadline(self, rnd: Round, unit_id: int, today: date) -> UnitDeadline:
        assert rnd.id is not None
        if rnd.id not in self.extensions:
            self.extensions[rnd.id] = extensions_of(self.session, [rnd.id])
        level = None
        if rnd.level_deadlines:
            if unit_id not in self.levels:
                self.levels.update(unit_levels(self.session, [unit_id]))
            level = self.levels.get(unit_id)
        covering = [
            e
            for e in self.extensions[rnd.id]
            if e.unit_id is None or e.unit_id in self._above(unit_id, today)
        ]
        latest = max(covering, key=lambda e: (e.new_deadline, e.id or 0), default=None)
        return UnitDeadline(base_deadline(rnd, level), latest)

    def check(self, code: str, rnd: Round, unit_id: int, today: date) -> None:
        """DeadlineError, saying the date and who may extend, when `today` is past the unit's
        hạn nộp."""
        due = self.deadline(rnd, unit_id, today)
        if today <= due.day:
            return
        who = f"{WHO_EXTENDS} của {self._organiser(rnd)}"
        extended = (
            f", đã gia hạn đến {due.extension.new_deadline:%d/%m/%Y}" if due.extension else ""
        )
        if rnd.closed_on is not None and rnd.closed_on < today:
            raise DeadlineError(
                f"Không thể nộp hồ sơ {code}: đợt {rnd.code} đã đóng ngày "
                f"{rnd.closed_on:%d/%m/%Y} (hạn nộp {due.base:%d/%m/%Y}{extended}), không nhận hồ "
                f"sơ nộp muộn. Chỉ {who} có thể gia hạn cho đơn vị."
            )
        raise DeadlineError(
            f"Không thể nộp hồ sơ {code}: đã quá hạn nộp của đợt {rnd.code} "
            f"({due.day:%d/%m/%Y}{extended}). {who} có thể gia hạn cho đơn vị "
            "(màn hình Đợt thi đua hoặc lệnh tdkt round extend)."
        )

    def _above(self, unit_id: int, today: date) -> set[int]:
        key = (unit_id, today)
        if key not in self.above:
            self.above[key] = set(ancestor_ids(self.session, unit_id, today))
        return self.above[key]

    def _organiser(self, rnd: Round) -> str:
        if rnd.organiser_unit_id not in self.organisers:
            self.organisers[rnd.organiser_unit_id] = organiser_name(self.session, rnd)
        return self.organisers[rnd.organiser_unit_id]


def organiser_name(session: Session, rnd: Round) -> str:
    """The organiser's name on the round's last day of submissions (its code if none then)."""
    try:
        return unit_by_id(session, rnd.organiser_unit_id, rnd.submission_deadline).name
    except NotFoundError:
        unit = session.get(Unit, rnd.organiser_unit_id)
        return unit.code if unit else str(rnd.organiser_unit_id)


def check_nomination(session: Session, rnd: Round, award: Award, today: date) -> None:
    """A new dossier needs an open round that admits the award."""
    if rnd.closed_on is not None and rnd.closed_on < today:
        raise ValidationError(
            f"Đợt {rnd.code} đã đóng ngày {rnd.closed_on:%d/%m/%Y}: không lập hồ sơ mới được."
        )
    if rnd.admitted_awards and award.code not in rnd.admitted_awards:
        names = [a.name for a in (session.get(Award, c) for c in rnd.admitted_awards) if a]
        raise ValidationError(
            f"Đợt {rnd.code} không xét {award.name}; đợt chỉ nhận: {'; '.join(names)}."
        )


def sync_unsent_due(s: Session, rnd: Round, today: date) -> int:
    """Each unsent dossier of the round falls due on its unit's hạn nộp (with extensions)."""
    assert rnd.id is not None
    window = SubmissionWindow(s)
    due = {u: window.deadline(rnd, u, today).day for u in unsent_units(s, rnd.id)}
    return set_unsent_due(s, rnd.id, due)
