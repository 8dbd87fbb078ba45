"""round administration: phases, admitted awards, level deadlines, closing, extensions, events;
the organisation's audit trail (org_event)

Revision ID: 0011_round_admin
Revises: 0007_scale
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0011_round_admin"
down_revision: str | None = "0007_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phases", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("admitted_awards", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("level_deadlines", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "registration_required", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "closed_by",
                sqlmodel.sql.sqltypes.AutoString(length=120),
                server_default="",
                nullable=False,
            )
        )
    op.create_table(
        "round_extension",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("granted_by", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("granted_at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_round_extension_round_id_round")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_round_extension_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_extension")),
    )
    with op.batch_alter_table("round_extension", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_round_extension_round_id"), ["round_id"], unique=False)
    op.create_table(
        "round_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_round_event_round_id_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_event")),
    )
    with op.batch_alter_table("round_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_round_event_round_id"), ["round_id"], unique=False)
    op.create_table(
        "org_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_org_event_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_event")),
    )
    with op.batch_alter_table("org_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_org_event_unit_id"), ["unit_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("org_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_org_event_unit_id"))
    op.drop_table("org_event")
    with op.batch_alter_table("round_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_event_round_id"))
    op.drop_table("round_event")
    with op.batch_alter_table("round_extension", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_extension_round_id"))
    op.drop_table("round_extension")
    with op.batch_alter_table("round", schema=None) as batch_op:
        for column in (
            "closed_by",
            "closed_on",
            "registration_required",
            "level_deadlines",
            "admitted_awards",
            "phases",
        ):
            batch_op.drop_column(column)
