"""outbox: a partial expression index for the inbox's reminder panel, (lower(recipient),
created_at DESC, id DESC) over the reminder sweep's two kinds only

Revision ID: 0012_outbox_reminders
Revises: 0007_scale
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_outbox_reminders"
down_revision: str | None = "0007_scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REMINDERS = sa.text("kind IN ('reminder_digest', 'overdue_digest')")


def upgrade() -> None:
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
