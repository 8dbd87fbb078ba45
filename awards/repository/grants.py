"""Revoking a role: the one write on role grants the account repository does not have."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import Session, col

from awards.model import RoleGrant


def remove_grant(session: Session, user_id: int, role: str, unit_id: int) -> int:
    """Delete the grant; returns how many rows went (0 when the account did not hold it)."""
    result = session.execute(
        delete(RoleGrant).where(
            col(RoleGrant.user_id) == user_id,
            col(RoleGrant.role) == role,
            col(RoleGrant.unit_id) == unit_id,
        )
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
