"""`tdkt decision …`: a level's own quyết định khen thưởng (preview, issue, list, show)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import build
from awards.cli.common import DAY_HELP, as_message, parse_day
from awards.services.decisions.issue import (
    DecisionDoc,
    DecisionInput,
    issue_decisions,
    preview_decisions,
)
from awards.services.decisions.records import decision_record, docx_to_pdf, list_decisions
from awards.services.lifecycle.plan import Actor
from notifications.vn import short_date

app = typer.Typer(
    help="Quyết định khen thưởng của cấp có thẩm quyền: xem trước, ban hành, tra cứu.",
    no_args_is_help=True,
)
Round = Annotated[str, typer.Option("--round", help="Mã đợt thi đua, ví dụ TK-2025")]
Level = Annotated[str, typer.Option("--level", help="Mã cấp ra quyết định, ví dụ THAN-UYEN")]
Codes = Annotated[
    list[str] | None, typer.Option("--code", help="Chỉ các hồ sơ này (lặp lại để chọn nhiều)")
]
Out = Annotated[Path, typer.Option("--out", "-o", help="Thư mục ghi tệp DOCX")]


def _write(docs: list[DecisionDoc], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (out / d.filename).write_bytes(d.docx)
        head = f"Quyết định số {d.document_no}" if d.document_no else "Dự thảo quyết định"
        typer.echo(f"{head}: {d.award_name}, {len(d.dossier_codes)} hồ sơ → {out / d.filename}")


@app.command()
@as_message
def preview(
    round_code: Round,
    level: Level,
    signer: Annotated[str, typer.Option(help="Họ tên người ký")] = "",
    codes: Codes = None,
    out: Out = Path("."),
) -> None:
    """Dự thảo quyết định (chưa cấp số, chưa ghi ngày): không ghi gì vào CSDL."""
    tdkt = build()
    inp = DecisionInput(round_code, level, signer_name=signer, codes=codes or ())
    docs = preview_decisions(tdkt.uow, inp, datetime.now(UTC).date())
    tdkt.close()
    _write(docs, out)


@app.command()
@as_message
def issue(
    round_code: Round,
    level: Level,
    signer: Annotated[str, typer.Option(help="Họ tên người ký (Chủ tịch)")],
    title: Annotated[str, typer.Option(help="Chức vụ ký, mặc định CHỦ TỊCH")] = "",
    on: Annotated[str | None, typer.Option("--date", help=f"Ngày ký ({DAY_HELP})")] = None,
    codes: Codes = None,
    out: Out = Path("."),
) -> None:
    """Ban hành quyết định: cấp số, lưu văn bản và chuyển các hồ sơ sang Đã khen thưởng."""
    now = datetime.now(UTC)
    inp = DecisionInput(
        round_code,
        level,
        signer_name=signer,
        signer_title=title,
        on=parse_day(on, "--date") if on else None,
        codes=codes or (),
    )
    tdkt = build()
    docs = issue_decisions(tdkt.uow, inp, Actor(signer, "chair"), now)
    tdkt.close()
    _write(docs, out)


@app.command("list")
@as_message
def list_cmd(
    level: Annotated[str | None, typer.Option("--level", help="Mã cấp ra quyết định")] = None,
    round_code: Annotated[str | None, typer.Option("--round", help="Mã đợt thi đua")] = None,
) -> None:
    """Các quyết định đã ban hành, mới nhất trước."""
    tdkt = build()
    found = list_decisions(tdkt.uow, level_code=level, round_code=round_code)
    tdkt.close()
    if not found:
        typer.echo("Chưa có quyết định nào.")
    for d in found:
        typer.echo(
            f"{d.code}  Số {d.document_no} ngày {short_date(d.issued_on)}  {d.level_name}  "
            f"{d.award_name}  {len(d.dossier_codes)} hồ sơ"
        )


@app.command()
@as_message
def show(
    code: Annotated[str, typer.Argument(help="Mã quyết định, ví dụ QĐ-TK-2025-001")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Ghi văn bản ra tệp .docx hoặc .pdf")
    ] = None,
) -> None:
    """Một quyết định: số, ngày, người ký, các hồ sơ; ghi văn bản đã ký nếu có --out."""
    tdkt = build()
    d, docx = decision_record(tdkt.uow, code)
    tdkt.close()
    typer.echo(f"Quyết định số {d.document_no} ngày {short_date(d.issued_on)} ({d.code})")
    typer.echo(f"Cấp ra quyết định: {d.level_name} · Đợt {d.round_code}")
    typer.echo(f"Hình thức: {d.award_name} · Người ký: {d.signer}")
    typer.echo("Hồ sơ: " + ", ".join(d.dossier_codes))
    if out is not None:
        data = docx_to_pdf(docx, d.stem) if out.suffix.lower() == ".pdf" else docx
        out.write_bytes(data)
        typer.echo(f"Đã ghi {out}")
