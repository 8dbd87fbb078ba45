"""One documented sample context per template, for tests and the web preview.

Every template must render with its sample (tests/unit/notifications checks it), so the
samples double as the executable form of the context each template documents.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

__all__ = ["SAMPLES", "sample"]

_SENDER = "Liên đoàn Lao động tỉnh Lai Châu"
_LINK = "https://tdkt.example.vn/dossiers/HS-2024-0042"
_NOMINEE = {
    "code": "HS-2024-0042",
    "nominee_name": "Nguyễn Thị Hằng",
    "award_name": "Bằng khen của Tổng Liên đoàn Lao động Việt Nam",
}


def _digest_item(
    code: str, name: str, state: str, due: date, left: int, urgency: int
) -> dict[str, Any]:
    return {
        "code": code,
        "nominee_name": name,
        "award_name": "Chiến sĩ thi đua cơ sở",
        "state_label": state,
        "due_date": due,
        "working_days_left": left,
        "urgency": urgency,
    }


SAMPLES: dict[str, dict[str, Any]] = {
    "dossier_returned": {
        **_NOMINEE,
        "recipient_name": "đồng chí Lò Văn Hùng",
        "sender_name": _SENDER,
        "returned_by": "Ban Tuyên giáo – Nữ công, LĐLĐ tỉnh Lai Châu",
        "reason": "Báo cáo thành tích chưa có xác nhận của thủ trưởng đơn vị.",
        "items_to_fix": [
            "Bổ sung xác nhận sáng kiến năm 2023",
            "Biên bản họp Hội đồng thi đua cơ sở có chữ ký",
        ],
        "resubmit_by": date(2024, 11, 20),
        "link": _LINK,
    },
    "dossier_received": {
        **_NOMINEE,
        "recipient_name": "Công đoàn cơ sở Trường THPT Mường Tè",
        "sender_name": _SENDER,
        "received_by": "LĐLĐ tỉnh Lai Châu",
        "received_on": date(2024, 11, 4),
        "appraisal_due": date(2024, 12, 2),
        "link": _LINK,
    },
    "dossier_approved": {
        **_NOMINEE,
        "recipient_name": "Công đoàn cơ sở Trường THPT Mường Tè",
        "sender_name": _SENDER,
        "council_name": "Hội đồng Thi đua – Khen thưởng LĐLĐ tỉnh Lai Châu",
        "session_date": date(2024, 12, 5),
        "votes_for": 12,
        "votes_total": 13,
        "next_step": "Trình Tổng Liên đoàn Lao động Việt Nam xem xét, quyết định.",
        "link": _LINK,
    },
    "dossier_decided": {
        **_NOMINEE,
        "recipient_name": "Công đoàn cơ sở Trường THPT Mường Tè",
        "sender_name": _SENDER,
        "decision_number": "1234/QĐ-TLĐ",
        "decision_date": date(2025, 1, 8),
        "issuer": "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
        "link": _LINK,
    },
    "dossier_escalated": {
        **_NOMINEE,
        "recipient_name": "Công đoàn cơ sở Trường THPT Mường Tè",
        "sender_name": _SENDER,
        "submission_number": "45/TTr-LĐLĐ",
        "submitted_to": "Tổng Liên đoàn Lao động Việt Nam",
        "submitted_on": date(2024, 12, 10),
        "link": _LINK,
    },
    "dossier_not_awarded": {
        **_NOMINEE,
        "recipient_name": "Công đoàn cơ sở Trường THPT Mường Tè",
        "sender_name": _SENDER,
        "outcome": "không được Hội đồng thông qua",
        "concluded_by": "Liên đoàn Lao động tỉnh Lai Châu",
        "concluded_on": date(2024, 12, 5),
        "reason": "Đạt 4/9 phiếu đồng ý, chưa đủ quá bán tổng số thành viên Hội đồng.",
        "link": _LINK,
    },
    "reminder_digest": {
        "recipient_name": "đồng chí Tòng Thị Mai",
        "sender_name": _SENDER,
        "date": date(2024, 11, 18),
        "tone_thresholds": {"urgent": 2, "soon": 5},
        "link": "https://tdkt.example.vn/",
        "items": [
            _digest_item("HS-2024-0017", "Lê Văn Ánh", "Chờ thẩm định", date(2024, 11, 13), -3, 0),
            _digest_item(
                "HS-2024-0023", "Tập thể Phòng Kế toán", "Chờ bổ sung", date(2024, 11, 18), 0, 1
            ),
            _digest_item(
                "HS-2024-0042", "Nguyễn Thị Hằng", "Chờ thẩm định", date(2024, 11, 20), 2, 2
            ),
            _digest_item("HS-2024-0051", "Trần Thị Bình", "Chờ xét", date(2024, 11, 25), 5, 3),
            _digest_item("HS-2024-0060", "Nguyễn Văn An", "Chờ xét", date(2024, 12, 2), 10, 4),
        ],
    },
    "overdue_notice": {
        **_NOMINEE,
        "recipient_name": "đồng chí Tòng Thị Mai",
        "sender_name": _SENDER,
        "state_label": "Chờ thẩm định",
        "responsible_unit": "Ban Tổ chức – Kiểm tra, LĐLĐ tỉnh Lai Châu",
        "due_date": date(2024, 11, 13),
        "days_overdue": 3,
        "link": _LINK,
    },
    "overdue_digest": {
        "recipient_name": "đồng chí Tòng Thị Mai",
        "sender_name": _SENDER,
        "date": date(2024, 11, 18),
        "link": "https://tdkt.example.vn/",
        "items": [
            {
                **_NOMINEE,
                "state_label": "Đang thẩm định",
                "responsible_unit": "LĐLĐ huyện Than Uyên",
                "due_date": date(2024, 11, 11),
                "days_overdue": 5,
            },
            {
                "code": "HS-2024-0017",
                "nominee_name": "Lê Văn Ánh",
                "award_name": "Chiến sĩ thi đua cơ sở",
                "state_label": "Bị trả lại",
                "responsible_unit": "Công đoàn cơ sở Trường THPT Mường Tè",
                "due_date": date(2024, 11, 13),
                "days_overdue": 3,
            },
        ],
    },
    "session_invitation": {
        "recipient_name": "đồng chí Vàng Thị Sua",
        "sender_name": _SENDER,
        "council_name": "Hội đồng Thi đua – Khen thưởng LĐLĐ tỉnh Lai Châu",
        "session_title": "Bình xét khen thưởng tổng kết phong trào thi đua năm 2024",
        "session_date": date(2024, 12, 5),
        "start_time": "14 giờ 00",
        "location": "Phòng họp tầng 2, trụ sở LĐLĐ tỉnh Lai Châu",
        "agenda": [
            {k: _NOMINEE[k] for k in ("code", "nominee_name", "award_name")},
            {
                "code": "HS-2024-0051",
                "nominee_name": "Trần Thị Bình",
                "award_name": "Chiến sĩ thi đua cơ sở",
            },
        ],
        "link": "https://tdkt.example.vn/council/sessions/PH-2024-001",
    },
    "report_ready": {
        "recipient_name": "Ban Thường vụ LĐLĐ tỉnh Lai Châu",
        "sender_name": _SENDER,
        "report_title": "Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm",
        "period": "01/01/2024 - 31/5/2024",
        "generated_on": date(2024, 6, 13),
        "attachment_name": "bao-cao-so-ket-6-thang-2024.xlsx",
        "link": "https://tdkt.example.vn/reports/issued/1",
    },
    "round_extended": {
        "recipient_name": "Công đoàn Trường Tiểu học Mường Kim",
        "sender_name": _SENDER,
        "round_name": "Tổng kết phong trào thi đua năm 2024",
        "round_code": "TK-2024",
        "organiser": "Liên đoàn Lao động tỉnh Lai Châu",
        "scope": "mọi đơn vị",
        "old_deadline": date(2024, 11, 20),
        "new_deadline": date(2024, 11, 29),
        "reason": "Mưa lũ chia cắt các xã vùng cao",
        "link": "https://tdkt.example.vn/",
    },
}


def sample(template: str) -> dict[str, Any]:
    """A copy of the sample context of `template` (safe to modify)."""
    return copy.deepcopy(SAMPLES[template])
