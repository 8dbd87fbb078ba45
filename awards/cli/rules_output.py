"""Screen output of `tdkt rules explain` and `tdkt rules simulate` (Vietnamese, plain text)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import typer

from notifications.vn import short_date
from rules.history import VersionEntry
from rules.policy import STATUS_LABELS
from rules.quota import QuotaMeter
from rules.simulation import SimulationReport
from states import DossierState


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def print_explanation(
    code: str, state: str, stored: dict[str, Any], policy_version: str | None
) -> None:
    ev = stored
    if stored.get("manual"):
        _manual(code, state, stored)
        return
    verdict = "ĐỦ ĐIỀU KIỆN" if stored["eligible"] else "KHÔNG ĐỦ ĐIỀU KIỆN"
    when = datetime.fromisoformat(stored["appraised_at"]).date()
    typer.echo(f"Hồ sơ {code} · {ev['award_code']} · {DossierState(state).label}")
    typer.echo(
        f"Thẩm định ngày {short_date(when)} (cấp {stored['level']}) bởi {stored['actor']}; "
        f"chính sách áp dụng vào ngày {short_date(date.fromisoformat(ev['evaluated_on']))}"
    )
    policy = f"Chính sách: {ev['policy_id']}@{ev['policy_version']}" if ev["policy_id"] else ""
    # stored since packs keep dated versions: "Chính sách cstdcs phiên bản 0.9.0 (hiệu lực …)"
    policy = ev.get("policy_label") or policy or "Chính sách: không có"
    typer.echo(f"{policy} · bộ chính sách {policy_version or ev['policy_set_version']}")
    typer.echo(f"Kết luận: {verdict}")
    if ev.get("reason") and not ev.get("quota"):
        typer.echo(f"  {ev['reason']}")
    for req in ev["requirements"]:
        _requirement(req)
    quota = stored.get("quota")
    if quota:
        _quota(quota)
    for flag in stored.get("flags") or []:
        typer.echo(f"⚠ {flag}")


def _manual(code: str, state: str, stored: dict[str, Any]) -> None:
    """A mark_eligible made by hand: who, when, what was missing and why (issue 16)."""
    m = stored["manual"]
    when = datetime.fromisoformat(m["at"]).date()
    typer.echo(f"Hồ sơ {code} · {DossierState(state).label}")
    typer.echo(
        f"Kết luận: ĐỦ ĐIỀU KIỆN, xác nhận thủ công ngày {short_date(when)} bởi {m['actor']}"
    )
    if m.get("missing"):
        typer.echo(f"  Hồ sơ còn thiếu: {', '.join(m['missing'])}")
    if m.get("reason"):
        typer.echo(f"  Lý do: {m['reason']}")


def _requirement(req: dict[str, Any]) -> None:
    mark = "✅" if req["passed"] else "❌"
    head = f"  {mark} {req['id']}"
    if not req["passed"] and req["message"]:
        head += f": {req['message']}"
    typer.echo(head)
    if req.get("check"):
        typer.echo(f"       Kiểm tra: {req['check']}")
    if req.get("expression"):
        typer.echo(f"       Biểu thức: {req['expression']}")
    if req.get("params"):
        typer.echo(f"       Tham số: {_compact(req['params'])}")
    if req.get("facts_used"):
        typer.echo(f"       Dữ kiện: {_compact(req['facts_used'])}")
    if req.get("detail"):
        typer.echo(f"       Chi tiết: {req['detail']}")
    typer.echo(f"       Căn cứ: {req['legal_basis']} [{STATUS_LABELS[req['status']]}]")


def _quota(quota: dict[str, Any]) -> None:
    typer.echo(
        f"Chỉ tiêu ({quota['policy']}): {quota['description']}; nhóm {quota['group']}: "
        f"{quota['cap']} suất cho {quota['candidates']} hồ sơ đạt tiêu chí"
    )
    typer.echo(f"  Căn cứ: {quota['legal_basis']} [{STATUS_LABELS[quota['status']]}]")
    typer.echo(f"  Thứ tự ưu tiên: {', '.join(quota['priority'])}")
    typer.echo("  ✅ Trong chỉ tiêu" if quota["selected"] else f"  ❌ {quota['reason']}")


def _meter(m: QuotaMeter | None) -> str:
    return "—" if m is None else f"{m.candidates}/{m.cap}" + (" (vượt)" if m.binds else "")


def print_simulation(round_code: str, report: SimulationReport) -> None:
    typer.echo(f"Mô phỏng đợt {round_code}: {report.evaluated} hồ sơ")
    typer.echo(f"  Bộ đang áp dụng: {report.current_version}")
    typer.echo(f"  Bộ dự thảo:      {report.draft_version}")
    typer.echo(f"  Đủ điều kiện: {report.eligible_before} → {report.eligible_after}")
    share = (report.direct_worker_share_before, report.direct_worker_share_after)
    typer.echo(f"  Tỷ lệ người lao động trực tiếp được chọn: {share[0]:.1%} → {share[1]:.1%}")
    typer.echo(f"Đổi kết quả ({len(report.flips)}):")
    typer.echo(f"  {'Mã hồ sơ':<16} {'Hình thức':<14} {'Trước':<10} {'Sau':<10} Không đạt")
    for f in report.flips:
        before = "đủ" if f.eligible_before else "không đủ"
        after = "đủ" if f.eligible_after else "không đủ"
        failed = ", ".join(f.failed_after or f.failed_before)
        typer.echo(f"  {f.dossier_code:<16} {f.award_code:<14} {before:<10} {after:<10} {failed}")
    typer.echo(f"Chỉ tiêu đổi trạng thái vượt/không vượt ({len(report.quota_changes)}):")
    for q in report.quota_changes:
        typer.echo(f"  {q.award_code} · {q.group}: {_meter(q.before)} → {_meter(q.after)}")


def print_history(family: str, entries: list[VersionEntry]) -> None:
    typer.echo(f"Lịch sử chính sách {family}: {len(entries)} phiên bản")
    for e in entries:
        typer.echo("")
        typer.echo(f"Phiên bản {e.version} · hiệu lực {e.period} · {e.title} ({e.nominee_kinds})")
        released = "đã ban hành" if e.released else "chưa ban hành (chạy tdkt rules release)"
        typer.echo(f"  Tệp {e.source} · {released} · ví dụ {e.examples_passed}/{e.examples} đúng")
        typer.echo("  Căn cứ:")
        for b in e.bases:
            typer.echo(f"    {b.what}: {b.legal_basis} [{b.status}]")
