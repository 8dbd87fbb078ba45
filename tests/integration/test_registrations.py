"""Đăng ký thi đua on both backends: registering, the period, scope, withdrawing, the import
with per-row errors, the round's "registration required" at nomination (every path), the
outcome of each registration and the year check's findings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import ImportFileError, ValidationError
from awards.model import Dossier, OutboxMessage, RoundEvent
from awards.services.appraisal.appraise import appraise
from awards.services.mail.outbox import pending
from awards.services.nomination.bulk import nominate_many
from awards.services.nomination.imports import import_nominations
from awards.services.nomination.nominate import Nomination
from awards.services.nomination.tabular import write_rows
from awards.services.registrations.imports import import_registrations
from awards.services.registrations.register import NewRegistration, close, register
from awards.services.registrations.views import list_registrations, report
from awards.services.reminders.sweep import sweep
from awards.services.year.check import year_check
from rules import load_policy_set
from states import Trigger
from tests.support.appraisal import Member, add_members, to_appraisal
from tests.support.lifecycle import HOP, NOW, build_org, draft, drive, step
from tests.support.registrations import (
    JANUARY,
    OFFICE,
    mark_required,
    pack_requiring_registration,
    registered,
    with_period,
)


def _events(app: App) -> list[tuple[str, dict[str, object]]]:
    with app.uow(write=False) as uow:
        rows = uow.session.exec(select(RoundEvent).order_by(col(RoundEvent.id)))
        return [(e.kind, e.detail) for e in rows]


def test_a_unit_registers_its_members_audited_once_each(tdkt: App) -> None:
    build_org(tdkt)
    with_period(tdkt)
    ids = registered(tdkt, "DV1", "DV2")
    lines = list_registrations(tdkt.uow, "TK-2025")
    # sorted by given name: Hằng before Sơn
    assert [(x.id, x.nominee_name, x.status_label, x.outcome_label) for x in lines] == [
        (ids[0], "Nguyễn Thị Hằng", "Đã đăng ký", "Chưa đề nghị"),
        (ids[1], "Lò Văn Sơn", "Đã đăng ký", "Chưa đề nghị"),
    ]
    kinds = [k for k, _ in _events(tdkt)]
    assert kinds[-3:] == ["registration_period", "registered", "registered"]
    assert _events(tdkt)[-1][1] == {
        "registration": ids[1],
        "unit": "CS1",
        "award": "GK_CDCT",
        "nominee": "DV2",
    }
    with pytest.raises(ValidationError, match="DV1 đã đăng ký Giấy khen"):
        registered(tdkt, "DV1")


def test_the_period_the_scope_and_the_award_are_checked(tdkt: App) -> None:
    build_org(tdkt)
    with_period(tdkt)
    late = datetime(2025, 4, 1, 2, 0, tzinfo=UTC)
    item = NewRegistration("TK-2025", "CS1", "GK_CDCT", person_code="DV1")
    with pytest.raises(ValidationError, match=r"Đã hết hạn đăng ký thi đua .*hạn 31/03/2025"):
        register(tdkt.uow, [item], actor=OFFICE, now=late)
    stranger = NewRegistration("TK-2025", "THAN-UYEN", "LDTT", person_code="NOBODY")
    with pytest.raises(ValidationError, match="Không có đoàn viên mã 'NOBODY'"):
        register(tdkt.uow, [stranger], actor=OFFICE, now=JANUARY)
    collective = NewRegistration("TK-2025", "CS1", "LDTT", collective_code="CS1")
    with pytest.raises(ValidationError, match="không xét cho tập thể"):
        register(tdkt.uow, [collective], actor=OFFICE, now=JANUARY)
    assert list_registrations(tdkt.uow, "TK-2025") == []  # all or none


def test_a_round_that_requires_registration_refuses_unregistered_nominations(
    tdkt: App, tmp_path: Path
) -> None:
    build_org(tdkt)
    with_period(tdkt)
    mark_required(tdkt)
    (dv1,) = registered(tdkt, "DV1")
    assert draft(tdkt, "GK_CDCT", "DV1").startswith("HS-2025-")
    with pytest.raises(ValidationError, match="chỉ xét các danh hiệu đã đăng ký thi đua"):
        draft(tdkt, "GK_CDCT", "DV2")
    now = datetime(2025, 11, 3, 9, 0, tzinfo=UTC)
    bulk = Nomination("TK-2025", "GK_CDCT", "CS1", person_code="DV2", achievement_summary="x" * 20)
    with pytest.raises(ValidationError, match="dòng 1: Đợt TK-2025 chỉ xét"):
        nominate_many(tdkt.uow, [bulk], now=now)
    path = tmp_path / "de-nghi.xlsx"
    row = ["CS1", "GK_CDCT", "Cá nhân", "DV2", "", "", "không", "không", "Hoàn thành tốt " * 3]
    path.write_bytes(write_rows("nominations", [row], "xlsx"))
    with pytest.raises(ImportFileError) as err:
        import_nominations(tdkt.uow, path, "TK-2025", now=now)
    assert err.value.problems[0][:2] == (2, "Mã đoàn viên")
    # withdrawn: no longer proposable
    close(tdkt.uow, dv1, status="withdrawn", reason="Chuyển công tác", actor=OFFICE, now=now)
    with pytest.raises(ValidationError, match="hoặc đã rút đăng ký"):
        draft(tdkt, "GK_CDCT", "DV1")


def test_the_import_reports_each_bad_row_and_writes_the_good_ones(
    tdkt: App, tmp_path: Path
) -> None:
    build_org(tdkt)
    with_period(tdkt)
    path = tmp_path / "dang-ky.xlsx"
    rows = [
        ["CS1", "Lao động tiên tiến", "Cá nhân", "DV1", ""],
        ["CS1", "LDTT", "Cá nhân", "DV1", ""],  # twice in the file
        ["CS1", "KHONG-CO", "Cá nhân", "DV2", ""],
        ["CS1", "TT_LDXS", "Tập thể", "", "CS1"],
        ["CS9", "LDTT", "Cá nhân", "DV3", ""],
    ]
    path.write_bytes(write_rows("registrations", rows, "xlsx"))
    with pytest.raises(ImportFileError) as err:
        import_registrations(tdkt.uow, path, "TK-2025", actor=OFFICE, now=JANUARY)
    assert [(n, c) for n, c, _ in err.value.problems] == [
        (3, "Mã đoàn viên"),
        (4, "Mã hình thức"),
        (6, "Mã đơn vị đăng ký"),
    ]
    assert "trùng đăng ký ở dòng 2" in err.value.problems[0][2]
    result = import_registrations(
        tdkt.uow, path, "TK-2025", actor=OFFICE, now=JANUARY, valid_only=True
    )
    assert (result.written, result.rejected) == (2, 3)
    assert result.error_file is not None and result.error_file.exists()
    got = {(x.award_code, x.nominee_code) for x in list_registrations(tdkt.uow, "TK-2025")}
    assert got == {("LDTT", "DV1"), ("TT_LDXS", "CS1")}


def test_outcomes_the_report_and_the_year_check(tdkt: App) -> None:
    build_org(tdkt)
    with_period(tdkt)
    dv1, dv2, dv3 = registered(tdkt, "DV1", "DV2", "DV3")
    code = draft(tdkt, "GK_CDCT", "DV1")
    step(tdkt, code, Trigger.submit)
    drive(tdkt, code, [*HOP, Trigger.decide])
    findings = year_check(tdkt.uow, "THAN-UYEN", 2025)
    open_ones = [f for f in findings if f.where.startswith("Đăng ký số")]
    assert [f.where for f in open_ones] == [
        f"Đăng ký số {dv3} (TK-2025)",  # Páo before Sơn: by given name
        f"Đăng ký số {dv2} (TK-2025)",
    ]
    assert "Lò Văn Sơn (Công đoàn Trường Tiểu học Mường Kim) đăng ký Giấy khen" in str(open_ones[1])
    assert f"tdkt registration not-achieved {dv2}" in str(open_ones[1])
    now = datetime(2025, 12, 28, 2, 0, tzinfo=UTC)
    close(
        tdkt.uow,
        dv2,
        status="not_achieved",
        reason="Xếp loại hoàn thành nhiệm vụ",
        actor=OFFICE,
        now=now,
    )
    close(tdkt.uow, dv3, status="withdrawn", reason="Nghỉ hưu", actor=OFFICE, now=now)
    assert not [f for f in year_check(tdkt.uow, "THAN-UYEN", 2025) if f.where.startswith("Đăng ký")]
    data = report(tdkt.uow, "TK-2025", level_code="THAN-UYEN")
    row = data.by_unit[0]
    assert (row.name, row.registered, row.achieved, row.not_achieved, row.withdrawn, row.rate) == (
        "Công đoàn Trường Tiểu học Mường Kim",
        2,
        1,
        1,
        1,
        "50%",
    )
    with pytest.raises(ValidationError, match="đã ở trạng thái “Đã rút đăng ký”"):
        close(tdkt.uow, dv3, status="withdrawn", reason="lại", actor=OFFICE, now=now)


def test_a_level_that_requires_registration_says_so_in_the_explanation(
    tdkt: App, tmp_path: Path
) -> None:
    build_org(tdkt)
    with_period(tdkt)
    add_members(tdkt, "CS1", [Member(c, ratings={2025: "hoan_thanh_tot"}) for c in ("A1", "B1")])
    register(
        tdkt.uow,
        [NewRegistration("TK-2025", "CS1", "GK_CDCT", person_code="A1")],
        actor=OFFICE,
        now=JANUARY,
    )
    codes = to_appraisal(tdkt, "GK_CDCT", ["A1", "B1"])
    pack = load_policy_set(pack_requiring_registration(tmp_path))
    result = appraise(tdkt.uow, "TK-2025", now=NOW, level=3, policy_set=pack)
    assert result.eligible == [codes[0]]
    with tdkt.uow(write=False) as uow:
        refused = uow.session.exec(select(Dossier).where(Dossier.code == codes[1])).one()
    why = refused.eligibility or {}
    assert why["reasons"] == ["Chưa đăng ký thi đua danh hiệu này từ đầu năm: không đề nghị."]
    (req,) = [r for r in why["requirements"] if r["id"] == "da-dang-ky"]
    assert req["passed"] is False and "chưa đăng ký thi đua danh hiệu này" in str(req)


def test_the_digest_reminds_a_unit_that_has_not_registered(tdkt: App) -> None:
    build_org(tdkt)
    with_period(tdkt)
    day = date(2025, 3, 26)  # a Wednesday: 3 working days before the period ends on 31/03
    now = datetime(2025, 3, 26, 0, 0, tzinfo=UTC)
    assert sweep(tdkt.uow, today=day, now=now).digests == 1
    pending(tdkt.uow)
    with tdkt.uow(write=False) as uow:
        (mail,) = uow.session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == "reminder_digest")
        ).all()
    assert mail.recipient == "thanuyen@tdkt.example"
    assert "Đăng ký thi đua: Tổng kết phong trào thi đua năm 2025" in mail.body_text
    assert "Chưa đăng ký thi đua; hạn 31/03" in mail.body_text
    # once a unit of its subtree has registered, Than Uyên is not reminded again
    registered(tdkt, "DV1")
    later = date(2025, 3, 27)
    assert sweep(tdkt.uow, today=later, now=now + timedelta(days=1)).digests == 0
