"""Cụm / khối thi đua: clusters, their members, and the points of each year (`uow.clusters`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select
from sqlmodel import Session

from awards.model import Cluster, ClusterMember, ClusterScore, Dossier, Unit

CLUSTER: Table = Cluster.__table__  # type: ignore[attr-defined]
MEMBER: Table = ClusterMember.__table__  # type: ignore[attr-defined]
SCORE: Table = ClusterScore.__table__  # type: ignore[attr-defined]
DOSSIER: Table = Dossier.__table__  # type: ignore[attr-defined]
UNIT: Table = Unit.__table__  # type: ignore[attr-defined]


class ClusterRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_code(self, code: str) -> Cluster | None:
        return self.session.scalars(select(Cluster).where(CLUSTER.c.code == code)).first()

    def all(self) -> list[Cluster]:
        return list(self.session.scalars(select(Cluster).order_by(CLUSTER.c.code)))

    def add(self, cluster: Cluster) -> None:
        self.session.add(cluster)
        self.session.flush()

    def member_ids(self, cluster_id: int) -> list[int]:
        stmt = select(MEMBER.c.unit_id).where(MEMBER.c.cluster_id == cluster_id)
        return [int(u) for u in self.session.scalars(stmt.order_by(MEMBER.c.id))]

    def add_members(self, cluster_id: int, unit_ids: list[int]) -> None:
        for unit_id in unit_ids:
            self.session.add(ClusterMember(cluster_id=cluster_id, unit_id=unit_id))
        self.session.flush()

    def remove_members(self, cluster_id: int, unit_ids: list[int]) -> None:
        self.session.execute(
            delete(MEMBER).where(MEMBER.c.cluster_id == cluster_id, MEMBER.c.unit_id.in_(unit_ids))
        )

    def clusters_of_unit(self, unit_id: int) -> list[Cluster]:
        stmt = (
            select(Cluster)
            .join(MEMBER, MEMBER.c.cluster_id == CLUSTER.c.id)
            .where(MEMBER.c.unit_id == unit_id)
        )
        return list(self.session.scalars(stmt))

    def put_scores(
        self,
        cluster_id: int,
        year: int,
        unit_id: int,
        source: str,
        points: dict[str, str],
        actor: str,
        at: datetime,
    ) -> None:
        """Append the given criteria's points of one member; the latest row counts."""
        for criterion, value in points.items():
            self.session.add(
                ClusterScore(
                    cluster_id=cluster_id,
                    year=year,
                    unit_id=unit_id,
                    criterion=criterion,
                    source=source,
                    points=value,
                    actor=actor,
                    at=at,
                )
            )
        self.session.flush()

    def history(self, cluster_id: int, year: int) -> list[dict[str, Any]]:
        """Every score row of the year, oldest first (the trail)."""
        stmt = (
            select(SCORE)
            .where(SCORE.c.cluster_id == cluster_id, SCORE.c.year == year)
            .order_by(SCORE.c.id)
        )
        return [dict(r._mapping) for r in self.session.execute(stmt)]

    def scores(self, cluster_id: int, year: int) -> list[dict[str, Any]]:
        """The points in force: the latest row per member, source and criterion."""
        latest: dict[tuple[int, str, str], dict[str, Any]] = {}
        for row in self.history(cluster_id, year):
            latest[(row["unit_id"], row["source"], row["criterion"])] = row
        return list(latest.values())

    def proposed(self, round_id: int, unit_ids: list[int]) -> dict[tuple[int, str], str]:
        """(nominee unit, award) → dossier code of the round's live proposals for these units."""
        stmt = select(DOSSIER.c.nominee_unit_id, DOSSIER.c.award_code, DOSSIER.c.code).where(
            DOSSIER.c.round_id == round_id,
            DOSSIER.c.nominee_unit_id.in_(unit_ids),
            DOSSIER.c.state != "withdrawn",
        )
        return {(int(u), str(a)): str(c) for u, a, c in self.session.execute(stmt)}

    def unit_codes(self, unit_ids: list[int]) -> dict[str, int]:
        """code → id of these units, in the given order (codes never change)."""
        stmt = select(UNIT.c.id, UNIT.c.code).where(UNIT.c.id.in_(unit_ids))
        found = {int(i): str(c) for i, c in self.session.execute(stmt)}
        return {found[i]: i for i in unit_ids if i in found}
