"""`tdkt rules …`: the rule authors' commands: check, test, release, history, explain, simulate.

`check` and `test` read policy files only; a set that fails is reported and never used, so the set
in force stays in force. `explain` reads what appraisal stored (never re-evaluates), so it shows the
version and parameters the decision was made under. `simulate` replays a round under a draft.
`release` records a pack's new versions in its versions.lock once every example passes; the app
applies the pack TDKT_POLICIES_DIR points to, and refuses one with unrecorded or edited versions.
`history` lists a family's dated versions with their periods and legal bases.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from awards.bootstrap import build
from awards.cli.rules_output import print_explanation, print_history, print_simulation
from awards.errors import NotFoundError
from awards.reports.simulation import write_simulation_xlsx
from awards.services.appraisal.rule_drafts import policy_history
from awards.services.appraisal.simulation import simulate_round
from awards.services.audit.history import dossier_history
from awards.settings import get_settings
from rules import DEFAULT_PACK, PolicySet, PolicySetError, load_policy_set, run_examples
from rules.version_lock import LOCK_NAME, check_version_lock, read_lock, update_version_lock

app = typer.Typer(help="Chính sách xét khen thưởng: kiểm tra, chạy ví dụ, giải trình, mô phỏng.")

PackPath = Annotated[Path, typer.Argument(help="Thư mục bộ chính sách (mặc định: bộ đi kèm tdkt).")]


def _load(path: Path) -> PolicySet:
    """The pack, or every problem printed and exit code 1 (nothing replaces the set in force)."""
    try:
        return load_policy_set(path)
    except PolicySetError as err:
        for problem in err.problems:
            typer.secho(f"❌ {problem}", fg=typer.colors.RED)
        typer.secho(
            f"Bộ chính sách có {len(err.problems)} lỗi; không được dùng "
            "(bộ đang áp dụng giữ nguyên). Sửa từng lỗi theo dòng và dạng cần có ở trên.",
            fg=typer.colors.RED,
        )
        raise typer.Exit(1) from None


@app.command()
def check(path: PackPath = DEFAULT_PACK) -> None:
    """Kiểm tra bộ chính sách: liệt kê mọi lỗi với tệp, dòng, trường và dạng cần có."""
    pack = _load(path)
    lock_problems = check_version_lock(pack, read_lock(path / LOCK_NAME))
    for problem in lock_problems:
        typer.secho(f"❌ {problem}", fg=typer.colors.RED)
    if lock_problems:
        edited = any("chưa tăng version" in p for p in lock_problems)
        typer.secho(
            f"Nội dung chính sách đổi mà không tăng version ({LOCK_NAME}); bộ này không được dùng."
            if edited
            else f"Phiên bản mới chưa ban hành ({LOCK_NAME}): chạy `tdkt rules test` rồi "
            "`tdkt rules release` để ghi; đến lúc đó bộ này không được dùng.",
            fg=typer.colors.RED,
        )
        raise typer.Exit(1)
    typer.echo(
        f"✅ Hợp lệ: {len(pack.policies)} chính sách, {len(pack.examples)} ví dụ; "
        f"phiên bản bộ {pack.version}"
    )


@app.command("test")
def test_examples(path: PackPath = DEFAULT_PACK) -> None:
    """Chạy mọi ví dụ allow/deny của bộ chính sách (✅ đạt, ❌ sai)."""
    results = run_examples(_load(path))
    for result in results:
        typer.echo(str(result))
    failed = sum(not r.passed for r in results)
    typer.echo(f"{len(results) - failed}/{len(results)} ví dụ đúng.")
    if failed:
        raise typer.Exit(1)


@app.command()
def release(path: PackPath = DEFAULT_PACK) -> None:
    """Ban hành các phiên bản mới: chỉ khi bộ hợp lệ và mọi ví dụ đúng, ghi vào versions.lock."""
    pack = _load(path)
    failed = [r for r in run_examples(pack) if not r.passed]
    for result in failed:
        typer.secho(str(result), fg=typer.colors.RED)
    if failed:
        typer.secho(
            f"{len(failed)} ví dụ sai: chưa ban hành (versions.lock giữ nguyên). Sửa chính sách "
            "hoặc ví dụ rồi chạy lại `tdkt rules test`.",
            fg=typer.colors.RED,
        )
        raise typer.Exit(1)
    before = read_lock(path / LOCK_NAME)
    problems = update_version_lock(pack, path / LOCK_NAME)
    for problem in problems:
        typer.secho(f"❌ {problem}", fg=typer.colors.RED)
    if problems:
        raise typer.Exit(1)
    new = sorted(set(read_lock(path / LOCK_NAME)) - set(before))
    typer.echo(
        f"✅ Đã ban hành {len(new)} phiên bản mới: {', '.join(new) or 'không có'}; "
        f"phiên bản bộ {pack.version}. Trỏ TDKT_POLICIES_DIR tới {path} để áp dụng."
    )


@app.command()
def history(
    family: Annotated[str, typer.Argument(help="Nhóm chính sách (tên thư mục), ví dụ cstdcs")],
    pack: Annotated[
        Path | None,
        typer.Option(help="Thư mục bộ chính sách (mặc định: bộ đang áp dụng, TDKT_POLICIES_DIR)"),
    ] = None,
) -> None:
    """Lịch sử các phiên bản của một nhóm chính sách: hiệu lực, căn cứ pháp lý, ví dụ."""
    path = pack or get_settings().policies_dir or DEFAULT_PACK
    _load(path)  # a broken pack: every problem, exit 1
    try:
        entries = policy_history(family, path)
    except NotFoundError as err:
        typer.secho(err.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    print_history(family, entries)


@app.command()
def explain(dossier: Annotated[str, typer.Argument(help="Mã hồ sơ, ví dụ HS-2025-000012")]) -> None:
    """Giải trình kết quả thẩm định đã lưu của một hồ sơ (phiên bản chính sách lúc xét)."""
    tdkt = build()
    try:
        found = dossier_history(tdkt.uow, dossier, events=False).dossier
    except NotFoundError as err:
        typer.secho(err.message, fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from None
    finally:
        tdkt.close()
    if not found.eligibility:
        typer.secho(
            f"Hồ sơ {dossier} chưa được thẩm định theo chính sách (trạng thái {found.state}).",
            fg=typer.colors.RED,
            err=True,
        )
        raise typer.Exit(1)
    print_explanation(found.code, found.state, found.eligibility, found.policy_version)


@app.command()
def simulate(
    policies: Annotated[Path, typer.Option(help="Thư mục bộ chính sách dự thảo")],
    round_code: Annotated[str, typer.Option("--round", help="Mã đợt đã qua, ví dụ TK-2025")],
    current: Annotated[
        Path | None, typer.Option(help="Bộ so sánh (mặc định: bộ đang áp dụng, TDKT_POLICIES_DIR)")
    ] = None,
    xlsx: Annotated[Path | None, typer.Option(help="Ghi kết quả ra tệp XLSX")] = None,
    output: Annotated[str, typer.Option("--format", help="table | json")] = "table",
) -> None:
    """Mô phỏng đợt đã qua theo bộ dự thảo: ai đổi kết quả, chỉ tiêu nào vượt, tỷ lệ CNLĐ."""
    if output not in ("table", "json"):
        raise typer.BadParameter("--format phải là 'table' hoặc 'json'")
    draft = _load(policies)
    tdkt = build()
    try:
        in_force = _load(current) if current is not None else tdkt.policies
        result = simulate_round(tdkt.uow, round_code, draft, in_force)
    finally:
        tdkt.close()
    if xlsx is not None:
        write_simulation_xlsx(result.report, round_code, xlsx)
    if output == "json":
        data: dict[str, Any] = {"round": round_code, **dataclasses.asdict(result.report)}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    print_simulation(round_code, result.report)
    if xlsx is not None:
        typer.echo(f"Đã ghi {xlsx}")
