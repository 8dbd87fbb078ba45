"""replay() rebuilds the state from an audit trail and names the first event that does not fit."""

import pytest

from states import AuditTrailError, DossierState, Trigger, replay

S = DossierState
T = Trigger

TRAIL = [
    (T.submit, S.draft, S.submitted),
    (T.receive, S.submitted, S.received),
    (T.hold, S.received, S.on_hold),
    (T.resume, S.on_hold, S.received),
    (T.start_appraisal, S.received, S.under_appraisal),
]


def test_replay_rebuilds_the_state() -> None:
    assert replay(TRAIL) == S.under_appraisal
    assert replay([]) == S.draft
    assert replay(TRAIL[2:], initial=S.received) == S.under_appraisal


def test_replay_accepts_strings_from_the_database() -> None:
    rows = [(t.value, s.value, d.value) for t, s, d in TRAIL]
    assert replay(rows) == S.under_appraisal  # type: ignore[arg-type]


def test_source_must_match_the_running_state() -> None:
    trail = [*TRAIL[:2], (T.start_appraisal, S.under_appraisal, S.eligible)]
    with pytest.raises(AuditTrailError) as caught:
        replay(trail)
    assert caught.value.position == 3
    assert str(caught.value) == (
        'Nhật ký trạng thái sai ở sự kiện thứ 3: "thẩm định" bắt đầu từ "Đang thẩm định" '
        'nhưng hồ sơ đang ở "Đã tiếp nhận"'
    )


def test_move_must_be_in_the_table() -> None:
    with pytest.raises(AuditTrailError, match="sự kiện thứ 2: không có bước") as caught:
        replay([TRAIL[0], (T.approve, S.submitted, S.approved)])
    assert caught.value.position == 2


def test_resume_must_return_where_the_hold_started() -> None:
    trail = [*TRAIL[:3], (T.resume, S.on_hold, S.approved)]
    with pytest.raises(AuditTrailError, match="sự kiện thứ 4") as caught:
        replay(trail)
    assert caught.value.position == 4


def test_unknown_values_name_the_position() -> None:
    with pytest.raises(AuditTrailError, match="sự kiện thứ 1: giá trị không hợp lệ"):
        replay([("publish", "draft", "submitted")])  # type: ignore[list-item]
