"""`tdkt cluster …`: cụm / khối thi đua, the members' self-scores, the assessment, the ranking,
and the leaders proposed as dossiers of a round."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.errors import ValidationError
from awards.services.clusters.scoring import (
    ClusterBoard,
    NewCluster,
    ScoreInput,
    add_cluster,
    cluster_board,
    cluster_chart,
    clusters_board,
    parse_points,
    propose_leaders,
    record_scores,
    rollup,
    set_members,
)
from awards.services.lifecycle.plan import Actor
from rules.clusters import number
from rules.policy import STATUS_LABELS

app = typer.Typer(help="Cụm, khối thi đua: giao ước, chấm điểm, xếp hạng.", no_args_is_help=True)
Code = Annotated[str, typer.Argument(help="Mã cụm, khối thi đua")]
Year = Annotated[int, typer.Option(help="Năm thi đua")]
Who = Annotated[str, typer.Option("--actor", help="Người thực hiện")]
Points = Annotated[
    list[str], typer.Argument(help="Điểm từng tiêu chí: mã=điểm, ví dụ phat_trien_doan_vien=35,5")
]


def _points(items: list[str]) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for item in items:
        code, sep, value = item.partition("=")
        if not sep or not code.strip():
            raise ValidationError(f"«{item}» không đúng dạng mã=điểm (ví dụ cham_bao_cao=1).")
        out[code.strip()] = parse_points(value, f"tiêu chí {code.strip()}")
    return out


def _print(board: ClusterBoard) -> None:
    spec = board.compact.spec
    typer.echo(
        f"{board.name} năm {board.year}, trưởng {'cụm' if board.kind == 'cum' else 'khối'}: "
        f"{board.lead_name}; {spec.title} (phiên bản {spec.version}, {STATUS_LABELS[spec.status]})."
    )
    for line in board.lines:
        if line.standing is None:
            typer.echo(f"  -  {line.unit_name:<45} chưa được chấm")
            continue
        s = line.standing
        own = f", tự chấm {number(s.self_total)}" if s.self_total is not None else ""
        award = f"  → đề nghị {line.award_name}" if line.award_code else ""
        typer.echo(
            f"{s.rank:>3}. {line.unit_name:<45} {number(s.total):>8} điểm "
            f"(trừ {number(s.deductions)}{own}){award}"
        )


def _score(code: str, year: int, unit: str, source: str, items: list[str], actor: str) -> None:
    tdkt = build()
    try:
        inp = ScoreInput(code, year, unit, source, _points(items))
        record_scores(tdkt.uow, inp, Actor(actor, "secretariat"), datetime.now(UTC))
        board = cluster_board(tdkt.uow, code, year)
    finally:
        tdkt.close()
    typer.echo(f"Đã ghi {len(items)} điểm {'tự chấm' if source == 'self' else 'chấm'} của {unit}.")
    _print(board)


@app.command("add")
def add_cmd(
    code: Code,
    name: Annotated[str, typer.Option(help="Tên cụm, khối")],
    lead: Annotated[str, typer.Option(help="Mã đơn vị trưởng cụm, khối")],
    compact: Annotated[str, typer.Option(help="Mã giao ước thi đua (rules/policies/clusters)")],
    member: Annotated[
        list[str], typer.Option("--member", help="Mã đơn vị thành viên khác; lặp lại")
    ] = [],  # noqa: B006
    actor: Who = "văn phòng",
) -> None:
    """Lập cụm, khối thi đua; đơn vị trưởng là thành viên đầu tiên, rồi các --member."""
    tdkt = build()
    try:
        add_cluster(
            tdkt.uow,
            NewCluster(code, name, lead, compact, tuple(member)),
            Actor(actor, "admin"),
            datetime.now(UTC),
        )
    finally:
        tdkt.close()
    typer.echo(f"Đã lập {name} ({code}), trưởng: {lead}, giao ước {compact}.")


@app.command("members")
def members_cmd(
    code: Code,
    add: Annotated[list[str], typer.Option("--add", help="Mã đơn vị thêm vào")] = [],  # noqa: B006
    remove: Annotated[list[str], typer.Option("--remove", help="Mã đơn vị bỏ ra")] = [],  # noqa: B006
) -> None:
    """Thêm, bớt thành viên; in danh sách thành viên."""
    tdkt = build()
    try:
        members = set_members(tdkt.uow, code, add, remove, date.today())
    finally:
        tdkt.close()
    typer.echo(f"{code}: {len(members)} thành viên")
    for unit_code, name in members:
        typer.echo(f"  {unit_code:<14} {name}")


@app.command("score")
def score_cmd(
    code: Code,
    unit: Annotated[str, typer.Option(help="Mã đơn vị tự chấm")],
    points: Points,
    year: Year,
    actor: Who = "văn phòng",
) -> None:
    """Đơn vị thành viên tự chấm điểm theo giao ước."""
    _score(code, year, unit, "self", points, actor)


@app.command("assess")
def assess_cmd(
    code: Code,
    unit: Annotated[str, typer.Option(help="Mã đơn vị được chấm")],
    points: Points,
    year: Year,
    actor: Who = "văn phòng",
) -> None:
    """Trưởng cụm, khối chấm điểm một thành viên."""
    _score(code, year, unit, "assessed", points, actor)


@app.command("rank")
def rank_cmd(code: Code, year: Year) -> None:
    """Bảng xếp hạng theo điểm cụm, khối chấm (hòa điểm: theo giao ước)."""
    tdkt = build()
    try:
        board = cluster_board(tdkt.uow, code, year)
    finally:
        tdkt.close()
    _print(board)


@app.command("propose")
def propose_cmd(
    code: Code,
    year: Year,
    round_code: Annotated[str, typer.Option("--round", help="Mã đợt thi đua nhận hồ sơ")],
    actor: Who = "văn phòng",
) -> None:
    """Lập hồ sơ đề nghị khen thưởng cho các đơn vị dẫn đầu (theo giao ước)."""
    tdkt = build()
    try:
        proposed = propose_leaders(
            tdkt.uow, code, year, round_code, Actor(actor, "secretariat"), datetime.now(UTC)
        )
    finally:
        tdkt.close()
    for p in proposed:
        what = "đã lập" if p.new else "đã có từ trước"
        typer.echo(f"Hạng {p.rank}: {p.unit_code}, {p.award_name}: hồ sơ {p.dossier_code} ({what})")


@app.command("rollup")
def rollup_cmd(
    year: Year,
    chart: Annotated[Path | None, typer.Option("--chart", help="Ghi biểu đồ PNG vào tệp")] = None,
) -> None:
    """Tổng hợp điểm các cụm, khối của năm; --chart ghi biểu đồ."""
    tdkt = build()
    try:
        boards = clusters_board(tdkt.uow, year)
    finally:
        tdkt.close()
    for r in rollup(boards):
        top = f", dẫn đầu {r.leader} ({number(r.top_total)} điểm)" if r.top_total else ""
        typer.echo(
            f"{r.name}: {r.members} thành viên, {r.self_scored} đã tự chấm, {r.assessed} đã được "
            f"chấm{top}"
        )
    if chart:
        chart.write_bytes(cluster_chart(year, boards))
        typer.echo(f"Đã ghi {chart}")
