"""Nomination: a unit proposes a person or a collective for an award in a round.

The route (which levels appraise, who decides) is computed here from the award catalogue and
the organisation tree on the day of nomination, and stored with the dossier.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from awards.errors import NotFoundError, ValidationError
from awards.fields import require, summary_problem
from awards.model import Award, Dossier
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.org import OrgRepository
from awards.services.nomination.scope import require_single, resolve
from awards.services.registrations.register import RegistrationGuard
from awards.services.rounds.window import SubmissionWindow, check_nomination

T = TypeVar("T")


@dataclass(frozen=True)
class Nomination:
    round_code: str
    award_code: str
    nominating_unit_code: str
    person_code: str | None = None
    nominee_unit_code: str | None = None
    achievement_summary: str = ""
    topic: str | None = None


def nominate(
    uow_factory: UnitOfWorkFactory,
    nom: Nomination,
    *,
    now: datetime,
    refuse_duplicate: bool = False,
) -> str:
    """Create a draft dossier and return its code (HS-<year>-<number>).

    The nominee must belong to the nominating unit's subtree. With ``refuse_duplicate`` (the
    form and the API, through nomination.form) a dossier already open or awarded for the same
    nominee × award × round is refused, in this transaction."""
    require(achievement_summary=summary_problem(nom.achievement_summary))
    with uow_factory() as uow:
        code = nominate_in(uow, nom, now=now, refuse_duplicate=refuse_duplicate)
        uow.commit()
    return code


def nominate_in(
    uow: UnitOfWork,
    nom: Nomination,
    *,
    now: datetime,
    refuse_duplicate: bool = False,
    nominees_in: Collection[int] | None = None,
) -> str:
    """The draft dossier inside a caller's transaction (a cluster proposes its leaders at once).

    ``nominees_in``: the units whose members or collectives may be nominated, when not the
    nominating unit's subtree (a cluster's lead proposes the cluster's members)."""
    rnd = uow.rounds.by_code(nom.round_code)
    award = uow.rounds.award(nom.award_code)
    if award is None:
        raise NotFoundError(f"Không có hình thức khen thưởng mã '{nom.award_code}'.")
    check_nomination(uow.rounds, rnd, award, now.date())
    unit = _one(uow.org.unit(nom.nominating_unit_code), "đơn vị đề nghị")
    assert unit.id is not None and rnd.id is not None
    kind, person_id, nominee_unit_id = _nominee(uow, nom, award, unit.id, now, nominees_in)
    unregistered = RegistrationGuard(uow).refusal(
        rnd, award.code, kind, person_id or nominee_unit_id or 0
    )
    if unregistered:
        raise ValidationError(unregistered)
    if refuse_duplicate:
        require_single(uow, rnd.id, award.code, kind, person_id or nominee_unit_id or 0)
    route, ends_at_state_body = plan_route(uow.org, award, unit.id, now)
    (code,) = uow.dossiers.new_codes(rnd.year)
    uow.dossiers.add(
        Dossier(
            code=code,
            round_id=rnd.id,
            award_code=award.code,
            nominee_kind=kind,
            person_id=person_id,
            nominee_unit_id=nominee_unit_id,
            nominating_unit_id=unit.id,
            current_unit_id=route[0],
            route=route,
            ends_at_state_body=ends_at_state_body,
            achievement_summary=nom.achievement_summary,
            topic=nom.topic,
            due_on=SubmissionWindow(uow.round_admin, uow.org)
            .deadline(rnd, unit.id, now.date())
            .day,
            created_at=now,
            updated_at=now,
        )
    )
    return code


def _one(found: T | None, what: str) -> T:
    if found is None:
        raise NotFoundError(f"Không tìm thấy {what}.")
    return found


def _nominee(
    uow: UnitOfWork,
    nom: Nomination,
    award: Award,
    unit_id: int,
    now: datetime,
    nominees_in: Collection[int] | None = None,
) -> tuple[str, int | None, int | None]:
    if (nom.person_code is None) == (nom.nominee_unit_code is None):
        raise ValidationError("Hồ sơ phải đề nghị đúng một cá nhân hoặc một tập thể.")
    kind = "ca_nhan" if nom.person_code else "tap_the"
    if kind not in award.nominee_kinds:
        allowed = " hoặc ".join(
            "cá nhân" if k == "ca_nhan" else "tập thể" for k in award.nominee_kinds
        )
        raise ValidationError(
            f"{award.name} chỉ xét cho {allowed}; không đề nghị "
            f"{'cá nhân' if kind == 'ca_nhan' else 'tập thể'} được."
        )
    # Only the nominating unit's own members and collectives (issue 16).
    code = nom.person_code or nom.nominee_unit_code or ""
    nominee = resolve(uow, unit_id, kind, code, now.date(), nominees_in)
    return (kind, nominee, None) if kind == "ca_nhan" else (kind, None, nominee)


def plan_route(
    org: OrgRepository, award: Award, unit_id: int, now: datetime
) -> tuple[list[int], bool]:
    """Hops bottom-up: the ancestors at the award's appraising levels, then the state body."""
    on = now.date()
    levels = set(award.appraised_at_levels)
    chain = org.ancestor_ids(unit_id, on)[1:]
    hops = [u for u in chain if org.by_id(u, on).level in levels]
    if not hops or org.by_id(hops[-1], on).level != award.decided_at_level:
        raise ValidationError(
            f"Đơn vị số {unit_id} không thể đề nghị {award.name}: không có cấp xét duyệt "
            f"phù hợp phía trên (cần các cấp {sorted(levels, reverse=True)})."
        )
    if award.state_body_kind is None:
        return hops, False
    body = org.state_body(award.state_body_kind, hops[-1])
    if body is None:
        raise ValidationError(
            f"Chưa khai báo cơ quan nhà nước ({award.state_body_kind}) nhận tờ trình của đơn vị "
            f"số {hops[-1]}; thêm đơn vị đó với liaison_unit_id trỏ tới đơn vị này."
        )
    return [*hops, body], True
