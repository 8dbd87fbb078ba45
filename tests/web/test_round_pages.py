"""The secretariat's round screen on both backends: list, open, extend, close; audited, mailed,
shown on the unit's dossier, refused to others."""

from __future__ import annotations

from sqlmodel import col, select

from awards.bootstrap import App
from awards.model import OutboxMessage, Round, RoundEvent
from tests.integration.lifecycle_fixtures import draft
from tests.web.web_fixtures import build_world, client_for, login, make_user


def _events(app: App, code: str) -> list[RoundEvent]:
    with app.uow(write=False) as uow:
        rnd = uow.session.exec(select(Round).where(col(Round.code) == code)).one()
        return list(
            uow.session.exec(
                select(RoundEvent)
                .where(col(RoundEvent.round_id) == rnd.id)
                .order_by(col(RoundEvent.id))
            )
        )


def test_secretariat_opens_extends_and_closes_a_round(tdkt: App) -> None:
    build_world(tdkt)
    code = draft(tdkt, "GK_CDCT")
    make_user(tdkt, "thuong-truc", "secretariat", "LDLD-LC", name="Tòng Văn Minh")
    make_user(tdkt, "can-bo", "unit_officer", "CS1", name="Lò Thị Hoa")
    client = client_for(tdkt)
    h = login(client, "thuong-truc")

    page = client.get("/rounds")
    assert page.status_code == 200
    assert "Tổng kết phong trào thi đua năm 2025" in page.text and "20/11/2025" in page.text
    assert '<a href="/rounds">Đợt thi đua</a>' in page.text

    assert 'value="GK_CDCT" style="width:auto"> Giấy khen của Công đoàn cấp trên' in page.text
    opened = client.post(
        "/rounds",
        headers=h,
        data={
            "code": "CD-2026",
            "name": "Thi đua chuyên đề 2026",
            "organiser": "LDLD-LC",
            "deadline": "2026-11-20",
            "deadline_4": "2026-11-10",
            "awards": ["GK_CDCT", "BK_LDLD"],
            "phase_name": ["Đăng ký thi đua", "", ""],
            "phase_from": ["2026-01-01", "", ""],
            "phase_to": ["2026-03-31", "", ""],
            "registration": "true",
        },
    )
    assert opened.status_code == 200 and "Đã mở đợt CD-2026, hạn nộp 20/11/2026." in opened.text
    shown = client.get("/rounds/CD-2026").text
    assert "riêng công đoàn cơ sở: 10/11/2026" in shown and "bắt buộc" in shown
    assert "Đăng ký thi đua: 01/01/2026–31/03/2026" in shown
    assert "Giấy khen của Công đoàn cấp trên trực tiếp cơ sở; Bằng khen" in shown
    moved = client.post(
        "/rounds/CD-2026/deadlines",
        headers=h,
        data={"deadline": "25/11/2026", "reason": "Công văn 45/LĐLĐ"},
    )
    assert "Đã đổi hạn: hạn nộp 25/11/2026, kết thúc 31/12/2026" in moved.text
    assert "Đổi hạn: Công văn 45/LĐLĐ" in moved.text
    again = client.post(
        "/rounds",
        headers=h,
        data={"code": "CD-2026", "name": "Trùng", "organiser": "LDLD-LC", "deadline": "20/11/2026"},
    )
    assert again.status_code == 422 and "Đã có đợt mã &#39;CD-2026&#39;" in again.text

    refused = client.post(
        "/rounds/TK-2025/extensions", headers=h, data={"new_deadline": "2025-11-28", "reason": ""}
    )
    assert refused.status_code == 422 and "Gia hạn phải nêu lý do" in refused.text
    done = client.post(
        "/rounds/TK-2025/extensions",
        headers=h,
        data={"new_deadline": "28/11/2025", "reason": "Mưa lũ chia cắt", "unit": "CS1"},
    )
    assert done.status_code == 200
    assert "Đã gia hạn cho đơn vị CS1 đến 28/11/2025" in done.text
    assert "Công đoàn Trường Tiểu học Mường Kim" in done.text and "Mưa lũ chia cắt" in done.text
    assert "Thư báo gia hạn vào hàng gửi cho 1 đơn vị." in done.text
    quiet = client.post(
        "/rounds/TK-2025/extensions",
        headers=h,
        data={
            "new_deadline": "2025-11-27",
            "reason": "Sạt lở <script>x</script>",
            "unit": "TAN-UYEN",
        },
    )
    assert "chưa có địa chỉ thư: Liên đoàn Lao động huyện Tân Uyên." in quiet.text
    assert "Sạt lở &lt;script&gt;x&lt;/script&gt;" in quiet.text and "<script>x" not in quiet.text
    closed = client.post("/rounds/TK-2025/close", headers=h, data={"last_day": "2025-11-30"})
    assert closed.status_code == 200 and "nhận hồ sơ đến hết 30/11/2025" in closed.text
    assert "Tòng Văn Minh · Đóng đợt" in closed.text

    events = _events(tdkt, "TK-2025")
    assert [(e.kind, e.actor) for e in events][1:] == [
        ("extended", "Tòng Văn Minh"),
        ("extended", "Tòng Văn Minh"),
        ("closed", "Tòng Văn Minh"),
    ]
    assert [e.kind for e in _events(tdkt, "CD-2026")] == ["opened", "deadlines_changed"]
    with tdkt.uow(write=False) as uow:
        mails = list(
            uow.session.exec(
                select(OutboxMessage).where(col(OutboxMessage.kind) == "round_extended")
            )
        )
    assert [m.recipient for m in mails] == ["cs1@tdkt.example"]

    # The unit sees the extension on its dossier; it may not administer rounds.
    officer = client_for(tdkt)
    login(officer, "can-bo")
    dossier = officer.get(f"/dossiers/{code}")
    assert dossier.status_code == 200
    assert "Đơn vị được gia hạn nộp hồ sơ đến hết ngày 28 tháng 11 năm 2025" in dossier.text
    assert "Mưa lũ chia cắt" in dossier.text
    denied = officer.get("/rounds")
    assert (
        denied.status_code == 403
        and "không có quyền mở, gia hạn và đóng đợt thi đua" in denied.text
    )
    assert officer.get("/rounds/TK-2025").status_code == 403
