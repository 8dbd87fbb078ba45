"""eligibility explanations in their own table: the ~2 KB of JSON appraisal stores on a dossier
moves from dossier.eligibility to dossier_eligibility.record, so each later move of the dossier
rewrites a short row (issue 21); the stored explanations move with it, and back on downgrade

Revision ID: 0026_eligibility_table
Revises: 0023_dossier_versions
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0026_eligibility_table"
down_revision: str | None = "0028_appraisal_stage"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dossier_eligibility",
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier.id"],
            name=op.f("fk_dossier_eligibility_dossier_id_dossier"),
        ),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_dossier_eligibility")),
    )
    # A JSON null (None written explicitly) is no explanation either.
    text = "CAST(eligibility AS TEXT)" if _postgresql() else "eligibility"
    op.execute(
        "INSERT INTO dossier_eligibility (dossier_id, record) SELECT id, eligibility FROM dossier"
        f" WHERE eligibility IS NOT NULL AND {text} <> 'null'"
    )
    # Native DROP COLUMN on both (SQLite ≥ 3.35): a batch rebuild would drop and recreate the
    # table every other table references.
    op.execute("ALTER TABLE dossier DROP COLUMN eligibility")


def downgrade() -> None:
    op.add_column("dossier", sa.Column("eligibility", sa.JSON(), nullable=True))
    op.execute(
        "UPDATE dossier SET eligibility = (SELECT record FROM dossier_eligibility"
        " WHERE dossier_eligibility.dossier_id = dossier.id)"
        " WHERE id IN (SELECT dossier_id FROM dossier_eligibility)"
    )
    op.drop_table("dossier_eligibility")


def _postgresql() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")
