"""An escalation e-mail cites the tờ trình by its number, or, moved without one, no number at all
(never "Tờ trình số (chưa cấp số)")."""

from __future__ import annotations

from datetime import date

from notifications.render import render

CONTEXT = {
    "recipient_name": "Công đoàn Trường Tiểu học Mường Kim",
    "sender_name": "Liên đoàn Lao động huyện Than Uyên",
    "code": "HS-2025-000001",
    "nominee_name": "Nguyễn Thị Hằng",
    "award_name": "Bằng khen của Ban Chấp hành Liên đoàn Lao động tỉnh",
    "submitted_to": "Liên đoàn Lao động tỉnh Lai Châu",
    "submitted_on": date(2025, 11, 4),
    "link": "https://tdkt.example.vn/dossiers/HS-2025-000001",
}


def test_a_numbered_tờ_trình_is_cited() -> None:
    msg = render("dossier_escalated", {**CONTEXT, "submission_number": "01/TTr-LĐLĐ"})
    for body in (msg.text, msg.html):
        assert "tại Tờ trình số 01/TTr-LĐLĐ ngày 04 tháng 11 năm 2025" in body


def test_without_a_tờ_trình_the_mail_says_no_number() -> None:
    msg = render("dossier_escalated", {**CONTEXT, "submission_number": ""})
    for body in (msg.text, msg.html):
        assert "Tờ trình số" not in body and "chưa cấp số" not in body
    assert "Liên đoàn Lao động tỉnh Lai Châu ngày 04 tháng 11 năm 2025." in msg.text
    assert "Lai Châu</strong> ngày 04 tháng 11 năm 2025.</p>" in msg.html
