"""reports at the limit: covering indexes for the sơ kết / tổng kết figures (state at the
period's end, per nominating unit, decided by a level, escalated by a level); the single-column
index on dossier.nominating_unit_id is replaced by the first of them

Revision ID: 0024_report_indexes
Revises: 0013_dossier_claims
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024_report_indexes"
down_revision: str | None = "0013_dossier_claims"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEXES = {
    "ix_dossier_period": (
        "dossier",
        ["nominating_unit_id", "created_at", "state", "decision_date", "nominee_kind", "person_id"],
    ),
    "ix_dossier_decided": (
        "dossier",
        ["decided_by_unit_id", "state", "decision_date", "award_code", "nominee_kind"],
    ),
    "ix_audit_state_then": ("audit_event", ["dossier_id", "seq", "at", "to_state"]),
    "ix_audit_escalations": ("audit_event", ["trigger", "unit_id", "at", "dossier_id"]),
}


def upgrade() -> None:
    for name, (table, columns) in _INDEXES.items():
        op.create_index(name, table, columns, unique=False)
    op.drop_index("ix_dossier_nominating_unit_id", table_name="dossier")


def downgrade() -> None:
    op.create_index("ix_dossier_nominating_unit_id", "dossier", ["nominating_unit_id"])
    for name, (table, _columns) in _INDEXES.items():
        op.drop_index(name, table_name=table)
