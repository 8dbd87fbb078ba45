"""deadlines: the basis of computed deadlines (start day, working days), for recomputation

Revision ID: 0004_deadlines
Revises: 0003_council
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_deadlines"
down_revision: str | None = "0003_council"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_from", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("due_days", sa.Integer(), nullable=True))
        batch_op.create_index("ix_dossier_due_basis", ["due_from", "due_days"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_dossier_due_basis")
        batch_op.drop_column("due_days")
        batch_op.drop_column("due_from")
