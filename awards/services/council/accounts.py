"""Which sign-in account votes as which council member (issue 16): linked by the secretariat.

A member used to be matched to an account by e-mail, which any administrator can type. Now the
council's secretariat links one account to one member explicitly; the account must hold a
council role (thành viên or chủ tịch) on the council's unit, the link is shown on the roll and
written to the council's event log with both names. A linked member is not relinked silently.
"""

from __future__ import annotations

from datetime import datetime

from awards.errors import ConflictError, NotFoundError, ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.lifecycle.plan import Actor

VOTING_ROLES = ("council_member", "chair")


def _secretariat_of(uow_factory: UnitOfWorkFactory, principal: Principal, member_id: int) -> Actor:
    """The principal as the secretariat of the member's council (the one grant for links)."""
    with uow_factory(write=False) as uow:
        member = uow.integrity.member(member_id)
        council = uow.councils.council(member.council_id) if member else None
    if member is None or council is None:
        raise NotFoundError(f"Không có thành viên Hội đồng số {member_id}.")
    authorize(principal, Action.prepare_session, [council.unit_id], f"{council.name}")
    return Actor(principal.full_name, "secretariat")


def link_account_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    member_id: int,
    username: str,
    now: datetime,
) -> None:
    """The secretariat of the member's council links `username` to the member."""
    actor = _secretariat_of(uow_factory, principal, member_id)
    link_account(uow_factory, member_id, username, actor, now)


def unlink_account_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, member_id: int, now: datetime
) -> str:
    """The secretariat of the member's council removes the member's link; the account's name."""
    actor = _secretariat_of(uow_factory, principal, member_id)
    return unlink_account(uow_factory, member_id, actor, now)


def unlink_account(
    uow_factory: UnitOfWorkFactory, member_id: int, actor: Actor, now: datetime
) -> str:
    """The member votes through no account until one is linked again; written to the log."""
    with uow_factory() as uow:
        member = uow.integrity.member(member_id)
        assert member is not None and member.id is not None
        council = uow.councils.council(member.council_id)
        assert council is not None and council.id is not None
        if member.account is None:
            raise ValidationError(
                f"Thành viên {member.full_name} chưa gắn tài khoản nào; không có gì để gỡ."
            )
        account, member.account = member.account, None
        uow.integrity.save_member(member)
        detail = {"member": member.full_name, "account": account, "by": actor.name}
        uow.councils.log(council.id, actor.name, now, "account_unlinked", detail)
        uow.commit()
        return account


def link_account(
    uow_factory: UnitOfWorkFactory, member_id: int, username: str, actor: Actor, now: datetime
) -> None:
    username = username.strip().lower()
    with uow_factory() as uow:
        member = uow.integrity.member(member_id)
        assert member is not None and member.id is not None
        council = uow.councils.council(member.council_id)
        assert council is not None and council.id is not None
        if member.account == username:
            return
        if member.account is not None:
            raise ConflictError(
                f"Thành viên {member.full_name} đã gắn với tài khoản {member.account}; muốn đổi, "
                "hãy gỡ liên kết cũ trước (việc gỡ được ghi vào nhật ký Hội đồng)."
            )
        if not uow.integrity.roles_on(username, council.unit_id) & set(VOTING_ROLES):
            raise ValidationError(
                f"Tài khoản '{username}' không có vai trò thành viên hoặc chủ tịch Hội đồng tại "
                f"đơn vị của {council.name}; cấp vai trò trước khi gắn."
            )
        taken = uow.integrity.member_with_account(council.id, username)
        if taken is not None:
            raise ConflictError(
                f"Tài khoản '{username}' đã gắn với thành viên {taken.full_name} của Hội đồng này."
            )
        member.account = username
        uow.integrity.save_member(member)
        detail = {"member": member.full_name, "account": username, "by": actor.name}
        uow.councils.log(council.id, actor.name, now, "account_linked", detail)
        uow.commit()
