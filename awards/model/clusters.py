"""Cụm / khối thi đua: peer units that sign a giao ước thi đua, score themselves, are assessed.

The criteria, weights, tie-breaks and the awards proposed for the leaders are policy data of the
pack (rules/policies/clusters/<compact>.yaml); these tables only hold who is in which cluster and
the points each unit was given per criterion and year, by itself and by the cluster's lead unit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from awards.model.base import UTCDateTime, utcnow


class Cluster(SQLModel, table=True):
    """A cụm (or khối) thi đua; its lead unit (trưởng cụm) assesses and proposes the leaders."""

    __tablename__ = "cluster"
    __table_args__ = (CheckConstraint("kind IN ('cum', 'khoi')", name="cluster_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=10)
    lead_unit_id: int = Field(foreign_key="unit.id")
    compact: str = Field(max_length=60, description="Giao ước: the policy file's id")
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ClusterMember(SQLModel, table=True):
    __tablename__ = "cluster_member"
    __table_args__ = (UniqueConstraint("cluster_id", "unit_id", name="uq_cluster_member"),)

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id", index=True)
    unit_id: int = Field(foreign_key="unit.id")


class ClusterScore(SQLModel, table=True):
    """Points of one member for one criterion (or deduction) of a year's giao ước.

    ``source`` is ``self`` (the member's own tự chấm) or ``assessed`` (the cluster's). Append-only:
    scoring again adds a row, the latest per criterion counts, and the earlier ones stay as the
    trail of who gave which points when.
    """

    __tablename__ = "cluster_score"
    __table_args__ = (
        CheckConstraint("source IN ('self', 'assessed')", name="cluster_score_source"),
        Index("ix_cluster_score_year", "cluster_id", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    cluster_id: int = Field(foreign_key="cluster.id")
    year: int
    unit_id: int = Field(foreign_key="unit.id")
    criterion: str = Field(max_length=40)
    source: str = Field(max_length=10)
    points: str = Field(max_length=12, description="Decimal as written, e.g. 27.5")
    actor: str = Field(max_length=120)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
