"""Accounts: create users, grant roles on units, sign in with argon2 and throttling.

Throttling is persisted (table login_throttle) so that several server processes share it and a
restart does not reset it: per account whatever the address, and a cap per address across
accounts (awards.services.accounts.throttle).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from awards.errors import NotFoundError, PermissionDenied, ValidationError
from awards.fields import email_problem, require
from awards.model import UserAccount
from awards.permissions import ROLE_LABELS, ROLES, Action
from awards.repository import UnitOfWorkFactory
from awards.repository.accounts import AccountRepository
from awards.services.accounts.access import Principal, authorize
from awards.services.accounts.throttle import (
    Keys,
    clear_account,
    count_failure,
    require_unlocked,
)

MIN_PASSWORD = 10  # a security setting of ours, not a legal number
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,79}$")
# argon2id with OWASP's first recommended parameters (19 MiB, 2 passes, 1 lane): ~30 ms of one
# core per sign-in. The library's default (64 MiB, 3 passes, 4 lanes) took 0.7 s a sign-in on the
# demo's two busy cores. Hashes made under other parameters still verify, and are rehashed at
# the next sign-in. A security setting of ours, not a legal number.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


@functools.cache
def _dummy_hash() -> str:
    """Verified when the user does not exist, so a wrong name costs as much time as a wrong
    password. Hashed on the first sign-in, not at import (every `tdkt` command imports this)."""
    return _HASHER.hash("tdkt-dummy-password")


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    password: str
    email: str | None = None


def add_user(uow_factory: UnitOfWorkFactory, new: NewUser) -> int:
    """Create an account; the password is kept only as an argon2id hash."""
    if not _USERNAME.match(new.username):
        raise ValidationError(
            f"Tên đăng nhập '{new.username}' không hợp lệ: dùng 3–80 ký tự thường a–z, 0–9, "
            "dấu chấm, gạch ngang hoặc gạch dưới."
        )
    check_password(new.password)
    require(email=email_problem(new.email))
    with uow_factory() as uow:
        if uow.accounts.user_by_name(new.username):
            raise ValidationError(f"Tên đăng nhập '{new.username}' đã có; chọn tên khác.")
        user = UserAccount(
            username=new.username,
            full_name=new.full_name.strip() or new.username,
            email=new.email,
            password_hash=_HASHER.hash(new.password),
        )
        user_id = uow.accounts.add_user(user)
        uow.commit()
        return user_id


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            f"Mật khẩu quá ngắn ({len(password)} ký tự): cần ít nhất {MIN_PASSWORD} ký tự."
        )


def grant_role(uow_factory: UnitOfWorkFactory, username: str, role: str, unit_code: str) -> None:
    """Give `role` on a unit; granting the same role twice is a no-op."""
    if role not in ROLES:
        raise ValidationError(
            f"Vai trò '{role}' không có; dùng một trong: "
            + ", ".join(f"{r} ({ROLE_LABELS[r]})" for r in ROLES)
        )
    with uow_factory() as uow:
        user = _user(uow.accounts, username)
        unit = uow.accounts.unit_by_code(unit_code)
        if unit is None:
            raise NotFoundError(f"Không có đơn vị mã '{unit_code}'.")
        assert user.id is not None and unit.id is not None
        if not uow.accounts.has_grant(user.id, role, unit.id):
            uow.accounts.add_grant(user.id, role, unit.id)
        uow.commit()


def _user(accounts: AccountRepository, username: str) -> UserAccount:
    user = accounts.user_by_name(username)
    if user is None:
        raise NotFoundError(f"Không có tài khoản '{username}'; tạo bằng `tdkt users add`.")
    return user


def authenticate(
    uow_factory: UnitOfWorkFactory, username: str, password: str, *, client: str, now: datetime
) -> int:
    """The user id when the password matches; PermissionDenied otherwise (same message).

    Throttled per account and per address (awards.services.accounts.throttle)."""
    keys = Keys.of(username, client)
    # The hash is checked outside the write transaction: on SQLite a writer holds the database's
    # only write lock, and every other write would wait out the sign-in's argon2 time.
    with uow_factory(write=False) as uow:
        require_unlocked(uow.accounts, keys, now)
        user = uow.accounts.user_by_name(username.strip().lower())
    stored = user.password_hash if user else _dummy_hash()
    ok = _verify(stored, password) and user is not None and user.active
    rehashed = _HASHER.hash(password) if ok and _HASHER.check_needs_rehash(stored) else None
    with uow_factory() as uow:
        accounts = uow.accounts
        if ok and user is not None and user.id is not None:
            require_unlocked(accounts, keys, now)  # locked by guesses made meanwhile: still no
            clear_account(accounts, keys)
            if rehashed is not None:
                accounts.update_user(user.id, {"password_hash": rehashed})
            uow.commit()
            return user.id
        count_failure(accounts, keys, now)
        uow.commit()
    raise PermissionDenied("Tên đăng nhập hoặc mật khẩu không đúng.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserSummary:
    user_id: int
    username: str
    full_name: str
    active: bool
    grants: list[tuple[str, str]]  # (role, unit code)


def list_users(uow_factory: UnitOfWorkFactory) -> list[UserSummary]:
    with uow_factory() as uow:
        users = uow.accounts.users()
        rows = uow.accounts.grants_by_code()
    grants: dict[int, list[tuple[str, str]]] = {}
    for user_id, role, code in rows:
        grants.setdefault(user_id, []).append((role, code))
    return [
        UserSummary(u.id or 0, u.username, u.full_name, u.active, sorted(grants.get(u.id or 0, [])))
        for u in users
    ]


def users_below(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    unit_code: str,
    *,
    on: date,
    search: str = "",
) -> list[UserSummary]:
    """Accounts holding a role on a unit or below it; needs manage_users on that unit.
    `search` keeps those whose user name or full name contains it (any case)."""
    with uow_factory(write=False) as uow:
        unit = uow.accounts.unit_by_code(unit_code)
        if unit is None or unit.id is None:
            raise NotFoundError(f"Không có đơn vị mã '{unit_code}'.")
        authorize(principal, Action.manage_users, [unit.id], f"tại đơn vị {unit_code}")
        ids = uow.accounts.users_on(uow.accounts.descendant_ids(unit.id, on))
    wanted = search.strip().casefold()
    return [
        u
        for u in list_users(uow_factory)
        if u.user_id in ids
        and (not wanted or wanted in u.username.casefold() or wanted in u.full_name.casefold())
    ]


def session_generation(uow_factory: UnitOfWorkFactory, user_id: int) -> int:
    with uow_factory(write=False) as uow:
        user = uow.accounts.user(user_id)
        return user.session_generation if user else 0


def revoke_sessions(uow_factory: UnitOfWorkFactory, user_id: int) -> None:
    """Every session signed in before now stops working (its generation no longer matches)."""
    with uow_factory() as uow:
        uow.accounts.bump_generation(user_id)
        uow.commit()
