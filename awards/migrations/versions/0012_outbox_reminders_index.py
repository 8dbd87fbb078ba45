"""outbox: a partial expression index for the inbox's reminder panel, (lower(recipient),
created_at DESC, id DESC) over the reminder sweep's two kinds only; a `data` column for
messages stored as template data and rendered at delivery (the reminder digests)

Revision ID: 0012_outbox_reminders
Revises: 0011_round_admin
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_outbox_reminders"
down_revision: str | None = "0011_round_admin"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REMINDERS = sa.text("kind IN ('reminder_digest', 'overdue_digest')")


def upgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("data", sa.JSON(), nullable=True))
    op.create_index(
        "ix_outbox_reminders_to",
        "outbox_message",
        [sa.text("lower(recipient)"), sa.text("created_at DESC"), sa.text("id DESC")],
        unique=False,
        postgresql_where=_REMINDERS,
        sqlite_where=_REMINDERS,
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_reminders_to", table_name="outbox_message")
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("data")
