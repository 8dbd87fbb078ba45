"""dossier versions and saved filters (issue 20): each correction of a draft or returned dossier
by its unit is kept (what changed, who, when); an account names filters of the dossier list and
the inbox to apply again

Revision ID: 0023_dossier_versions
Revises: 0019_decisions
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0023_dossier_versions"
down_revision: str | None = "0019_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "dossier_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("dossier_version", sa.Integer(), nullable=False),
        sa.Column("state", _TEXT(length=24), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", _TEXT(length=120), nullable=False),
        sa.Column("username", _TEXT(length=80), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.Column("note", _TEXT(length=4000), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_dossier_version_dossier_id_dossier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_version")),
        sa.UniqueConstraint("dossier_id", "seq", name="uq_dossier_version_seq"),
    )
    with op.batch_alter_table("dossier_version", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dossier_version_dossier_id"), ["dossier_id"], unique=False
        )
    op.create_table(
        "saved_filter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("screen", _TEXT(length=10), nullable=False),
        sa.Column("name", _TEXT(length=80), nullable=False),
        sa.Column("query", _TEXT(length=2000), nullable=False),
        sa.Column("created_at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("screen IN ('dossiers', 'inbox')", name=op.f("ck_saved_filter_screen")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_saved_filter_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filter")),
        sa.UniqueConstraint("user_id", "screen", "name", name="uq_saved_filter_name"),
    )
    with op.batch_alter_table("saved_filter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_filter_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("saved_filter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_filter_user_id"))
    op.drop_table("saved_filter")
    with op.batch_alter_table("dossier_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_version_dossier_id"))
    op.drop_table("dossier_version")
