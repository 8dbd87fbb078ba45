"""Round administration on both backends: open, deadlines, extensions (gia hạn), closing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import col, select

from awards.bootstrap import App
from awards.errors import DeadlineError, ValidationError
from awards.model import Dossier, OutboxMessage, RoundEvent
from awards.services.lifecycle.move import move, move_many
from awards.services.mail.stored import message_of
from awards.services.nomination.nominate import Nomination, nominate
from awards.services.registrations.register import NewRegistration, register
from awards.services.rounds import admin
from states import DossierState, Trigger
from tests.support.lifecycle import NOW, OFFICER, build_org, draft, req, year_end_round


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0, tzinfo=UTC)


def _submit(app: App, code: str, day: date) -> None:
    move(app.uow, code, req(Trigger.submit, now=_at(day), actor=OFFICER))


def _events(app: App, round_code: str = "TK-2025") -> list[RoundEvent]:
    return [
        e
        for e in _all(app, RoundEvent)
        if e.round_id == admin.show_round(app.uow, round_code).round.id
    ]


def _all(app: App, model: type) -> list:  # type: ignore[type-arg]
    with app.uow(write=False) as uow:
        return list(uow.session.exec(select(model).order_by(col(model.id))))


def _dossier(app: App, code: str) -> Dossier:
    with app.uow(write=False) as uow:
        found = uow.session.exec(select(Dossier).where(col(Dossier.code) == code)).one()
    return found


def _extend(
    app: App, ext: admin.Extension, today: date, actor: str = "Tòng Văn Minh"
) -> admin.Granted:
    return admin.extend(app.uow, "TK-2025", ext, actor=actor, now=_at(today), today=today)


@pytest.fixture
def org(tdkt: App) -> App:
    build_org(tdkt)
    return tdkt


def test_extension_lets_a_late_unit_submit_and_is_audited_and_mailed(org: App) -> None:
    late, other = draft(org, "GK_CDCT", "DV1"), draft(org, "GK_CDCT", "DV2")
    with pytest.raises(DeadlineError) as refused:
        _submit(org, late, date(2025, 11, 21))
    message = str(refused.value)
    assert "đã quá hạn nộp của đợt TK-2025 (20/11/2025)" in message
    assert (
        "Thường trực Hội đồng Thi đua – Khen thưởng của Liên đoàn Lao động tỉnh Lai Châu" in message
    )

    rain = admin.Extension(date(2025, 11, 28), "Mưa lũ chia cắt xã Mường Kim", "THAN-UYEN")
    granted = _extend(org, rain, date(2025, 11, 21))
    assert (
        granted.mailed
        == [
            "Liên đoàn Lao động huyện Than Uyên",
            "Công đoàn Trường Tiểu học Mường Kim",
        ]
        and granted.without_mail == []
    )
    assert admin.mail_summary(granted) == "Thư báo gia hạn vào hàng gửi cho 2 đơn vị."
    # The unit below THAN-UYEN is covered; its unsent dossiers now fall due on the new day.
    assert _dossier(org, late).due_on == date(2025, 11, 28)
    _submit(org, late, date(2025, 11, 27))
    assert _dossier(org, late).state == DossierState.submitted

    [event] = [e for e in _events(org) if e.kind == "extended"]
    assert event.actor == "Tòng Văn Minh"
    assert event.detail == {
        "extension_id": granted.id,
        "unit": "THAN-UYEN",
        "new_deadline": "2025-11-28",
        "reason": "Mưa lũ chia cắt xã Mường Kim",
    }
    mails = [m for m in _all(org, OutboxMessage) if m.kind == "round_extended"]
    assert sorted(m.recipient for m in mails) == ["cs1@tdkt.example", "thanuyen@tdkt.example"]
    assert mails[0].subject == "[TĐKT] Gia hạn nộp hồ sơ đợt TK-2025 đến 28/11/2025"
    assert "ngày 28 tháng 11 năm 2025" in message_of(mails[0]).text
    assert "Mưa lũ chia cắt xã Mường Kim" in message_of(mails[0]).html
    deadline = admin.unit_deadline(
        org.uow, _dossier(org, other).round_id, _unit(org), date(2025, 11, 21)
    )
    assert deadline.day == date(2025, 11, 28) and deadline.extension is not None

    # Closing: the extension ran out, the message gives the closing date and who may extend.
    admin.close_round(org.uow, "TK-2025", on=date(2025, 11, 30), actor="Tòng Văn Minh", now=NOW)
    with pytest.raises(DeadlineError) as closed:
        _submit(org, other, date(2025, 12, 1))
    assert "đợt TK-2025 đã đóng ngày 30/11/2025" in str(closed.value)
    assert "đã gia hạn đến 28/11/2025" in str(closed.value)
    assert "Chỉ Thường trực Hội đồng Thi đua – Khen thưởng của Liên đoàn" in str(closed.value)
    with pytest.raises(ValidationError, match="đã đóng ngày 30/11/2025: không lập hồ sơ mới"):
        nominate(
            org.uow,
            Nomination("TK-2025", "GK_CDCT", "CS1", person_code="DV3"),
            now=_at(date(2025, 12, 1)),
        )
    # After closing, an extension for one unit still lets that unit submit.
    late_unit = admin.Extension(date(2025, 12, 5), "Bổ sung hồ sơ được chấp thuận", "CS1")
    _extend(org, late_unit, date(2025, 12, 1))
    _submit(org, other, date(2025, 12, 2))
    assert [e.kind for e in _events(org)] == ["opened", "extended", "closed", "extended"]


def _unit(app: App) -> int:
    from awards.repository.org import unit_by_code

    with app.uow(write=False) as uow:
        return unit_by_code(uow.session, "CS1", date(2025, 11, 1)).id


def test_extension_for_every_unit_moves_bulk_submissions_too(org: App) -> None:
    codes = [draft(org, "GK_CDCT", p) for p in ("DV1", "DV2")]
    day = date(2025, 11, 24)
    late = move_many(org.uow, req(Trigger.submit, now=_at(day)), codes=codes)
    assert [o.ok for o in late] == [False, False]
    with pytest.raises(ValidationError, match="phải nêu lý do"):
        _extend(org, admin.Extension(date(2025, 11, 28), " "), day)
    with pytest.raises(ValidationError, match="phải trước ngày kết thúc đợt 31/12/2025"):
        _extend(org, admin.Extension(date(2026, 1, 10), "Quá xa"), day)
    with pytest.raises(ValidationError, match="Mọi đơn vị đã có hạn nộp 20/11/2025"):
        _extend(org, admin.Extension(date(2025, 11, 20), "Không lùi"), date(2025, 11, 19))
    _extend(org, admin.Extension(date(2025, 11, 28), "Chờ kết quả đánh giá xếp loại"), day)
    done = move_many(org.uow, req(Trigger.submit, now=_at(date(2025, 11, 25))), codes=codes)
    assert [o.ok for o in done] == [True, True]
    [mail] = [m for m in _all(org, OutboxMessage) if m.kind == "round_extended"]
    assert mail.recipient == "cs1@tdkt.example" and "mọi đơn vị" in message_of(mail).text


def test_open_round_with_phases_awards_and_level_deadlines(org: App) -> None:
    new = year_end_round(
        code="CD-2025",
        name="Thi đua chuyên đề Chuyển đổi số 2025",
        movement_code="CDS",
        movement_name="Chuyển đổi số trong hoạt động công đoàn",
        phases=[admin.Phase("Đăng ký thi đua", date(2025, 1, 1), date(2025, 3, 31))],
        admitted_awards=["GK_CDCT"],
        level_deadlines={4: date(2025, 11, 15)},
        registration_required=True,
    )
    with pytest.raises(ValidationError, match="Không có hình thức khen thưởng mã XX"):
        admin.open_round(org.uow, year_end_round(code="X", admitted_awards=["XX"]))
    with pytest.raises(ValidationError, match="Giai đoạn 'Sớm'"):
        admin.open_round(
            org.uow,
            year_end_round(
                code="Y", phases=[admin.Phase("Sớm", date(2024, 12, 1), date(2025, 1, 5))]
            ),
        )
    with pytest.raises(ValidationError, match="Đã có đợt mã 'TK-2025'"):
        admin.open_round(org.uow, year_end_round())
    admin.open_round(org.uow, new, actor="Tòng Văn Minh", now=NOW)
    view = admin.show_round(org.uow, "CD-2025")
    assert view.movement == "Chuyển đổi số trong hoạt động công đoàn"
    assert view.admitted == ["Giấy khen của Công đoàn cấp trên trực tiếp cơ sở"]
    assert view.level_deadlines == [("công đoàn cơ sở", date(2025, 11, 15))]
    assert view.round.registration_required and view.phases[0].name == "Đăng ký thi đua"
    assert [(e.label, e.actor) for e in view.events] == [("Mở đợt", "Tòng Văn Minh")]

    with pytest.raises(ValidationError, match="Đợt CD-2025 không xét"):
        nominate(org.uow, Nomination("CD-2025", "BK_LDLD", "CS1", person_code="DV1"), now=NOW)
    dv1 = Nomination("CD-2025", "GK_CDCT", "CS1", person_code="DV1")
    with pytest.raises(ValidationError, match="chỉ xét các danh hiệu đã đăng ký thi đua"):
        nominate(org.uow, dv1, now=NOW)  # registration is required: register in January first
    registration = NewRegistration("CD-2025", "CS1", "GK_CDCT", person_code="DV1")
    register(org.uow, [registration], actor="Lò Thị Hoa", now=_at(date(2025, 1, 15)))
    code = nominate(org.uow, dv1, now=NOW)
    assert _dossier(org, code).due_on == date(2025, 11, 15)  # the CĐCS level's own deadline
    with pytest.raises(DeadlineError, match=r"\(15/11/2025\)"):
        _submit(org, code, date(2025, 11, 17))

    lines = {r.code: r for r in admin.list_rounds(org.uow)}
    assert lines["CD-2025"].dossiers == 1
    assert lines["CD-2025"].status(date(2025, 11, 1)) == "đang nhận hồ sơ"
    assert lines["TK-2025"].status(date(2025, 11, 21)) == "đã quá hạn nộp"


def test_changing_deadlines_moves_unsent_dossiers_and_is_audited(org: App) -> None:
    code = draft(org, "GK_CDCT")
    change = admin.DeadlineChange(submission_deadline=date(2025, 11, 25), reason="")
    with pytest.raises(ValidationError, match="phải nêu lý do"):
        admin.change_deadlines(org.uow, "TK-2025", change, actor="x", now=NOW, today=NOW.date())
    bad = admin.DeadlineChange(submission_deadline=date(2026, 1, 5), reason="Lùi hạn")
    with pytest.raises(ValidationError, match="05/01/2026 phải nằm trong 01/01/2025–31/12/2025"):
        admin.change_deadlines(org.uow, "TK-2025", bad, actor="x", now=NOW, today=NOW.date())
    change = admin.DeadlineChange(
        submission_deadline=date(2025, 11, 25), reason="Theo Công văn 123/LĐLĐ"
    )
    admin.change_deadlines(
        org.uow, "TK-2025", change, actor="Tòng Văn Minh", now=NOW, today=NOW.date()
    )
    assert _dossier(org, code).due_on == date(2025, 11, 25)
    [event] = [e for e in _events(org) if e.kind == "deadlines_changed"]
    assert event.detail["before"]["submission_deadline"] == "2025-11-20"
    assert event.detail["after"]["submission_deadline"] == "2025-11-25"
    assert event.detail["reason"] == "Theo Công văn 123/LĐLĐ"
    _submit(org, code, date(2025, 11, 24))
    with pytest.raises(ValidationError, match="không có gì thay đổi"):
        admin.change_deadlines(org.uow, "TK-2025", change, actor="x", now=NOW, today=NOW.date())
    admin.close_round(org.uow, "TK-2025", on=date(2025, 11, 30), actor="x", now=NOW)
    with pytest.raises(ValidationError, match="đã đóng ngày 30/11/2025: không đóng lại được"):
        admin.close_round(org.uow, "TK-2025", on=date(2025, 12, 1), actor="x", now=NOW)
