"""`tdkt dossier …`: show a dossier with its history, make any move of the lifecycle, appraise a
level's dossiers by the rules in force and escalate its approved ones."""

from __future__ import annotations

from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import as_message
from awards.cli.dates import maybe_day
from awards.cli.progress import bar
from awards.errors import NotFoundError
from awards.services.appraisal.appraise import appraise as run_appraisal
from awards.services.audit.history import dossier_history
from awards.services.dossiers.attachments import KINDS, add_attachment
from awards.services.dossiers.correction import (
    Correction,
    correct_dossier,
    describe,
    dossier_versions,
)
from awards.services.dossiers.objections import objections_of, record_objection, resolve_objection
from awards.services.escalation.escalate import escalate_round
from awards.services.lifecycle.move import move
from awards.services.lifecycle.plan import Actor, MoveRequest
from awards.services.rounds.admin import unit_deadline
from states import DossierState, Trigger, event_label

app = typer.Typer(help="Hồ sơ đề nghị khen thưởng: xem và chuyển trạng thái.", no_args_is_help=True)


@app.command()
def show(code: str) -> None:
    """Xem hồ sơ và lịch sử xử lý."""
    tdkt = build()
    try:
        history = dossier_history(tdkt.uow, code)
    except NotFoundError:
        raise typer.BadParameter(f"không có hồ sơ mã '{code}'") from None
    d, trail = history.dossier, history.events
    tz = tdkt.settings.tz
    due = unit_deadline(tdkt.uow, d.round_id, d.nominating_unit_id, datetime.now(tz).date())
    typer.echo(f"{d.code} · {d.award_code} · {DossierState(d.state).label} · phiên bản {d.version}")
    if due.extension is not None:
        typer.echo(
            f"  Đơn vị được gia hạn nộp đến hết {due.day:%d/%m/%Y} (hạn cũ {due.base:%d/%m/%Y}): "
            f"{due.extension.reason}"
        )
    for e in trail:
        typer.echo(
            f"  {e.seq:>3}. {e.at.astimezone(tz):%d/%m/%Y %H:%M} {e.actor} ({e.role}): "
            f"{event_label(e.trigger)} · {DossierState(e.from_state).label} → "
            f"{DossierState(e.to_state).label}" + (f" · {e.reason}" if e.reason else "")
        )
    tdkt.close()


@app.command("move")
@as_message
def move_cmd(
    code: str,
    trigger: Annotated[str, typer.Argument(help="Thao tác, ví dụ: submit, receive, approve")],
    actor: Annotated[str, typer.Option(help="Người thực hiện")] = "cán bộ",
    role: Annotated[str, typer.Option(help="Vai trò")] = "secretariat",
    reason: Annotated[str, typer.Option(help="Lý do (bắt buộc khi trả lại, tạm dừng)")] = "",
    due: Annotated[str | None, typer.Option(help="Hạn (dd/mm/yyyy hoặc YYYY-MM-DD)")] = None,
    decision_no: Annotated[str | None, typer.Option(help="Số quyết định")] = None,
    decision_date: Annotated[str | None, typer.Option(help="Ngày quyết định (dd/mm/yyyy)")] = None,
    signer: Annotated[str | None, typer.Option(help="Người ký quyết định")] = None,
    version: Annotated[int | None, typer.Option(help="Phiên bản mong đợi")] = None,
) -> None:
    """Chuyển trạng thái một hồ sơ (mỗi thao tác là một giao dịch)."""
    try:
        trig = Trigger(trigger)
    except ValueError:
        raise typer.BadParameter(
            f"thao tác '{trigger}' không có; dùng một trong: {', '.join(t.value for t in Trigger)}"
        ) from None
    now = datetime.now(UTC)
    req = MoveRequest(
        trigger=trig,
        actor=Actor(actor, role),
        now=now,
        reason=reason,
        due_on=maybe_day(due, "--due"),
        decision_no=decision_no,
        decision_date=maybe_day(decision_date, "--decision-date")
        or (now.date() if decision_no else None),
        decision_signer=signer,
    )
    tdkt = build()
    outcome = move(tdkt.uow, code, req, expected_version=version)
    tdkt.close()
    typer.echo(
        f"{code}: {DossierState(outcome.source).label} → {DossierState(outcome.dest or '').label}"
    )


@app.command()
def escalate(
    round_code: Annotated[str, typer.Option("--round", help="Mã đợt, ví dụ TK-2025")],
    unit: Annotated[str, typer.Option(help="Mã cấp đang giữ hồ sơ, ví dụ LDLD-LC")],
    actor: Annotated[str, typer.Option(help="Người thực hiện")] = "thường trực Hội đồng",
) -> None:
    """Trình cấp trên mọi hồ sơ đã được duyệt: mỗi cấp nhận × hình thức một tờ trình."""
    tdkt = build()
    report = escalate_round(
        tdkt.uow,
        round_code=round_code,
        unit_code=unit,
        actor=Actor(actor, "secretariat"),
        now=datetime.now(UTC),
    )
    tdkt.close()
    for sub in report.submissions:
        head = f"Tờ trình số {sub.document_no}" if sub.document_no else "Không lập tờ trình"
        typer.echo(f"{head} · {sub.award_code} → {sub.to_unit_code}: {len(sub.sent)} hồ sơ")
        for o in sub.outcomes:
            if not o.ok:
                typer.echo(f"  ✗ {o.code}: {o.error}")
    for o in report.refused:
        typer.echo(f"✗ {o.code}: {o.error}")
    if not report.submissions and not report.refused:
        typer.echo("Không có hồ sơ nào đã được duyệt đang chờ trình cấp trên.")


@app.command()
def appraise(
    round_code: Annotated[str, typer.Option("--round", help="Mã đợt, ví dụ TK-2025")],
    unit: Annotated[str, typer.Option(help="Mã cấp đang thẩm định, ví dụ THAN-UYEN")],
    codes: Annotated[list[str] | None, typer.Option("--code", help="Chỉ các hồ sơ này")] = None,
    actor: Annotated[str, typer.Option(help="Người thực hiện")] = "thường trực Hội đồng",
) -> None:
    """Thẩm định theo bộ chính sách đang áp dụng: thành phần hồ sơ, tiêu chí, chỉ tiêu."""
    with closing(build()) as tdkt, bar("Thẩm định") as progress:
        report = run_appraisal(
            tdkt.uow,
            round_code,
            now=datetime.now(UTC),
            unit_code=unit,
            codes=codes or (),
            actor=Actor(actor, "secretariat"),
            policy_set=tdkt.policies,
            progress=progress,
        )
    typer.echo(f"Bộ chính sách {report.policy_set_version}: {len(report.results)} hồ sơ")
    for r in report.results:
        mark = "✓" if r.eligible else "✗"
        tail = f" — {'; '.join(r.reasons)}" if r.reasons and not r.eligible else ""
        note = "" if r.moved else f" (chưa ghi: {r.error})"
        typer.echo(f"  {mark} {r.code}{tail}{note}")
        if r.policy:
            typer.echo(f"      {r.policy}")
    if not report.results:
        typer.echo(f"Không có hồ sơ nào đang thẩm định tại {unit} trong đợt {round_code}.")


@app.command("attach")
@as_message
def attach_cmd(
    code: Annotated[str, typer.Argument(help="Mã hồ sơ, ví dụ HS-2025-000001")],
    kind: Annotated[str, typer.Argument(help="Loại tài liệu: " + " | ".join(KINDS))],
    file: Annotated[Path, typer.Argument(help="Tệp .pdf, .docx, .xlsx, .png hoặc .jpg")],
) -> None:
    """Đính kèm một tệp vào hồ sơ, với cùng các kiểm tra như khi tải lên trên web."""
    if not file.is_file():
        raise typer.BadParameter(f"không có tệp '{file}'", param_hint="FILE")
    with closing(build()) as tdkt, file.open("rb") as stream:
        number = add_attachment(
            tdkt.uow,
            None,
            code,
            kind=kind,
            filename=file.name,
            stream=stream,
            folder=tdkt.settings.data_dir / "attachments",
            now=datetime.now(UTC),
        )
    typer.echo(f"Đã đính kèm {KINDS[kind]} “{file.name}” vào hồ sơ {code} (tài liệu số {number}).")


objections = typer.Typer(
    help="Ý kiến phản ánh nhận được khi công khai hồ sơ, và kết quả xử lý.", no_args_is_help=True
)
app.add_typer(objections, name="objection")


@objections.command("add")
@as_message
def objection_add(
    code: str,
    author: Annotated[str, typer.Option("--author", help="Người gửi: họ tên, đơn vị")],
    content: Annotated[str, typer.Option("--content", help="Nội dung ý kiến")],
    received_on: Annotated[
        str | None, typer.Option("--received-on", help="Ngày nhận (dd/mm/yyyy); mặc định hôm nay")
    ] = None,
) -> None:
    """Ghi một ý kiến phản ánh vào hồ sơ đang công khai."""
    with closing(build()) as tdkt:
        now = datetime.now(UTC)
        day = maybe_day(received_on, "--received-on") or now.astimezone(tdkt.settings.tz).date()
        number = record_objection(
            tdkt.uow, None, code, author=author, content=content, received_on=day, now=now
        )
    typer.echo(f"Đã ghi ý kiến số {number} vào hồ sơ {code}.")


@objections.command("resolve")
@as_message
def objection_resolve(
    objection_id: Annotated[int, typer.Argument(metavar="SO", help="Số của ý kiến")],
    outcome: Annotated[str, typer.Option("--outcome", help="Kết quả xem xét, xử lý")],
) -> None:
    """Ghi kết quả xử lý một ý kiến phản ánh."""
    with closing(build()) as tdkt:
        code = resolve_objection(
            tdkt.uow, None, objection_id, outcome=outcome, now=datetime.now(UTC)
        )
    typer.echo(f"Đã ghi kết quả xử lý ý kiến số {objection_id} của hồ sơ {code}.")


@objections.command("list")
@as_message
def objection_list(code: str) -> None:
    """Các ý kiến phản ánh của một hồ sơ."""
    with closing(build()) as tdkt:
        lines = objections_of(tdkt.uow, code)
    for o in lines:
        state = f"đã xử lý: {o.resolution}" if o.resolved else "đang xem xét"
        typer.echo(f"{o.id}. {o.received_at:%d/%m/%Y} · {o.author}: {o.content} ({state})")
    if not lines:
        typer.echo(f"Hồ sơ {code} chưa có ý kiến phản ánh.")


@app.command("correct")
@as_message
def correct_cmd(
    code: Annotated[str, typer.Argument(help="Mã hồ sơ, ví dụ HS-2025-000001")],
    summary: Annotated[str | None, typer.Option(help="Tóm tắt thành tích mới")] = None,
    position: Annotated[
        str | None, typer.Option(help='Chức vụ mới ("" để bỏ, dùng chức vụ trong hồ sơ cá nhân)')
    ] = None,
    direct: Annotated[
        bool | None, typer.Option("--direct/--not-direct", help="Lao động trực tiếp hay không")
    ] = None,
    leader: Annotated[
        bool | None,
        typer.Option("--leader/--not-leader", help="Giữ chức vụ lãnh đạo, quản lý hay không"),
    ] = None,
    note: Annotated[str, typer.Option(help="Đã sửa gì (ghi chú cho Thường trực)")] = "",
    version: Annotated[int | None, typer.Option(help="Phiên bản mong đợi")] = None,
) -> None:
    """Sửa hồ sơ nháp, bị trả lại: tóm tắt thành tích, chức vụ…; mỗi lần sửa là một phiên bản."""
    fix = Correction(
        achievement_summary=summary,
        position=position,
        is_direct_worker=direct,
        holds_leadership_post=leader,
        note=note,
        expected_version=version,
    )
    with closing(build()) as tdkt:
        done = correct_dossier(tdkt.uow, None, code, fix, now=datetime.now(UTC))
    typer.echo(f"Đã sửa hồ sơ {code} (lần sửa {done.seq}, phiên bản {done.version}):")
    for line in describe(done.changes):
        typer.echo(f"  {line}")


@app.command("versions")
@as_message
def versions_cmd(
    code: Annotated[str, typer.Argument(help="Mã hồ sơ, ví dụ HS-2025-000001")],
) -> None:
    """Các lần sửa hồ sơ: sửa gì, ai sửa, lúc nào."""
    with closing(build()) as tdkt:
        found = dossier_versions(tdkt.uow, code)
        tz = tdkt.settings.tz
    if not found:
        typer.echo(f"Hồ sơ {code} chưa sửa lần nào.")
    for v in found:
        note = f" · {v.note}" if v.note else ""
        typer.echo(f"Lần sửa {v.seq} · {v.at.astimezone(tz):%d/%m/%Y %H:%M} · {v.actor}{note}")
        for line in describe(v.changes):
            typer.echo(f"  {line}")
