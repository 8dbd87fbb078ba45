"""scale: BIGINT money values (values above 2.1 billion đồng were refused by PostgreSQL int4);
the inbox index (current unit, state, deadline, id) replaces (current unit, state)

Revision ID: 0007_scale
Revises: 0008_web_sessions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_scale"
down_revision: str | None = "0008_web_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MONEY = ("programme_record", "initiative")


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_current_state")
        batch_op.create_index(
            "ix_dossier_inbox", ["current_unit_id", "state", "due_on", "id"], unique=False
        )
    for table in _MONEY:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "value_vnd", existing_type=sa.Integer(), type_=sa.BigInteger(), nullable=False
            )


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_inbox")
        batch_op.create_index(
            "ix_dossier_current_state", ["current_unit_id", "state"], unique=False
        )
    for table in _MONEY:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                "value_vnd", existing_type=sa.BigInteger(), type_=sa.Integer(), nullable=False
            )
