"""report texts (free-text sections of a sơ kết / tổng kết), document events, objection authors

Revision ID: 0020_report_texts
Revises: 0024_report_indexes
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0020_report_texts"
down_revision: str | None = "0024_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "report_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _TEXT(length=12), nullable=False),
        sa.Column("level_unit_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("section", _TEXT(length=40), nullable=False),
        sa.Column("text", _TEXT(length=20000), nullable=False),
        sa.Column("updated_by", _TEXT(length=120), nullable=False),
        sa.Column("updated_at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["level_unit_id"], ["unit.id"], name=op.f("fk_report_text_level_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_text")),
        sa.UniqueConstraint(
            "kind", "level_unit_id", "period_start", "period_end", "section", name="uq_report_text"
        ),
    )
    op.create_table(
        "document_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", _TEXT(length=120), nullable=False),
        sa.Column("subject", _TEXT(length=80), nullable=False),
        sa.Column("action", _TEXT(length=40), nullable=False),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_event")),
    )
    with op.batch_alter_table("document_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_event_subject"), ["subject"], unique=False)
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("recorded_by", _TEXT(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("resolved_by", _TEXT(length=120), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("resolved_at", awards.model.base.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("objection", schema=None) as batch_op:
        batch_op.drop_column("resolved_at")
        batch_op.drop_column("resolved_by")
        batch_op.drop_column("recorded_by")
    with op.batch_alter_table("document_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_event_subject"))
    op.drop_table("document_event")
    op.drop_table("report_text")
