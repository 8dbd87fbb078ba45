"""organisation import and member administration (issue 18): a unit's place (địa bàn), and the
trail of a member's facts (person_event)

Revision ID: 0021_org_import
Revises: 0020_report_texts
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0021_org_import"
down_revision: str | None = "0020_report_texts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True)
        )
    op.create_table(
        "person_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_person_event_person_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_event")),
    )
    with op.batch_alter_table("person_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_event_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("person_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_event_person_id"))
    op.drop_table("person_event")
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_column("place")
