"""A cluster's year: who is in it, the points given by each member and by the lead unit, the
ranking of its giao ước (policy data), and the leaders proposed as ordinary dossiers.

The giao ước in force on 31/12 of the year decides the criteria, weights and tie-breaks; points
above a criterion's maximum are refused with the limit. Proposing writes every leader's dossier
in one transaction through the nomination service, so they continue through the lifecycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from awards.errors import NotFoundError, ValidationError
from awards.model import Cluster
from awards.reports.clusters import ClusterPanel, ScoreBar, cluster_chart_png
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.services.lifecycle.plan import Actor
from awards.services.nomination.nominate import Nomination, nominate_in
from rules import DEFAULT_PACK
from rules.clusters import (
    CENT,
    CLUSTERS_DIR,
    Compact,
    Standing,
    compact_in_force,
    load_compacts,
    number,
)
from rules.errors import Problem

SOURCES = {"self": "tự chấm", "assessed": "cụm, khối chấm"}


@lru_cache(maxsize=1)
def shipped_compacts() -> tuple[Compact, ...]:
    problems: list[Problem] = []
    compacts = load_compacts(DEFAULT_PACK / CLUSTERS_DIR, problems)
    if problems:
        raise ValidationError(
            "Giao ước thi đua trong bộ chính sách có lỗi: " + "; ".join(map(str, problems))
        )
    return compacts


def compact_choices() -> list[tuple[str, str]]:
    """(id, title) of the giao ước of the pack, for the form that creates a cluster."""
    return sorted({(c.spec.id, c.spec.title) for c in shipped_compacts()})


def compact_of(compact_id: str, year: int) -> Compact:
    found = compact_in_force(shipped_compacts(), compact_id, date(year, 12, 31))
    if found is None:
        raise NotFoundError(
            f"Không có giao ước thi đua '{compact_id}' có hiệu lực năm {year}: thêm phiên bản "
            f"vào rules/policies/{CLUSTERS_DIR}/."
        )
    return found


@dataclass(frozen=True)
class NewCluster:
    code: str
    name: str
    lead_unit_code: str
    compact: str  # the giao ước's policy id
    members: tuple[str, ...] = ()  # unit codes besides the lead, added in the same transaction


def _cluster(uow: UnitOfWork, code: str) -> Cluster:
    found = uow.clusters.by_code(code)
    if found is None:
        raise NotFoundError(
            f"Không có cụm, khối thi đua mã '{code}' (xem danh sách bằng "
            "tdkt cluster rollup --year NĂM)."
        )
    return found


def add_cluster(
    uow_factory: UnitOfWorkFactory, new: NewCluster, actor: Actor, now: datetime
) -> None:
    """A new cluster; its lead unit is its first member, then `members`."""
    compact = next((c for c in shipped_compacts() if c.spec.id == new.compact), None)
    if compact is None:
        known = ", ".join(sorted({c.spec.id for c in shipped_compacts()}))
        raise NotFoundError(f"Không có giao ước thi đua '{new.compact}' (có: {known}).")
    with uow_factory() as uow:
        if uow.clusters.by_code(new.code) is not None:
            raise ValidationError(f"Đã có cụm, khối thi đua mã '{new.code}'.")
        lead = uow.org.require_id(new.lead_unit_code)
        cluster = Cluster(
            code=new.code,
            name=new.name,
            kind=compact.spec.kind,
            lead_unit_id=lead,
            compact=new.compact,
            actor=actor.name,
            at=now,
        )
        uow.clusters.add(cluster)
        others = [uow.org.require_id(code) for code in new.members]
        uow.clusters.add_members(cluster.id or 0, list(dict.fromkeys([lead, *others])))
        uow.commit()


def set_members(
    uow_factory: UnitOfWorkFactory, code: str, add: list[str], remove: list[str], on: date
) -> list[tuple[str, str]]:
    """Add and remove members (unit codes); returns (code, name) of the members afterwards."""
    with uow_factory() as uow:
        cluster = _cluster(uow, code)
        cid = cluster.id or 0
        current = set(uow.clusters.member_ids(cid))
        adding = [i for i in dict.fromkeys(uow.org.require_id(u) for u in add) if i not in current]
        dropping = [uow.org.require_id(u) for u in remove]
        if cluster.lead_unit_id in dropping:
            raise ValidationError(
                f"Không bỏ được đơn vị trưởng {_kind(cluster.kind)} khỏi {cluster.name}."
            )
        uow.clusters.add_members(cid, adding)
        uow.clusters.remove_members(cid, dropping)
        ids = uow.clusters.member_ids(cid)
        found = [uow.org.by_id(i, on) for i in ids]
        uow.commit()
    return [(u.code, u.name) for u in found]


def _kind(kind: str) -> str:
    return "cụm" if kind == "cum" else "khối"


def parse_points(text: str, what: str) -> Decimal:
    """ "27,5" or "27.5" → Decimal; anything else is refused with where it came from."""
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation as err:
        raise ValidationError(f"Điểm «{text}» của {what} không phải là một số.") from err
    if not value.is_finite():
        raise ValidationError(f"Điểm «{text}» của {what} không phải là một số.")
    return value


@dataclass(frozen=True)
class ScoreInput:
    cluster_code: str
    year: int
    unit_code: str
    source: str  # self | assessed
    points: dict[str, Decimal]


def cluster_target(uow_factory: UnitOfWorkFactory, cluster_code: str) -> tuple[int, dict[str, int]]:
    """The cluster's lead unit and members (code → id): what the permission check looks at."""
    with uow_factory(write=False) as uow:
        cluster = _cluster(uow, cluster_code)
        ids = uow.clusters.member_ids(cluster.id or 0)
        return cluster.lead_unit_id, uow.clusters.unit_codes(ids)


def record_scores(
    uow_factory: UnitOfWorkFactory, inp: ScoreInput, actor: Actor, now: datetime
) -> None:
    """Store one member's points (self-scored or assessed) for some criteria, in one write."""
    if inp.source not in SOURCES:
        raise ValidationError(f"Nguồn điểm '{inp.source}' không hợp lệ: self hoặc assessed.")
    if not inp.points:
        raise ValidationError("Chưa nhập điểm tiêu chí nào.")
    with uow_factory() as uow:
        cluster = _cluster(uow, inp.cluster_code)
        compact = compact_of(cluster.compact, inp.year)
        unit_id = uow.org.require_id(inp.unit_code)
        if unit_id not in uow.clusters.member_ids(cluster.id or 0):
            raise ValidationError(
                f"Đơn vị {inp.unit_code} không phải thành viên {cluster.name}: thêm bằng "
                f"tdkt cluster members {cluster.code} --add {inp.unit_code}."
            )
        reasons = [r for c, v in inp.points.items() if (r := compact.check_points(c, v))]
        if reasons:
            raise ValidationError(
                f"Không ghi điểm của {inp.unit_code}: " + "; ".join(reasons) + "."
            )
        uow.clusters.put_scores(
            cluster.id or 0,
            inp.year,
            unit_id,
            inp.source,
            {c: str(v.quantize(CENT)) for c, v in inp.points.items()},
            actor.name,
            now,
        )
        uow.commit()


@dataclass(frozen=True)
class MemberLine:
    unit_code: str
    unit_name: str
    self_points: dict[str, Decimal]
    assessed_points: dict[str, Decimal]
    standing: Standing | None  # None: not assessed yet
    award_code: str | None  # proposed for the member's rank by the giao ước
    award_name: str = ""

    @property
    def self_total(self) -> Decimal | None:
        return self.standing.self_total if self.standing else None


@dataclass(frozen=True)
class TrailLine:
    """One score given: when, by whom, to which member, for what (the earlier ones included)."""

    at: datetime
    actor: str
    unit_name: str
    source: str  # label: tự chấm | cụm, khối chấm
    item: str  # the criterion's or deduction's name
    points: Decimal


@dataclass(frozen=True)
class ClusterBoard:
    code: str
    name: str
    kind: str
    lead_code: str
    lead_name: str
    year: int
    compact: Compact
    lines: tuple[MemberLine, ...]  # ranked first, then the members not assessed yet
    award_names: dict[str, str]  # code → name of the awards the giao ước proposes
    trail: tuple[TrailLine, ...] = ()  # every score given in the year, oldest first

    @property
    def members(self) -> list[tuple[str, str]]:
        return [(x.unit_code, x.unit_name) for x in self.lines]

    @property
    def ranked(self) -> list[MemberLine]:
        return [x for x in self.lines if x.standing is not None]


def cluster_board(uow_factory: UnitOfWorkFactory, code: str, year: int) -> ClusterBoard:
    """The members with their self-scores, assessed points, totals and ranks of a year."""
    on = date(year, 12, 31)
    with uow_factory(write=False) as uow:
        cluster = _cluster(uow, code)
        compact = compact_of(cluster.compact, year)
        members = {i: uow.org.by_id(i, on) for i in uow.clusters.member_ids(cluster.id or 0)}
        rows = uow.clusters.scores(cluster.id or 0, year)
        history = uow.clusters.history(cluster.id or 0, year)
        lead = uow.org.by_id(cluster.lead_unit_id, on)
        awards = {p.award_code: uow.rounds.award(p.award_code) for p in compact.spec.proposals}
    names = {code: a.name if a else code for code, a in awards.items()}
    points: dict[str, dict[str, dict[str, Decimal]]] = {"self": {}, "assessed": {}}
    for r in rows:
        if r["unit_id"] in members:
            unit = members[r["unit_id"]].code
            points[r["source"]].setdefault(unit, {})[r["criterion"]] = Decimal(r["points"])
    standings = {s.unit: s for s in compact.rank(points["assessed"], points["self"])}
    lines = []
    for u in members.values():
        standing = standings.get(u.code)
        award = compact.award_for(standing.rank) if standing else None
        lines.append(
            MemberLine(
                u.code,
                u.name,
                points["self"].get(u.code, {}),
                points["assessed"].get(u.code, {}),
                standing,
                award,
                names.get(award or "", ""),
            )
        )
    lines.sort(
        key=lambda x: (x.standing is None, x.standing.rank if x.standing else 0, x.unit_code)
    )
    return ClusterBoard(
        cluster.code,
        cluster.name,
        cluster.kind,
        lead.code,
        lead.name,
        year,
        compact,
        tuple(lines),
        names,
        tuple(
            TrailLine(
                r["at"],
                r["actor"],
                members[r["unit_id"]].name if r["unit_id"] in members else str(r["unit_id"]),
                SOURCES[r["source"]],
                _item_name(compact, r["criterion"]),
                Decimal(r["points"]),
            )
            for r in history
        ),
    )


def _item_name(compact: Compact, code: str) -> str:
    found = compact.item(code)
    return found.name if found else code


def clusters_board(uow_factory: UnitOfWorkFactory, year: int) -> list[ClusterBoard]:
    """Every cluster's board of a year (the rollup and its chart)."""
    with uow_factory(write=False) as uow:
        codes = [c.code for c in uow.clusters.all()]
    return [cluster_board(uow_factory, c, year) for c in codes]


@dataclass(frozen=True)
class Proposed:
    unit_code: str
    award_code: str
    award_name: str
    rank: int
    dossier_code: str
    new: bool  # False: the round already had this proposal


def propose_leaders(
    uow_factory: UnitOfWorkFactory,
    code: str,
    year: int,
    round_code: str,
    actor: Actor,
    now: datetime,
) -> list[Proposed]:
    """Draft dossiers for the members whose rank the giao ước rewards, nominated by the lead
    unit; members already proposed for that award in the round are left as they are."""
    board = cluster_board(uow_factory, code, year)
    unassessed = [x.unit_name for x in board.lines if x.standing is None]
    if unassessed:
        raise ValidationError(
            f"Chưa xếp hạng được {board.name} năm {year}: chưa chấm điểm "
            + ", ".join(unassessed)
            + f". Trưởng {_kind(board.kind)} chấm bằng tdkt cluster assess."
        )
    leaders = [x for x in board.ranked if x.award_code]
    if not leaders:
        raise ValidationError(
            f"Giao ước {board.compact.spec.title} không đề nghị khen thưởng hạng nào."
        )
    out: list[Proposed] = []
    with uow_factory() as uow:
        rnd = uow.rounds.by_code(round_code)
        ids = {x.unit_code: uow.org.require_id(x.unit_code) for x in leaders}
        existing = uow.clusters.proposed(rnd.id or 0, list(ids.values()))
        for x in leaders:
            assert x.standing is not None and x.award_code is not None
            found = existing.get((ids[x.unit_code], x.award_code))
            if found is None:
                summary = (
                    f"Xếp hạng {x.standing.rank}/{len(board.ranked)} {board.name} năm {year}, "
                    f"tổng điểm {number(x.standing.total)} theo {board.compact.spec.title} "
                    f"(phiên bản {board.compact.spec.version})"
                )
                nom = Nomination(
                    round_code,
                    x.award_code,
                    board.lead_code,
                    nominee_unit_code=x.unit_code,
                    achievement_summary=summary,
                )
                out.append(
                    Proposed(
                        x.unit_code,
                        x.award_code,
                        x.award_name,
                        x.standing.rank,
                        # The lead proposes members of its cluster, not of its own subtree.
                        nominate_in(uow, nom, now=now, nominees_in={ids[x.unit_code]}),
                        True,
                    )
                )
            else:
                out.append(
                    Proposed(x.unit_code, x.award_code, x.award_name, x.standing.rank, found, False)
                )
        uow.commit()
    return out


@dataclass(frozen=True)
class RollupLine:
    """One cluster in the year's rollup."""

    code: str
    name: str
    members: int
    self_scored: int
    assessed: int
    leader: str  # the first in rank, or "" before any assessment
    top_total: Decimal | None
    average_total: Decimal | None


def rollup(boards: list[ClusterBoard]) -> list[RollupLine]:
    out = []
    for b in boards:
        totals = [x.standing.total for x in b.ranked if x.standing]
        out.append(
            RollupLine(
                b.code,
                b.name,
                len(b.lines),
                sum(1 for x in b.lines if x.self_points),
                len(totals),
                b.ranked[0].unit_name if b.ranked else "",
                max(totals) if totals else None,
                (sum(totals, Decimal(0)) / len(totals)).quantize(CENT) if totals else None,
            )
        )
    return out


def cluster_chart(year: int, boards: list[ClusterBoard]) -> bytes:
    """The PNG of the year's scores per cluster (assessed and self-scored per member)."""
    panels = [
        ClusterPanel(
            b.name,
            tuple(
                ScoreBar(
                    x.unit_name,
                    float(x.standing.total) if x.standing else None,
                    float(b.compact.total(x.self_points)) if x.self_points else None,
                )
                for x in b.lines
            ),
        )
        for b in boards
    ]
    return cluster_chart_png(year, panels)
