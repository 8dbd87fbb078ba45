"""A cluster's board, scores and proposals on behalf of a signed-in user.

The grant is checked on the unit concerned before the use case runs, whichever route asks: the
member scored for a self-score, the cluster's lead unit for the assessment and the proposals,
the lead or any member for reading the board.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from awards.errors import ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.clusters.scoring import (
    ClusterBoard,
    NewCluster,
    Proposed,
    ScoreInput,
    add_cluster,
    cluster_board,
    cluster_target,
    clusters_board,
    propose_leaders,
    record_scores,
)
from awards.services.lifecycle.plan import Actor


@dataclass(frozen=True)
class BoardPage:
    board: ClusterBoard
    self_units: list[tuple[str, str]]  # (code, name) of the members the user may self-score
    may_assess: bool
    may_propose: bool


def board_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, code: str, year: int
) -> BoardPage:
    lead, members = cluster_target(uow_factory, code)
    authorize(principal, Action.view_clusters, [lead, *members.values()], f"của cụm, khối {code}")
    board = cluster_board(uow_factory, code, year)
    own = [
        (x.unit_code, x.unit_name)
        for x in board.lines
        if principal.may(Action.self_score, [members[x.unit_code]]) is not None
    ]
    return BoardPage(
        board,
        own,
        principal.may(Action.assess_cluster, [lead]) is not None,
        principal.may(Action.propose_cluster_leaders, [lead]) is not None,
    )


def boards_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, year: int
) -> list[ClusterBoard]:
    """The clusters of the year whose board the user may read (the rollup and its chart)."""
    boards = clusters_board(uow_factory, year)
    out = []
    for b in boards:
        lead, members = cluster_target(uow_factory, b.code)
        if principal.may(Action.view_clusters, [lead, *members.values()]) is not None:
            out.append(b)
    return out


def score_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, inp: ScoreInput, now: datetime
) -> ClusterBoard:
    lead, members = cluster_target(uow_factory, inp.cluster_code)
    if inp.unit_code not in members:
        raise ValidationError(
            f"Đơn vị {inp.unit_code} không phải thành viên cụm, khối {inp.cluster_code}."
        )
    if inp.source == "self":
        grant = authorize(
            principal, Action.self_score, [members[inp.unit_code]], f"của đơn vị {inp.unit_code}"
        )
    else:
        grant = authorize(
            principal, Action.assess_cluster, [lead], f"của cụm, khối {inp.cluster_code}"
        )
    record_scores(uow_factory, inp, Actor(principal.full_name, grant.role), now)
    return cluster_board(uow_factory, inp.cluster_code, inp.year)


def propose_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    code: str,
    year: int,
    round_code: str,
    now: datetime,
) -> list[Proposed]:
    lead, _ = cluster_target(uow_factory, code)
    grant = authorize(principal, Action.propose_cluster_leaders, [lead], f"của cụm, khối {code}")
    return propose_leaders(
        uow_factory, code, year, round_code, Actor(principal.full_name, grant.role), now
    )


def may_create(principal: Principal) -> bool:
    return principal.reach(Action.manage_clusters) != set()


def create_as(
    uow_factory: UnitOfWorkFactory, principal: Principal, new: NewCluster, now: datetime
) -> None:
    """A new cluster with its members; the user's grant must reach its lead unit."""
    with uow_factory(write=False) as uow:
        lead = uow.org.require_id(new.lead_unit_code)
    grant = authorize(principal, Action.manage_clusters, [lead], f"cho đơn vị {new.lead_unit_code}")
    add_cluster(uow_factory, new, Actor(principal.full_name, grant.role), now)
