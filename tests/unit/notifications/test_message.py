import email
import email.policy
from datetime import UTC, datetime
from pathlib import Path

import pytest

from notifications import (
    SAMPLES,
    Attachment,
    RenderedMessage,
    build_email,
    make_message_id,
    render,
    write_eml,
)

SENDER = "LĐLĐ tỉnh Lai Châu <tdkt@laichau.example.vn>"


def _build(template: str = "report_ready", **kwargs: object) -> email.message.EmailMessage:
    rendered = render(template, SAMPLES[template])
    options: dict[str, object] = {
        "sender": SENDER,
        "to": ["Nguyễn Thị Hằng <hang@example.vn>"],
        "message_id": make_message_id("outbox-42", "laichau.example.vn"),
        "date": datetime(2024, 6, 13, 8, 0, tzinfo=UTC),
    }
    options.update(kwargs)
    return build_email(rendered, **options)  # type: ignore[arg-type]


def _parse(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[return-value]


def test_message_id_is_kept_exactly_so_a_resend_is_recognisable() -> None:
    first, again = _build(), _build()
    assert first["Message-ID"] == "<tdkt.outbox-42@laichau.example.vn>"
    assert first.as_bytes().split(b"boundary")[0] == again.as_bytes().split(b"boundary")[0]


def test_vietnamese_subject_and_names_round_trip() -> None:
    # Long enough to be folded: Python 3.11's own folding would lose a space here.
    rendered = render("report_ready", SAMPLES["report_ready"])
    parsed = _parse(_build().as_bytes())
    assert parsed["Subject"] == rendered.subject
    assert "thi đua" in parsed["Subject"]
    assert parsed["To"].addresses[0].display_name == "Nguyễn Thị Hằng"
    assert parsed["From"].addresses[0].display_name == "LĐLĐ tỉnh Lai Châu"
    assert parsed["Date"].datetime == datetime(2024, 6, 13, 8, 0, tzinfo=UTC)


def test_bodies_are_utf8_alternatives_with_text_first() -> None:
    parsed = _parse(_build("dossier_returned").as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    types = [part.get_content_type() for part in parsed.iter_parts()]
    assert types == ["text/plain", "text/html"]
    plain = parsed.get_body(("plain",))
    assert plain is not None and "Nội dung cần bổ sung" in plain.get_content()


def test_attachment_makes_a_mixed_message_with_its_vietnamese_filename() -> None:
    report = Attachment("báo cáo sơ kết.xlsx", b"PK\x03\x04data", "application/vnd.ms-excel")
    parsed = _parse(_build(attachments=[report]).as_bytes())
    assert parsed.get_content_type() == "multipart/mixed"
    attached = list(parsed.iter_attachments())
    assert [a.get_filename() for a in attached] == ["báo cáo sơ kết.xlsx"]
    assert attached[0].get_content() == b"PK\x03\x04data"


def test_extra_headers_and_injection() -> None:
    message = _build(headers={"X-Tdkt-Outbox": "42"})
    assert message["X-Tdkt-Outbox"] == "42"
    with pytest.raises(ValueError):
        _build(headers={"X-Bad": "a\r\nBcc: attacker@example.com"})
    with pytest.raises(ValueError, match="line break"):
        build_email(
            RenderedMessage("a\nBcc: x@y.z", "t", "h"),
            sender=SENDER,
            to="a@b.vn",
            message_id="<a@b>",
        )


@pytest.mark.parametrize("bad", ["no-brackets@example.vn", "<missing-at>", "<a@b>\r\nX: y"])
def test_malformed_message_id_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="Message-ID"):
        _build(message_id=bad)


def test_recipients_are_required_and_checked() -> None:
    with pytest.raises(ValueError, match="recipient"):
        _build(to=[])
    with pytest.raises(ValueError, match="user@domain"):
        _build(to=["Nguyễn Thị Hằng"])


def test_write_eml_is_atomic_and_idempotent_per_key(tmp_path: Path) -> None:
    message = _build()
    first = write_eml([("42", message), ("outbox/43", message)], tmp_path)
    again = write_eml([("42", message)], tmp_path)
    assert first[0] == again[0] == tmp_path / "42.eml"
    assert first[1].parent == tmp_path and first[1].name.startswith("outbox_43-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in first)
    assert _parse(first[0].read_bytes())["Message-ID"] == message["Message-ID"]
