"""`tdkt report …` and `tdkt documents …`: rollups, sơ kết / tổng kết, escalation documents."""

from __future__ import annotations

import json
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from awards.bootstrap import App, build
from awards.cli.common import as_message
from awards.cli.dates import parse_day
from awards.cli.progress import steps
from awards.reports.chart import ratio_chart_png, ratio_chart_svg
from awards.reports.html import html_document, rollup_html
from awards.reports.periodic import PeriodReport, to_json
from awards.reports.periodic_render import report_html, report_xlsx, share_chart
from awards.reports.xlsx import rollup_xlsx
from awards.services.escalation.documents import write_round_documents
from awards.services.reporting.certificates import write_certificates
from awards.services.reporting.office_docs import achievement_docx, notice_docx, plan_docx
from awards.services.reporting.periodic import (
    ANNUAL_REPORT,
    INTERIM_REPORT,
    build_period_report,
    issue_period_report,
    report_period,
)
from awards.services.reporting.programmes import DEFAULT_PROGRAMME, load_programme, programme_rollup
from awards.services.reporting.templates import TEMPLATES, write_default_templates
from awards.services.reporting.texts import CONSOLE, section_texts, set_report_text

app = typer.Typer(
    help="Báo cáo: biểu tổng hợp chương trình, sơ kết, tổng kết.", no_args_is_help=True
)
documents = typer.Typer(help="Văn bản trình khen thưởng.", no_args_is_help=True)
texts = typer.Typer(
    help="Phần lời của báo cáo sơ kết, tổng kết (tình hình chung, đánh giá, phương hướng…).",
    no_args_is_help=True,
)
app.add_typer(texts, name="text")
Fmt = Annotated[str, typer.Option("--format", "-f", help="all|docx|xlsx|html|png|json")]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="Tệp hoặc thư mục ghi ra")]


def _parse_day(text: str | None) -> date:
    return parse_day(text, "--issued-on") if text else date.today()


@app.command("load-programme")
@as_message
def load_programme_cmd(
    path: Annotated[
        Path, typer.Argument(help="Tệp YAML của chương trình (mặc định: chương trình kèm theo)")
    ] = DEFAULT_PROGRAMME,
) -> None:
    """Nạp (hoặc cập nhật) chương trình và chỉ tiêu từ tệp dữ liệu YAML."""
    tdkt = build()
    load_programme(tdkt.uow, path)
    typer.echo(f"Đã nạp chương trình từ {path}")
    tdkt.close()


@app.command()
def programme(
    code: str,
    on: Annotated[str | None, typer.Option(help="Tính đến ngày dd/mm/yyyy")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table|xlsx|html|png|svg|json")
    ] = "table",
    out: Out = None,
) -> None:
    """Biểu tổng hợp kết quả chương trình theo đơn vị (như biểu của LĐLĐ tỉnh)."""
    tdkt = build()
    rollup = programme_rollup(tdkt.uow, code, _parse_day(on))
    tdkt.close()
    if fmt == "table":
        for n, r in enumerate(rollup.rows, start=1):
            ratio = "" if r.total.ratio is None else f"{r.total.ratio}%"
            typer.echo(
                f"{n:>3} {r.unit_name:<40} {r.total.target or 0:>6} {r.total.result:>6} {ratio:>5}"
            )
        t = rollup.totals.total
        typer.echo(f"    {'Tổng':<40} {t.target or 0:>6} {t.result:>6} {t.ratio or ''}%")
        return
    if fmt == "json":
        rows = [
            {
                "unit": r.unit_name,
                "target": r.total.target,
                "result": r.total.result,
                "ratio": r.total.ratio,
                "flags": sorted(r.flags),
            }
            for r in rollup.rows
        ]
        typer.echo(
            json.dumps({"programme": rollup.programme.name, "rows": rows}, ensure_ascii=False)
        )
        return
    render = {
        "xlsx": rollup_xlsx,
        "png": ratio_chart_png,
        "svg": ratio_chart_svg,
        "html": lambda r: html_document("Biểu tổng hợp", rollup_html(r)).encode("utf-8"),
    }
    if fmt not in render:
        raise typer.BadParameter(f"định dạng '{fmt}' không có")
    path = out or Path(f"bieu-tong-hop-{code}.{fmt}")
    path.write_bytes(render[fmt](rollup))
    typer.echo(f"Đã ghi {path}")


def _period_report(tdkt: App, kind: str, level: str, year: int, half: int | None) -> PeriodReport:
    s = tdkt.settings
    period = report_period(kind, year, half, s.so_ket_cutoff, s.tong_ket_cutoff)
    return build_period_report(
        tdkt.uow, level_code=level, kind=kind, year=year, half=half, period=period
    )


def _emit(
    tdkt: App, report: PeriodReport, level: str, fmt: str, out: Path | None, on: str | None
) -> None:
    if fmt == "json":
        typer.echo(json.dumps(to_json(report), ensure_ascii=False, indent=2))
        return
    single = {
        "xlsx": report_xlsx,
        "png": share_chart,
        "html": lambda r: html_document(r.title, report_html(r)).encode("utf-8"),
    }
    if fmt in single:
        path = out or Path(f"bao-cao-{report.kind}-{level}-{report.year}.{fmt}")
        path.write_bytes(single[fmt](report))
        typer.echo(f"Đã ghi {path}")
        return
    if fmt not in ("all", "docx"):
        raise typer.BadParameter(f"định dạng '{fmt}' không có")
    issued = issue_period_report(
        tdkt.uow,
        report,
        level_code=level,
        folder=out or tdkt.settings.report_dir,
        issued_on=_parse_day(on),
        recipients=tdkt.settings.report_recipient_list,
        now=datetime.now(UTC),
        data_dir=tdkt.settings.data_dir,
    )
    typer.echo(f"Báo cáo số {issued.document_no}; {issued.emails} thư chờ gửi. Tệp:")
    for path in issued.files:
        typer.echo(f"  {path}")


Level = Annotated[str, typer.Option("--level", help="Mã đơn vị lập báo cáo, ví dụ LDLD-LC")]
Year = Annotated[int, typer.Option("--year")]
IssuedOn = Annotated[
    str | None, typer.Option("--issued-on", help="Ngày ban hành (dd/mm/yyyy hoặc YYYY-MM-DD)")
]


@app.command("so-ket")
def interim_report(
    level: Level,
    year: Year,
    half: Annotated[int, typer.Option("--half")] = 1,
    fmt: Fmt = "all",
    out: Out = None,
    issued_on: IssuedOn = None,
) -> None:
    """Báo cáo sơ kết 6 tháng; mặc định cấp số, ghi DOCX/XLSX/HTML/PNG/JSON và xếp thư gửi."""
    _period(INTERIM_REPORT, level, year, half, fmt, out, issued_on)


@app.command("tong-ket")
def annual_report(
    level: Level, year: Year, fmt: Fmt = "all", out: Out = None, issued_on: IssuedOn = None
) -> None:
    """Báo cáo tổng kết năm."""
    _period(ANNUAL_REPORT, level, year, None, fmt, out, issued_on)


def _period(
    kind: str, level: str, year: int, half: int | None, fmt: str, out: Path | None, on: str | None
) -> None:
    """Build the report, then write it: two steps of a bar on a terminal (slow at scale)."""
    with closing(build()) as tdkt, steps(f"Báo cáo {level} {year}", 2) as progress:
        report = _period_report(tdkt, kind, level, year, half)
        progress(1, 2)
        _emit(tdkt, report, level, fmt, out, on)
        progress(2, 2)


@documents.command("certificates")
def certificates(
    decision: Annotated[str, typer.Argument(metavar="DECISION", help="Số quyết định: 15/QĐ-LĐLĐ")],
    level: Annotated[str, typer.Option("--level", help="Mã đơn vị ra quyết định")],
    out: Out = None,
) -> None:
    """Bằng khen / Giấy khen: một tệp PDF cho mỗi người, tập thể được khen và một tệp gộp."""
    tdkt = build()
    folder = out or tdkt.settings.report_dir / "bang-khen" / decision.replace("/", "-")
    written = write_certificates(tdkt.uow, decision, level, folder)
    typer.echo(f"Quyết định số {written.decision_no}: {len(written.per_awardee)} bản. Tệp gộp:")
    typer.echo(f"  {written.merged}")
    tdkt.close()


@documents.command("to-trinh")
def to_trinh(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    unit: Annotated[str | None, typer.Option("--unit", help="Chỉ tờ trình của cấp này")] = None,
    order: Annotated[str, typer.Option(help="name: theo tên; unit: theo đơn vị")] = "name",
    out: Out = None,
) -> None:
    """Tờ trình, danh sách đề nghị và dự thảo quyết định cho các tờ trình của một đợt."""
    tdkt = build()
    folder = out or tdkt.settings.report_dir / "to-trinh" / round_code
    written = write_round_documents(tdkt.uow, round_code, folder, from_unit_code=unit, order=order)
    for docs in written:
        typer.echo(f"{docs.document_no} ({docs.submission_code}):")
        for path in docs.files:
            typer.echo(f"  {path}")
    if not written:
        typer.echo("Đợt chưa có tờ trình nào đã cấp số.")
    tdkt.close()


Kind = Annotated[str, typer.Option("--kind", help="so_ket (sơ kết 6 tháng) hoặc tong_ket")]
Half = Annotated[int, typer.Option("--half", help="Kỳ sơ kết: 1 (6 tháng đầu) hoặc 2")]


@texts.command("set")
@as_message
def text_set(
    section: Annotated[str, typer.Argument(help="tinh_hinh_chung, uu_diem, ton_tai, …")],
    level: Level,
    kind: Kind,
    year: Year,
    text: Annotated[str | None, typer.Argument(help="Nội dung (hoặc --file)")] = None,
    half: Half = 1,
    file: Annotated[
        Path | None, typer.Option("--file", help="Đọc nội dung từ tệp văn bản UTF-8")
    ] = None,
) -> None:
    """Ghi một mục lời của báo cáo (sửa được đến khi ban hành); mỗi dòng là một đoạn."""
    if (text is None) == (file is None):
        raise typer.BadParameter("cho nội dung ngay sau tên mục, hoặc --file TỆP (một trong hai)")
    body = file.read_text(encoding="utf-8") if file is not None else str(text)
    tdkt = build()
    s = tdkt.settings
    period = report_period(kind, year, half, s.so_ket_cutoff, s.tong_ket_cutoff)
    set_report_text(
        tdkt.uow,
        level_code=level,
        kind=kind,
        period=period,
        section=section,
        text=body,
        actor=CONSOLE,
        now=datetime.now(UTC),
    )
    typer.echo(
        f"Đã ghi mục {section} của báo cáo {level} kỳ {period.start:%d/%m/%Y} - "
        f"{period.end:%d/%m/%Y}."
    )
    tdkt.close()


@texts.command("show")
@as_message
def text_show(level: Level, kind: Kind, year: Year, half: Half = 1) -> None:
    """In các mục lời đã viết của báo cáo."""
    tdkt = build()
    s = tdkt.settings
    period = report_period(kind, year, half, s.so_ket_cutoff, s.tong_ket_cutoff)
    for item in section_texts(tdkt.uow, level, kind, period):
        typer.echo(f"== {item.label} ({item.section})")
        typer.echo(item.text or "(chưa viết)")
    tdkt.close()


@documents.command("templates")
def templates(
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Ghi đè cả mẫu đã sửa (trở về mẫu gốc)")
    ] = False,
) -> None:
    """Chép các mẫu văn bản vào thư mục dữ liệu (mau-van-ban/) để Liên đoàn sửa."""
    tdkt = build()
    written = write_default_templates(tdkt.settings.data_dir, overwrite=overwrite)
    folder = tdkt.settings.data_dir / "mau-van-ban"
    typer.echo(f"Thư mục mẫu: {folder}")
    for name, label in TEMPLATES.items():
        mark = "đã chép" if folder / name in written else "giữ bản đã sửa"
        typer.echo(f"  {name}: {label} ({mark})")
    tdkt.close()


def _write(name: str, data: bytes, out: Path | None) -> Path:
    path = out if out is not None and out.suffix == ".docx" else (out or Path(".")) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


On = Annotated[
    str | None, typer.Option("--on", help="Ngày của văn bản (dd/mm/yyyy); mặc định hôm nay")
]


@documents.command("ke-hoach")
@as_message
def ke_hoach(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")], out: Out = None, on: On = None
) -> None:
    """Kế hoạch thi đua của một đợt (dự thảo DOCX), điền sẵn các giai đoạn và hạn nộp theo cấp."""
    tdkt = build()
    name, data = plan_docx(tdkt.uow, round_code, _on(on), tdkt.settings.data_dir)
    typer.echo(f"Đã ghi {_write(name, data, out)}")
    tdkt.close()


@documents.command("cong-khai")
@as_message
def cong_khai(
    round_code: Annotated[str, typer.Argument(metavar="ROUND")],
    level: Level,
    out: Out = None,
    on: On = None,
) -> None:
    """Thông báo công khai danh sách hồ sơ đang công khai tại một cấp (DOCX)."""
    tdkt = build()
    name, data = notice_docx(tdkt.uow, round_code, level, _on(on), tdkt.settings.data_dir)
    typer.echo(f"Đã ghi {_write(name, data, out)}")
    tdkt.close()


@documents.command("bao-cao-thanh-tich")
@as_message
def bao_cao_thanh_tich(code: str, out: Out = None, on: On = None) -> None:
    """Mẫu báo cáo thành tích của một hồ sơ (DOCX), điền sẵn thông tin của người, tập thể."""
    tdkt = build()
    name, data = achievement_docx(tdkt.uow, code, _on(on), tdkt.settings.data_dir)
    typer.echo(f"Đã ghi {_write(name, data, out)}")
    tdkt.close()


def _on(text: str | None) -> date:
    return parse_day(text, "--on") if text else date.today()
