"""dossier claims and attachment uploader (issue 16): nominee facts a nomination asserts are kept
on the dossier; each attachment records the account that added it; a council member is linked to
its sign-in account explicitly (no longer matched by e-mail)

Revision ID: 0013_dossier_claims
Revises: 0017_clusters
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_dossier_claims"
down_revision: str | None = "0017_clusters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claims", sa.JSON(), nullable=True))
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uploaded_by", sa.String(length=120), nullable=True))
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("council_member", schema=None) as batch_op:
        batch_op.drop_column("account")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_column("uploaded_by")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("claims")
