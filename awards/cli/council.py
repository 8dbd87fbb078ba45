"""`tdkt council …`: set up a council, its members and delegations; hold a session."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, cast

import typer

from awards.bootstrap import build
from awards.cli.common import as_message
from awards.cli.dates import parse_day
from awards.services import council as svc
from awards.services.accounts.access import principal_by_name
from awards.services.council.accounts import link_account_as, unlink_account_as
from awards.services.council.setup import ROLE_LABELS
from awards.services.council.tally import set_tellers, tally_file
from awards.services.council.voting import Presence
from awards.services.lifecycle.plan import Actor

app = typer.Typer(help="Hội đồng Thi đua – Khen thưởng: thành viên, phiên họp, biểu quyết.")
session_app = typer.Typer(help="Phiên họp: mở, điểm danh, biểu quyết, thông qua, kết thúc.")
app.add_typer(session_app, name="session")

By = Annotated[str, typer.Option("--by", help="Người thực hiện (ghi vào nhật ký)")]
Day = Annotated[str, typer.Option(help="Ngày (dd/mm/yyyy hoặc YYYY-MM-DD)")]


def _day(text: str) -> date:
    return parse_day(text, "--held-on")


def _actor(name: str, role: str = "secretariat") -> Actor:
    return Actor(name, role)


def _now() -> datetime:
    return datetime.now(UTC)


@app.command()
def setup(
    unit: Annotated[str, typer.Option(help="Mã đơn vị (cấp) của Hội đồng")],
    name: Annotated[str, typer.Option(help="Tên Hội đồng")],
    place: Annotated[str, typer.Option(help="Địa danh ghi trên văn bản")],
    valid_from: Day,
    short_code: Annotated[str, typer.Option(help="Ký hiệu trong số biên bản")] = "HĐTĐKT",
    established_by: Annotated[str, typer.Option(help="Quyết định thành lập")] = "",
    by: By = "thường trực",
) -> None:
    """Thành lập Hội đồng của một cấp (có hiệu lực từ ngày)."""
    new = svc.NewCouncil(unit, name, short_code, place, _day(valid_from), None, established_by)
    tdkt = build()
    council_id = svc.setup_council(tdkt.uow, new, _actor(by), _now())
    tdkt.close()
    typer.echo(f"Đã thành lập Hội đồng số {council_id}: {name}")


@app.command("add-member")
def add_member(
    council_id: int,
    full_name: str,
    role: Annotated[str, typer.Option(help="chu_tich | pho_chu_tich | thu_ky | uy_vien")],
    valid_from: Day,
    title: Annotated[str, typer.Option(help="Chức vụ")] = "",
    email: Annotated[
        str | None, typer.Option(help="Thư điện tử; trùng với tài khoản web để biểu quyết")
    ] = None,
    by: By = "thường trực",
) -> None:
    """Thêm một thành viên Hội đồng."""
    member = svc.NewMember(full_name, role, _day(valid_from), title=title, email=email)
    tdkt = build()
    (member_id,) = svc.add_members(tdkt.uow, council_id, [member], _actor(by), _now())
    tdkt.close()
    typer.echo(f"Thành viên số {member_id}: {full_name} ({ROLE_LABELS[role]})")


@app.command()
def members(unit: str, on: Day = "") -> None:
    """Danh sách thành viên và ủy quyền của Hội đồng một cấp vào một ngày."""
    tdkt = build()
    view = svc.council_of(tdkt.uow, unit, _day(on) if on else date.today())
    tdkt.close()
    typer.echo(f"{view.council.name} (số {view.council.id})")
    for m in view.members:
        account = f"tài khoản {m.account}" if m.account else "chưa gắn tài khoản"
        typer.echo(f"  {m.id:>4}. {m.full_name} · {ROLE_LABELS[m.role]} · {m.title} · {account}")
    for d in view.delegations:
        state = " (đã thu hồi)" if d.revoked_at else ""
        typer.echo(
            f"  ủy quyền số {d.id}: thành viên {d.member_id} → {d.substitute_name} "
            f"{d.valid_from:%d/%m/%Y}–{d.valid_to:%d/%m/%Y}{state}"
        )


As = Annotated[
    str,
    typer.Option("--as", help="Tài khoản Thường trực Hội đồng thực hiện (kiểm tra như trên web)"),
]


@app.command()
@as_message
def link(member_id: int, account: str, as_user: As) -> None:
    """Gắn tài khoản đăng nhập với một thành viên Hội đồng (tài khoản biểu quyết thay người đó)."""
    with closing(build()) as tdkt:
        me = principal_by_name(tdkt.uow, as_user, date.today())
        link_account_as(tdkt.uow, me, member_id, account, _now())
    typer.echo(f"Đã gắn tài khoản {account.strip().lower()} với thành viên số {member_id}.")


@app.command()
@as_message
def unlink(member_id: int, as_user: As) -> None:
    """Gỡ tài khoản đã gắn với một thành viên Hội đồng (ghi vào nhật ký Hội đồng)."""
    with closing(build()) as tdkt:
        me = principal_by_name(tdkt.uow, as_user, date.today())
        account = unlink_account_as(tdkt.uow, me, member_id, _now())
    typer.echo(f"Đã gỡ tài khoản {account} khỏi thành viên số {member_id}.")


@app.command("delegate")
def delegate_cmd(
    member_id: int,
    substitute: Annotated[str, typer.Option(help="Người được ủy quyền dự họp thay")],
    valid_from: Day,
    valid_to: Day,
    reason: Annotated[str, typer.Option(help="Lý do vắng mặt")],
    title: Annotated[str, typer.Option(help="Chức vụ người thay")] = "",
    by: By = "thường trực",
) -> None:
    """Ủy quyền người dự họp thay một thành viên trong một khoảng ngày."""
    new = svc.NewDelegation(
        member_id, substitute, _day(valid_from), _day(valid_to), reason, substitute_title=title
    )
    tdkt = build()
    delegation_id = svc.delegate(tdkt.uow, new, _actor(by), _now())
    tdkt.close()
    typer.echo(f"Ủy quyền số {delegation_id}: {substitute} từ {valid_from} đến {valid_to}")


@app.command()
def revoke(delegation_id: int, by: By = "thường trực") -> None:
    """Thu hồi một ủy quyền."""
    tdkt = build()
    svc.revoke_delegation(tdkt.uow, delegation_id, _actor(by), _now())
    tdkt.close()
    typer.echo(f"Đã thu hồi ủy quyền số {delegation_id}")


@session_app.command("open")
def open_cmd(
    unit: str,
    round_code: str,
    held_on: Day,
    location: Annotated[str, typer.Option(help="Địa điểm họp")] = "",
    start_time: Annotated[str, typer.Option(help='Giờ họp, ví dụ "14 giờ 00"')] = "",
    by: By = "thường trực",
) -> None:
    """Mở phiên họp: đưa các hồ sơ đủ điều kiện của đợt tại cấp này ra Hội đồng và gửi giấy mời."""
    tdkt = build()
    opened = svc.open_session(
        tdkt.uow,
        unit_code=unit,
        round_code=round_code,
        held_on=_day(held_on),
        actor=_actor(by),
        now=_now(),
        location=location,
        start_time=start_time,
        policy_set=tdkt.policies,
    )
    tdkt.close()
    typer.echo(f"Phiên họp {opened.code}: {opened.items} hồ sơ, {opened.invited} giấy mời")
    for award, n in opened.groups.items():
        typer.echo(f"  {award}: {n}")
    for o in opened.refused:
        typer.echo(f"  không đưa được {o.code}: {o.error}")


@session_app.command("show")
def show_cmd(code: str) -> None:
    """Chương trình phiên họp: nhóm, quy tắc biểu quyết, điều kiện, chỉ tiêu, kết quả."""
    tdkt = build()
    view = svc.session_view(tdkt.uow, code)
    tdkt.close()
    p = view.presence
    typer.echo(f"{view.code} · {view.held_on} · {view.status} · có mặt {p.present}/{p.members}")
    for g in view.groups:
        typer.echo(f"{g.award_name} ({g.award_code})\n  {g.rule}")
        for line in g.lines:
            quota = f" · chỉ tiêu {line.quota}" if line.quota else ""
            result = f" · {line.outcome}: {line.reason}" if line.outcome else ""
            typer.echo(
                f"  {line.code} · đồng ý {line.yes}, không {line.no}{quota}{result}\n"
                f"    {line.eligibility}"
            )


@session_app.command()
def attend(
    code: str,
    member_id: int,
    presence: Annotated[str, typer.Option(help="present | substitute | absent")] = "present",
    written: Annotated[bool, typer.Option(help="Vắng, có ý kiến bằng văn bản")] = False,
    by: By = "thư ký",
) -> None:
    """Điểm danh một thành viên."""
    if presence not in ("present", "substitute", "absent"):
        raise typer.BadParameter("presence phải là present, substitute hoặc absent")
    tdkt = build()
    how = cast(Presence, presence)
    svc.record_attendance(
        tdkt.uow, code, member_id, how, _actor(by), _now(), written_opinion=written
    )
    tdkt.close()
    typer.echo(f"Đã điểm danh thành viên {member_id}: {presence}")


@session_app.command("vote")
def vote_cmd(
    code: str,
    member_id: int,
    choice: Annotated[str, typer.Argument(help="yes (đồng ý) | no (không đồng ý)")],
    dossier: Annotated[list[str] | None, typer.Option(help="Mã hồ sơ (lặp lại được)")] = None,
    award: Annotated[str | None, typer.Option(help="Cả nhóm hình thức khen thưởng")] = None,
    by: By = "thư ký",
) -> None:
    """Ghi biểu quyết của một thành viên (phiếu kín chỉ cộng vào kết quả kiểm phiếu)."""
    tdkt = build()
    n = svc.vote(
        tdkt.uow,
        code,
        member_id,
        choice,  # type: ignore[arg-type]
        _actor(by, "council"),
        _now(),
        dossier_codes=dossier or [],
        award_code=award,
    )
    tdkt.close()
    typer.echo(f"Đã ghi {n} phiếu của thành viên {member_id}")


@session_app.command("approve-batch")
def approve_batch_cmd(code: str, award: str, by: By = "thư ký") -> None:
    """Thông qua cả nhóm: tỷ lệ phiếu, rồi chỉ tiêu theo thứ tự ưu tiên."""
    tdkt = build()
    outcomes = svc.approve_batch(
        tdkt.uow, code, award, _actor(by), _now(), policy_set=tdkt.policies
    )
    tdkt.close()
    for o in outcomes:
        typer.echo(f"  {o.code}: {o.outcome} · {o.reason}")


@session_app.command()
def close(
    code: str,
    decision_no: Annotated[
        str | None, typer.Option(help="Số quyết định (cấp này quyết định)")
    ] = None,
    signer: Annotated[str, typer.Option(help="Người ký quyết định")] = "",
    resume: Annotated[bool, typer.Option(help="Hoàn tất một lần kết thúc bị gián đoạn")] = False,
    out: Annotated[Path | None, typer.Option(help="Ghi biên bản .docx ra tệp")] = None,
    decision_date: Annotated[
        str, typer.Option(help="Ngày ký quyết định (dd/mm/yyyy hoặc YYYY-MM-DD; mặc định hôm nay)")
    ] = "",
    by: By = "thư ký",
) -> None:
    """Kết thúc phiên: chuyển mọi hồ sơ theo kết quả và lập biên bản họp."""
    now = _now()
    # the decision is dated as signed (prizes and the fund's spending line take this date)
    signed_on = parse_day(decision_date, "--decision-date") if decision_date else now.date()
    decision = svc.Decision(decision_no, signed_on, signer) if decision_no else None
    tdkt = build()
    closed = svc.close_session(
        tdkt.uow,
        code,
        _actor(by),
        now,
        decision=decision,
        resume=resume,
        policy_set=tdkt.policies,
    )
    tdkt.close()
    approved = sum(1 for o in closed.outcomes if o.outcome == "approved")
    typer.echo(f"Đã kết thúc {code}: thông qua {approved}/{len(closed.outcomes)} hồ sơ")
    for m in closed.moves:
        typer.echo(f"  {m.code}: {m.source} → {m.dest or m.error}")
    typer.echo(f"Biên bản số {closed.minutes_number}")
    if out is not None:
        out.write_bytes(closed.minutes)
        typer.echo(f"  đã ghi {out}")


@session_app.command()
def minutes(code: str, out: Path) -> None:
    """Ghi biên bản họp (.docx) đã lập của một phiên ra tệp."""
    tdkt = build()
    number, data = svc.minutes_file(tdkt.uow, code)
    tdkt.close()
    out.write_bytes(data)
    typer.echo(f"Biên bản số {number}: {out}")


@session_app.command()
@as_message
def tellers(
    code: str,
    name: Annotated[list[str], typer.Option("--name", help="Họ tên (Trưởng ban ghi trước)")],
    by: By = "thư ký",
) -> None:
    """Ghi Ban kiểm phiếu của phiên họp có bỏ phiếu kín (trước khi kết thúc phiên)."""
    tdkt = build()
    names = set_tellers(tdkt.uow, code, name, _actor(by), _now())
    tdkt.close()
    typer.echo(f"Ban kiểm phiếu phiên {code}: {', '.join(names)} (Trưởng ban: {names[0]})")


@session_app.command()
@as_message
def tally(code: str, out: Path) -> None:
    """Ghi biên bản kiểm phiếu (.docx) của phiên có bỏ phiếu kín ra tệp."""
    tdkt = build()
    data = tally_file(tdkt.uow, code)
    tdkt.close()
    out.write_bytes(data)
    typer.echo(f"Biên bản kiểm phiếu phiên {code}: {out}")


@session_app.command("list")
def list_cmd() -> None:
    """Các phiên họp."""
    tdkt = build()
    for s in svc.sessions(tdkt.uow):
        typer.echo(f"{s.code} · {s.held_on:%d/%m/%Y} · {s.status} · {s.minutes_number or ''}")
    tdkt.close()
