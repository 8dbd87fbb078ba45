"""Setting up a council: the council of a level, its members and their time-boxed delegations.

Everything is effective-dated and every change writes a council_event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from awards.errors import NotFoundError, ValidationError
from awards.model import Council, CouncilDelegation, CouncilMember
from awards.model.council import ROLES
from awards.repository import UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.services.lifecycle.plan import Actor

ROLE_LABELS: dict[str, str] = {
    "chu_tich": "Chủ tịch Hội đồng",
    "pho_chu_tich": "Phó Chủ tịch Hội đồng",
    "thu_ky": "Thư ký Hội đồng",
    "uy_vien": "Ủy viên",
}
# Roles a council holds once at a time; ủy viên and phó chủ tịch may be many.
SINGLE_ROLES = ("chu_tich", "thu_ky")


@dataclass(frozen=True)
class NewCouncil:
    unit_code: str
    name: str
    short_code: str  # HĐTĐKT: the symbol in the minutes' number
    place: str  # Lai Châu: the place of the date line
    valid_from: date
    valid_to: date | None = None
    established_by: str = ""


@dataclass(frozen=True)
class NewMember:
    full_name: str
    role: str
    valid_from: date
    title: str = ""
    valid_to: date | None = None
    email: str | None = None


@dataclass(frozen=True)
class NewDelegation:
    member_id: int
    substitute_name: str
    valid_from: date
    valid_to: date
    reason: str
    substitute_title: str = ""


def _overlap(a_from: date, a_to: date | None, b_from: date, b_to: date | None) -> bool:
    """[from, to) ranges; None = open-ended."""
    return (b_to is None or a_from < b_to) and (a_to is None or b_from < a_to)


def _fmt(day: date | None) -> str:
    return "nay" if day is None else f"{day:%d/%m/%Y}"


def setup_council(
    uow_factory: UnitOfWorkFactory, new: NewCouncil, actor: Actor, now: datetime
) -> int:
    """Create the council of a unit from ``valid_from``; refuses an overlapping council."""
    if new.valid_to is not None and new.valid_to <= new.valid_from:
        raise ValidationError("Ngày hết hiệu lực của Hội đồng phải sau ngày bắt đầu.")
    with uow_factory() as uow:
        councils = uow.councils
        unit = councils.unit_by_code(new.unit_code, new.valid_from)
        for other in councils.councils_of_unit(unit.id):
            if _overlap(new.valid_from, new.valid_to, other.valid_from, other.valid_to):
                raise ValidationError(
                    f"{unit.name} đã có Hội đồng hiệu lực {_fmt(other.valid_from)}–"
                    f"{_fmt(other.valid_to)}; kết thúc Hội đồng đó trước hoặc chọn ngày khác."
                )
        council = Council(
            unit_id=unit.id,
            name=new.name,
            short_code=new.short_code,
            place=new.place,
            established_by=new.established_by,
            valid_from=new.valid_from,
            valid_to=new.valid_to,
        )
        councils.save(council)
        assert council.id is not None
        councils.log(
            council.id, actor.name, now, "council_set_up", {"unit": unit.code, "name": new.name}
        )
        uow.commit()
        return council.id


def add_members(
    uow_factory: UnitOfWorkFactory,
    council_id: int,
    members: list[NewMember],
    actor: Actor,
    now: datetime,
) -> list[int]:
    """Add members (one transaction); one chủ tịch and one thư ký at a time."""
    with uow_factory() as uow:
        councils = uow.councils
        council = councils.council(council_id)
        if council is None:
            raise NotFoundError(f"Không có Hội đồng số {council_id}.")
        existing = councils.members_of(council_id)
        added: list[CouncilMember] = []
        for new in members:
            _check_member(council, [*existing, *added], new)
            added.append(CouncilMember(council_id=council_id, **new.__dict__))
        councils.save(*added)
        names = [f"{m.full_name} ({ROLE_LABELS[m.role]})" for m in added]
        councils.log(council_id, actor.name, now, "members_added", {"members": names})
        uow.commit()
        return [m.id for m in added if m.id is not None]


def _check_member(council: Council, others: list[CouncilMember], new: NewMember) -> None:
    where = f"Thành viên '{new.full_name}'"
    if new.role not in ROLES:
        raise ValidationError(f"{where}: vai trò '{new.role}' không có; dùng {', '.join(ROLES)}.")
    if not new.full_name.strip():
        raise ValidationError("Họ và tên thành viên Hội đồng không được để trống.")
    if new.valid_to is not None and new.valid_to <= new.valid_from:
        raise ValidationError(f"{where}: ngày thôi phải sau ngày bắt đầu.")
    inside = council.valid_from <= new.valid_from and (
        council.valid_to is None or (new.valid_to is not None and new.valid_to <= council.valid_to)
    )
    if not inside:
        raise ValidationError(
            f"{where}: thời gian {_fmt(new.valid_from)}–{_fmt(new.valid_to)} nằm ngoài hiệu lực "
            f"của Hội đồng ({_fmt(council.valid_from)}–{_fmt(council.valid_to)})."
        )
    for other in others:
        same = other.role == new.role and new.role in SINGLE_ROLES
        if same and _overlap(new.valid_from, new.valid_to, other.valid_from, other.valid_to):
            raise ValidationError(
                f"{where}: Hội đồng đã có {ROLE_LABELS[new.role]} là {other.full_name} "
                f"({_fmt(other.valid_from)}–{_fmt(other.valid_to)})."
            )


def delegate(
    uow_factory: UnitOfWorkFactory, new: NewDelegation, actor: Actor, now: datetime
) -> int:
    """A substitute for a member over [valid_from, valid_to]; audited in council_event."""
    if new.valid_to < new.valid_from:
        raise ValidationError("Ủy quyền: ngày kết thúc phải từ ngày bắt đầu trở đi.")
    if not new.substitute_name.strip() or not new.reason.strip():
        raise ValidationError("Ủy quyền phải ghi người được ủy quyền và lý do vắng mặt.")
    with uow_factory() as uow:
        councils = uow.councils
        member = councils.member(new.member_id)
        if member is None:
            raise NotFoundError(f"Không có thành viên Hội đồng số {new.member_id}.")
        in_office = member.valid_from <= new.valid_from and (
            member.valid_to is None or new.valid_to < member.valid_to
        )
        if not in_office:
            raise ValidationError(
                f"{member.full_name} không là thành viên Hội đồng trong suốt thời gian ủy quyền "
                f"{_fmt(new.valid_from)}–{_fmt(new.valid_to)}."
            )
        _check_no_overlapping_delegation(councils, member, new)
        row = CouncilDelegation(**new.__dict__, created_by=actor.name, created_at=now)
        councils.save(row)
        detail = {
            "delegation": row.id,
            "member": member.full_name,
            "substitute": new.substitute_name,
            "from": new.valid_from.isoformat(),
            "to": new.valid_to.isoformat(),
            "reason": new.reason,
        }
        councils.log(member.council_id, actor.name, now, "delegated", detail)
        uow.commit()
        assert row.id is not None
        return row.id


def _check_no_overlapping_delegation(
    councils: CouncilRepository, member: CouncilMember, new: NewDelegation
) -> None:
    for other in councils.active_delegations(member.id):
        if new.valid_from <= other.valid_to and other.valid_from <= new.valid_to:
            raise ValidationError(
                f"{member.full_name} đã ủy quyền cho {other.substitute_name} từ "
                f"{_fmt(other.valid_from)} đến {_fmt(other.valid_to)}; thu hồi ủy quyền đó trước."
            )


def revoke_delegation(
    uow_factory: UnitOfWorkFactory, delegation_id: int, actor: Actor, now: datetime
) -> None:
    with uow_factory() as uow:
        councils = uow.councils
        row = councils.delegation(delegation_id)
        if row is None:
            raise NotFoundError(f"Không có ủy quyền số {delegation_id}.")
        if row.revoked_at is not None:
            raise ValidationError(f"Ủy quyền số {delegation_id} đã bị thu hồi trước đó.")
        member = councils.member(row.member_id)
        assert member is not None
        row.revoked_at, row.revoked_by = now, actor.name
        councils.add(row)
        councils.log(
            member.council_id, actor.name, now, "delegation_revoked", {"delegation": delegation_id}
        )
        uow.commit()


@dataclass(frozen=True)
class CouncilView:
    council: Council
    members: list[CouncilMember]
    delegations: list[CouncilDelegation]


def council_of(uow_factory: UnitOfWorkFactory, unit_code: str, on: date) -> CouncilView:
    """The council of a unit on a day, with its members and their delegations."""
    with uow_factory() as uow:
        councils = uow.councils
        unit = councils.unit_by_code(unit_code, on)
        council = councils.council_on(unit.id, on)
        if council is None or council.id is None:
            raise NotFoundError(
                f"{unit.name} chưa có Hội đồng Thi đua – Khen thưởng hiệu lực ngày "
                f"{on:%d/%m/%Y}; tạo bằng `tdkt council setup`."
            )
        members = councils.members_on(council.id, on)
        delegations = councils.delegations_of([m.id for m in members if m.id is not None])
    return CouncilView(council, members, delegations)
