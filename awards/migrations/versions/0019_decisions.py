"""decisions: the numbered quyết định a level issues, with its DOCX and the dossiers it awarded;
the Ban kiểm phiếu of a council session and its biên bản kiểm phiếu

Revision ID: 0019_decisions
Revises: 0022_registrations
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0019_decisions"
down_revision: str | None = "0022_registrations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", _TEXT(length=40), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("level_unit_id", sa.Integer(), nullable=False),
        sa.Column("award_code", _TEXT(length=40), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("document_no", _TEXT(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("signer_name", _TEXT(length=200), nullable=False),
        sa.Column("signer_title", _TEXT(length=200), nullable=False),
        sa.Column("dossier_codes", sa.JSON(), nullable=True),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", _TEXT(length=64), nullable=False),
        sa.Column("created_at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by", _TEXT(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_code"], ["award.code"], name=op.f("fk_decision_award_code_award")
        ),
        sa.ForeignKeyConstraint(
            ["level_unit_id"], ["unit.id"], name=op.f("fk_decision_level_unit_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["round.id"], name=op.f("fk_decision_round_id_round")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
        sa.UniqueConstraint("code", name=op.f("uq_decision_code")),
        sa.UniqueConstraint("level_unit_id", "document_no", name="uq_decision_level_no"),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_round_id"), ["round_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_decision_level_unit_id"), ["level_unit_id"], unique=False
        )
    with op.batch_alter_table("council_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tellers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("tally_docx", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("council_session", schema=None) as batch_op:
        batch_op.drop_column("tally_docx")
        batch_op.drop_column("tellers")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_level_unit_id"))
        batch_op.drop_index(batch_op.f("ix_decision_round_id"))
    op.drop_table("decision")
