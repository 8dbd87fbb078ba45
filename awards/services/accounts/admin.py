"""Accounts managed by an administrator, within the units their manage_users grant reaches.

An administrator may change an account only when every role the account holds lies in their
reach, so a district administrator cannot disable someone who also works for the province.
Disabling an account or resetting its password revokes its sessions (session generation).
"""

from __future__ import annotations

from datetime import date

from awards.errors import NotFoundError, PermissionDenied, ValidationError
from awards.model import UserAccount
from awards.permissions import ROLE_LABELS, ROLES, Action, Scope, allows
from awards.repository import UnitOfWorkFactory
from awards.repository.accounts import AccountRepository
from awards.services.accounts.access import Principal, authorize
from awards.services.accounts.users import _HASHER, _USERNAME, NewUser, check_password

# Roles that run a level's approval path: an administrator gives them only on units below its
# own (issue 16), so no administrator makes the chair or secretariat of its own level or above.
LEVEL_ROLES = ("chair", "secretariat")


def require_below(principal: Principal, role: str, unit_id: int, unit_code: str) -> None:
    """PermissionDenied unless `unit_id` is strictly below a unit the principal administers."""
    if role not in LEVEL_ROLES:
        return
    if any(
        unit_id in g.below and allows(g.role, Action.manage_users, Scope.child)
        for g in principal.grants
    ):
        return
    raise PermissionDenied(
        f"Quản trị viên chỉ giao vai trò {ROLE_LABELS[role]} cho đơn vị cấp dưới của mình; "
        f"vai trò này tại {unit_code} do quản trị viên cấp trên giao."
    )


def create_user_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, new: NewUser, role: str, unit_code: str
) -> int:
    """One transaction: the account and its first role on a unit the administrator manages."""
    username = new.username.strip().lower()
    if not _USERNAME.match(username):
        raise ValidationError(
            f"Tên đăng nhập '{new.username}' không hợp lệ: dùng 3–80 ký tự thường a–z, 0–9, "
            "dấu chấm, gạch ngang hoặc gạch dưới."
        )
    if role not in ROLES:
        raise ValidationError(
            f"Vai trò '{role}' không có; chọn một trong: {', '.join(ROLE_LABELS.values())}."
        )
    check_password(new.password)
    with uow_factory() as uow:
        unit_id = _unit_id(uow.accounts, unit_code)
        authorize(principal, Action.manage_users, [unit_id], f"tại đơn vị {unit_code}")
        require_below(principal, role, unit_id, unit_code)
        if uow.accounts.user_by_name(username):
            raise ValidationError(f"Tên đăng nhập '{username}' đã có; chọn tên khác.")
        user = UserAccount(
            username=username,
            full_name=new.full_name.strip()[:200] or username,
            email=new.email or None,
            password_hash=_HASHER.hash(new.password),
        )
        user_id = uow.accounts.add_user(user)
        uow.accounts.add_grant(user_id, role, unit_id)
        uow.commit()
        return user_id


def set_active_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, username: str, active: bool
) -> None:
    """Disable (and sign out everywhere) or enable again an account in reach."""
    with uow_factory() as uow:
        user = _managed(uow.accounts, principal, username)
        values: dict[str, object] = {"active": active}
        if not active:
            values["session_generation"] = user.session_generation + 1
        uow.accounts.update_user(user.id or 0, values)
        uow.commit()


def reset_password_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, username: str, password: str
) -> None:
    """A new password chosen by the administrator; the account's sessions are revoked."""
    check_password(password)
    with uow_factory() as uow:
        user = _managed(uow.accounts, principal, username)
        uow.accounts.update_user(
            user.id or 0,
            {
                "password_hash": _HASHER.hash(password),
                "session_generation": user.session_generation + 1,
            },
        )
        uow.commit()


def _unit_id(accounts: AccountRepository, code: str) -> int:
    unit = accounts.unit_by_code(code)
    found = unit.id if unit else None
    if found is None:
        raise NotFoundError(f"Không có đơn vị mã '{code}'; chọn đơn vị trong danh sách.")
    return found


def _managed(accounts: AccountRepository, principal: Principal, username: str) -> UserAccount:
    user = accounts.user_by_name(username)
    if user is None or user.id is None:
        raise NotFoundError(f"Không có tài khoản '{username}'.")
    if user.id == principal.user_id:
        raise ValidationError("Không tự khóa hoặc đặt lại mật khẩu của chính mình tại đây.")
    units = accounts.grant_units(user.id)
    reach = principal.reach(Action.manage_users)
    if not units or (reach is not None and not units <= reach):
        raise PermissionDenied(
            f"Tài khoản {principal.username} không có quyền quản lý tài khoản '{username}': "
            "tài khoản này có vai trò ở đơn vị ngoài phạm vi quản trị của bạn."
        )
    return user


def manageable_units(
    uow_factory: UnitOfWorkFactory, principal: Principal, on: date
) -> list[tuple[str, str]]:
    """(code, name) of the units where the administrator may create accounts, by name."""
    reach = principal.reach(Action.manage_users)
    with uow_factory(write=False) as uow:
        return uow.screens.unit_choices(on, reach)


def change_role_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    username: str,
    role: str,
    unit_code: str,
    *,
    grant: bool,
) -> None:
    """Add (grant=True) or revoke one role of an account in reach, on a unit in reach; the
    account's sessions are revoked so the change applies at once."""
    if role not in ROLES:
        raise ValidationError(
            f"Vai trò '{role}' không có; chọn một trong: {', '.join(ROLE_LABELS.values())}."
        )
    with uow_factory() as uow:
        unit_id = _unit_id(uow.accounts, unit_code)
        authorize(principal, Action.manage_users, [unit_id], f"tại đơn vị {unit_code}")
        user = _managed(uow.accounts, principal, username)
        assert user.id is not None
        if grant:
            require_below(principal, role, unit_id, unit_code)
        held = uow.accounts.has_grant(user.id, role, unit_id)
        label = f"{ROLE_LABELS[role]} tại đơn vị {unit_code}"
        if grant and held:
            raise ValidationError(f"Tài khoản {username} đã có vai trò {label}.")
        if not grant and not held:
            raise NotFoundError(f"Tài khoản {username} không có vai trò {label}.")
        if grant:
            uow.accounts.add_grant(user.id, role, unit_id)
        else:
            uow.screens.remove_grant(user.id, role, unit_id)
        uow.accounts.bump_generation(user.id)
        uow.commit()
