"""Accounts: users, their role grants on units, the sign-in throttle."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import text, update
from sqlmodel import Session, col, select

from awards.model import LoginThrottle, RoleGrant, SavedFilter, Unit, UserAccount
from awards.repository import org

# The grants' units and the units below them walked together (as org._DESCENDANTS, per grant).
_WITH_GRANTS = text(
    """
    WITH RECURSIVE g(grant_id, role, unit_id) AS (
        SELECT id, role, unit_id FROM role_grant WHERE user_id = :user_id
    ), down(grant_id, unit_id, depth) AS (
        SELECT grant_id, unit_id, 0 FROM g
        UNION ALL
        SELECT down.grant_id, v.unit_id, down.depth + 1
        FROM unit_version v JOIN down ON v.parent_id = down.unit_id
        WHERE v.valid_from <= :on AND (v.valid_to IS NULL OR v.valid_to > :on) AND down.depth < 20
    )
    SELECT a.username, a.full_name, a.active, a.session_generation, g.grant_id, g.role,
        g.unit_id,
        COALESCE(
            (SELECT v.name FROM unit_version v WHERE v.unit_id = g.unit_id AND v.valid_from <= :on
               AND (v.valid_to IS NULL OR v.valid_to > :on)),
            (SELECT u.code FROM unit u WHERE u.id = g.unit_id)
        ),
        down.unit_id
    FROM user_account a
    LEFT JOIN g ON 1 = 1
    LEFT JOIN down ON down.grant_id = g.grant_id
    WHERE a.id = :user_id
    ORDER BY g.grant_id
    """
)


class AccountRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- saved filters of the dossier list and the inbox, per account -------------------
    def saved_filters(self, user_id: int, screen: str | None = None) -> list[SavedFilter]:
        stmt = select(SavedFilter).where(col(SavedFilter.user_id) == user_id)
        if screen is not None:
            stmt = stmt.where(col(SavedFilter.screen) == screen)
        return list(self.session.exec(stmt.order_by(col(SavedFilter.name))))

    def saved_filter(self, filter_id: int) -> SavedFilter | None:
        return self.session.get(SavedFilter, filter_id)

    def put_saved_filter(self, saved: SavedFilter) -> int:
        self.session.add(saved)
        self.session.flush()
        assert saved.id is not None
        return saved.id

    def delete_saved_filter(self, saved: SavedFilter) -> None:
        self.session.delete(saved)
        self.session.flush()

    # -- users ---------------------------------------------------------------------------
    def user(self, user_id: int) -> UserAccount | None:
        return self.session.get(UserAccount, user_id)

    def user_by_name(self, username: str) -> UserAccount | None:
        stmt = select(UserAccount).where(col(UserAccount.username) == username)
        return self.session.exec(stmt).first()

    def add_user(self, user: UserAccount) -> int:
        self.session.add(user)
        self.session.flush()
        assert user.id is not None
        return user.id

    def users(self) -> list[UserAccount]:
        return list(self.session.exec(select(UserAccount).order_by(col(UserAccount.username))))

    def update_user(self, user_id: int, values: dict[str, Any]) -> None:
        self.session.execute(
            update(UserAccount).where(col(UserAccount.id) == user_id).values(values)
        )

    def bump_generation(self, user_id: int) -> None:
        """In SQL (not read-then-write), so two revocations at once both count."""
        self.update_user(user_id, {"session_generation": col(UserAccount.session_generation) + 1})

    def with_grants(self, user_id: int, on: date) -> list[Any]:
        """(username, full_name, active, session_generation, grant_id, role, unit_id,
        unit_name, below_id) in grant order, in ONE statement: a row per unit below each
        grant's unit on `on` (the unit itself included), one row with grant_id None when the
        user has no grant, none when no user. The unit name is the one valid on `on`, else the
        unit's code."""
        return list(self.session.execute(_WITH_GRANTS, {"user_id": user_id, "on": on}).all())

    # -- grants --------------------------------------------------------------------------
    def has_grant(self, user_id: int, role: str, unit_id: int) -> bool:
        stmt = select(RoleGrant).where(
            col(RoleGrant.user_id) == user_id,
            col(RoleGrant.role) == role,
            col(RoleGrant.unit_id) == unit_id,
        )
        return self.session.exec(stmt).first() is not None

    def add_grant(self, user_id: int, role: str, unit_id: int) -> None:
        self.session.add(RoleGrant(user_id=user_id, role=role, unit_id=unit_id))

    def grant_units(self, user_id: int) -> set[int]:
        stmt = select(col(RoleGrant.unit_id)).where(col(RoleGrant.user_id) == user_id)
        return set(self.session.exec(stmt))

    def grants_by_code(self) -> list[tuple[int, str, str]]:
        """(user id, role, unit code) of every grant."""
        stmt = select(RoleGrant.user_id, RoleGrant.role, Unit.code).join(
            Unit, col(Unit.id) == col(RoleGrant.unit_id)
        )
        return [(int(u), str(r), str(c)) for u, r, c in self.session.exec(stmt).all()]

    def users_on(self, unit_ids: Iterable[int]) -> set[int]:
        """Ids of the users holding a role on one of the units."""
        stmt = select(col(RoleGrant.user_id)).where(col(RoleGrant.unit_id).in_(list(unit_ids)))
        return set(self.session.exec(stmt))

    # -- units (where roles are granted) -------------------------------------------------
    def unit_by_code(self, code: str) -> Unit | None:
        return self.session.exec(select(Unit).where(col(Unit.code) == code)).first()

    def unit_codes(self, unit_ids: Iterable[int] | None) -> list[str]:
        """Codes of the given units (None: every unit), sorted."""
        stmt = select(col(Unit.code)).order_by(col(Unit.code))
        if unit_ids is not None:
            stmt = stmt.where(col(Unit.id).in_(sorted(unit_ids)))
        return list(self.session.exec(stmt))

    def descendant_ids(self, unit_id: int, on: date) -> set[int]:
        return org.descendant_ids(self.session, unit_id, on)

    # -- sign-in throttle ----------------------------------------------------------------
    def throttle(self, key: str) -> LoginThrottle | None:
        return self.session.get(LoginThrottle, key)

    def save_throttle(self, throttle: LoginThrottle) -> None:
        self.session.add(throttle)

    def clear_throttle(self, throttle: LoginThrottle) -> None:
        self.session.delete(throttle)
