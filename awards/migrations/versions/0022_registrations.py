"""đăng ký thi đua: the titles each unit registers at the start of the year

Revision ID: 0022_registrations
Revises: 0021_org_import
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0022_registrations"
down_revision: str | None = "0021_org_import"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("award_code", _TEXT(length=40), nullable=False),
        sa.Column("nominee_kind", _TEXT(length=10), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("nominee_unit_id", sa.Integer(), nullable=True),
        sa.Column("status", _TEXT(length=20), nullable=False),
        sa.Column("actor", _TEXT(length=120), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_by", _TEXT(length=120), nullable=False),
        sa.Column("closed_at", awards.model.base.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reason", _TEXT(length=2000), nullable=False),
        sa.CheckConstraint(
            "(person_id IS NULL) <> (nominee_unit_id IS NULL)",
            name=op.f("ck_registration_one_nominee"),
        ),
        sa.CheckConstraint(
            "nominee_kind IN ('ca_nhan', 'tap_the')", name=op.f("ck_registration_nominee_kind")
        ),
        sa.CheckConstraint(
            "status IN ('registered', 'withdrawn', 'not_achieved')",
            name=op.f("ck_registration_registration_status"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_registration_round_id_round")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_registration_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_registration_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["nominee_unit_id"], ["unit.id"], name=op.f("fk_registration_nominee_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration")),
    )
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.create_index("ix_registration_round_unit", ["round_id", "unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("registration", schema=None) as batch_op:
        batch_op.drop_index("ix_registration_round_unit")
    op.drop_table("registration")
