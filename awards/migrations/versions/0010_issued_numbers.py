"""issued numbers: one row per numbered document, unique per issuer, series and year

Revision ID: 0010_issued_numbers
Revises: 0012_outbox_reminders
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0010_issued_numbers"
down_revision: str | None = "0012_outbox_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issued_number",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("series", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("ref", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_issued_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_number")),
        sa.UniqueConstraint("issuer", "series", "year", "number", name="uq_issued_number"),
        sa.UniqueConstraint("issuer", "year", "ref", name="uq_issued_number_ref"),
    )


def downgrade() -> None:
    op.drop_table("issued_number")
