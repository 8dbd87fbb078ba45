"""Accounts: users, the roles granted to them on organisation units, and login throttling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import UTCDateTime, utcnow

ROLES = ("unit_officer", "secretariat", "council_member", "chair", "rule_author", "admin")
_ROLE_CHECK = "role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")"


class UserAccount(SQLModel, table=True):
    """A person who signs in; the password is stored only as an argon2 hash."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True, index=True)
    full_name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=200)
    password_hash: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Sessions carry the generation they were signed in under; bumping it (sign-out, password
    # reset, disabling) revokes every session of the account on the server side.
    session_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class RoleGrant(SQLModel, table=True):
    """A role held on one unit; what it allows on that unit and below is in awards.permissions."""

    __tablename__ = "role_grant"
    __table_args__ = (
        CheckConstraint(_ROLE_CHECK, name="role"),
        UniqueConstraint("user_id", "role", "unit_id", name="uq_role_grant"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    role: str = Field(max_length=24)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    granted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LoginThrottle(SQLModel, table=True):
    """Failed sign-ins per account and client address, persisted so every worker sees them."""

    __tablename__ = "login_throttle"

    key: str = Field(primary_key=True, max_length=300, description="username|ip")
    failures: int = 0
    window_started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    locked_until: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SavedFilter(SQLModel, table=True):
    """A filter of the dossier list or the inbox that one account named to apply again."""

    __tablename__ = "saved_filter"
    __table_args__ = (
        CheckConstraint("screen IN ('dossiers', 'inbox')", name="screen"),
        UniqueConstraint("user_id", "screen", "name", name="uq_saved_filter_name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    screen: str = Field(max_length=10, description="dossiers | inbox")
    name: str = Field(max_length=80)
    query: str = Field(max_length=2000, description="The screen's query string, as applied")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
