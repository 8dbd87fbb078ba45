"""Nomination on behalf of a user: permission on the nominating unit, errors by form field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import NotFoundError, ValidationError
from awards.fields import summary_problem
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.nomination.scope import resolve


class FormErrors(ValidationError):
    """Validation errors keyed by form field, shown next to the field they concern."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__("Hồ sơ chưa lập được: " + "; ".join(fields.values()))
        self.fields = fields


@dataclass(frozen=True)
class Choices:
    rounds: list[tuple[str, str]]
    awards: list[tuple[str, str]]
    units: list[tuple[str, str]]


def choices(uow_factory: UnitOfWorkFactory, principal: Principal, today: date) -> Choices:
    """What the nomination form offers: rounds, awards, and the units the user may nominate for."""
    reach = principal.reach(Action.nominate)
    with uow_factory(write=False) as uow:
        rounds = [(r.code, r.name) for r in uow.rounds.listed()]
        awards = [(a.code, a.name) for a in uow.rounds.awards().values()]
        units = uow.screens.unit_choices(today, reach)
    return Choices(rounds, awards, units)


def nominate_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, nom: Nomination, *, now: datetime
) -> str:
    """Check the grant, then every field, then nominate; FormErrors lists each wrong field."""
    with uow_factory(write=False) as uow:
        unit_id = uow.org.unit_id(nom.nominating_unit_code)
    if unit_id is not None:
        require_nominate(principal, [unit_id])
    errors = _check(uow_factory, principal, nom, now.date())
    if errors:
        raise FormErrors(errors)
    try:
        return nominate(uow_factory, nom, now=now, refuse_duplicate=True)
    except (ValidationError, NotFoundError) as err:
        raise FormErrors({"award_code": err.message}) from err


def _check(
    uow_factory: UnitOfWorkFactory, principal: Principal, nom: Nomination, today: date
) -> dict[str, str]:
    errors: dict[str, str] = {}
    with uow_factory(write=False) as uow:
        if uow.rounds.find(nom.round_code) is None:
            errors["round_code"] = "Chọn một đợt thi đua có trong danh sách."
        if uow.rounds.award(nom.award_code) is None:
            errors["award_code"] = "Chọn một hình thức khen thưởng có trong danh sách."
        if uow.org.unit_id(nom.nominating_unit_code) is None:
            errors["nominating_unit_code"] = "Chọn đơn vị đề nghị có trong danh sách."
        if bool(nom.person_code) == bool(nom.nominee_unit_code):
            errors["person_code"] = (
                "Nhập mã đoàn viên (cá nhân) hoặc mã tập thể, chỉ một trong hai."
            )
        elif (unit_id := uow.org.unit_id(nom.nominating_unit_code)) is not None:
            field = "person_code" if nom.person_code else "nominee_unit_code"
            kind = "ca_nhan" if nom.person_code else "tap_the"
            try:  # the same answer for a code elsewhere and no such code (issue 16)
                resolve(uow, unit_id, kind, getattr(nom, field), today)
            except ValidationError as err:
                errors[field] = err.message
        if len(nom.achievement_summary.strip()) < 10:
            errors["achievement_summary"] = "Tóm tắt thành tích cần ít nhất 10 ký tự."
        elif summary_problem(nom.achievement_summary):
            errors["achievement_summary"] = summary_problem(nom.achievement_summary) or ""
    return errors


def require_nominate(principal: Principal, unit_ids: list[int]) -> None:
    authorize(principal, Action.nominate, unit_ids, "cho đơn vị được chọn")
