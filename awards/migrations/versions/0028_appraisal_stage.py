"""appraisal stage (issue 21): each dossier's judgement staged between the chunks that judge a
batch and the moves that store it, so an appraisal of 1,000,000 nominees streams

Revision ID: 0028_appraisal_stage
Revises: 0023_dossier_versions
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0028_appraisal_stage"
down_revision: str | None = "0029_report_covering"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "appraisal_stage",
        sa.Column("run", _TEXT(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("code", _TEXT(length=30), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("created_at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("run", "seq", name=op.f("pk_appraisal_stage")),
    )


def downgrade() -> None:
    op.drop_table("appraisal_stage")
