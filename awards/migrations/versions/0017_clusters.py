"""cụm / khối thi đua: clusters, their members and the scores of each year's giao ước

Revision ID: 0017_clusters
Revises: 0015_seats
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import awards.model.base

revision: str = "0017_clusters"
down_revision: str | None = "0015_seats"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", _TEXT(length=40), nullable=False),
        sa.Column("name", _TEXT(length=200), nullable=False),
        sa.Column("kind", _TEXT(length=10), nullable=False),
        sa.Column("lead_unit_id", sa.Integer(), nullable=False),
        sa.Column("compact", _TEXT(length=60), nullable=False),
        sa.Column("actor", _TEXT(length=120), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('cum', 'khoi')", name=op.f("ck_cluster_cluster_kind")),
        sa.ForeignKeyConstraint(
            ["lead_unit_id"], ["unit.id"], name=op.f("fk_cluster_lead_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster")),
        sa.UniqueConstraint("code", name=op.f("uq_cluster_code")),
    )
    op.create_table(
        "cluster_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["cluster.id"], name=op.f("fk_cluster_member_cluster_id_cluster")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_cluster_member_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_member")),
        sa.UniqueConstraint("cluster_id", "unit_id", name="uq_cluster_member"),
    )
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_member_cluster_id"), ["cluster_id"], unique=False
        )
    op.create_table(
        "cluster_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("criterion", _TEXT(length=40), nullable=False),
        sa.Column("source", _TEXT(length=10), nullable=False),
        sa.Column("points", _TEXT(length=12), nullable=False),
        sa.Column("actor", _TEXT(length=120), nullable=False),
        sa.Column("at", awards.model.base.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "source IN ('self', 'assessed')", name=op.f("ck_cluster_score_cluster_score_source")
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"], ["cluster.id"], name=op.f("fk_cluster_score_cluster_id_cluster")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_cluster_score_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_score")),
    )
    with op.batch_alter_table("cluster_score", schema=None) as batch_op:
        batch_op.create_index("ix_cluster_score_year", ["cluster_id", "year"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cluster_score", schema=None) as batch_op:
        batch_op.drop_index("ix_cluster_score_year")
    op.drop_table("cluster_score")
    with op.batch_alter_table("cluster_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_member_cluster_id"))
    op.drop_table("cluster_member")
    op.drop_table("cluster")
