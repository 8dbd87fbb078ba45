"""reports at the limit: ix_dossier_decided also carries the nominating unit, so the awards of a
level's subtree by who decided them (awarded_by_tier) are read from the index alone, not from a
dossier row each

Revision ID: 0029_report_covering
Revises: 0023_dossier_versions
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029_report_covering"
down_revision: str | None = "0023_dossier_versions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BEFORE = ["decided_by_unit_id", "state", "decision_date", "award_code", "nominee_kind"]


def upgrade() -> None:
    op.drop_index("ix_dossier_decided", table_name="dossier")
    op.create_index("ix_dossier_decided", "dossier", [*_BEFORE, "nominating_unit_id"])


def downgrade() -> None:
    op.drop_index("ix_dossier_decided", table_name="dossier")
    op.create_index("ix_dossier_decided", "dossier", _BEFORE)
