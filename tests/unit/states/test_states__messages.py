"""InvalidTransition says, in Vietnamese, what was tried, on what, why not, and what is allowed."""

import pickle

import pytest

from states import (
    DossierState,
    DossierWorkflow,
    InvalidTransition,
    Snapshot,
    Trigger,
    next_state,
)

S = DossierState
CODE = "HS-2023-0042"


def refusal(ctx: Snapshot, trigger: Trigger) -> InvalidTransition:
    with pytest.raises(InvalidTransition) as caught:
        DossierWorkflow(ctx).fire(trigger)
    return caught.value


def test_trigger_with_no_move_from_the_state() -> None:
    err = refusal(Snapshot(CODE, S.draft), Trigger.approve)
    assert str(err) == (
        'Không thể "thông qua" hồ sơ HS-2023-0042 ở trạng thái "Nháp"; được phép: nộp, rút'
    )
    assert (err.code, err.trigger, err.state) == (CODE, Trigger.approve, S.draft)
    assert err.allowed == [Trigger.submit, Trigger.withdraw]
    assert err.reasons == []


def test_failed_condition_says_why() -> None:
    err = refusal(Snapshot(CODE, S.approved, holds_authority=False), Trigger.decide)
    assert str(err) == (
        'Không thể "quyết định khen thưởng" hồ sơ HS-2023-0042 ở trạng thái "Hội đồng thông qua": '
        "cấp này không có thẩm quyền quyết định hình thức khen thưởng này; "
        "được phép: trình cấp trên, tạm dừng"
    )


def test_escalating_when_this_level_decides() -> None:
    err = refusal(Snapshot(CODE, S.approved, holds_authority=True), Trigger.escalate)
    assert "cấp này có thẩm quyền quyết định, không cần trình cấp trên" in str(err)
    assert err.allowed == [Trigger.decide, Trigger.hold]


def test_the_closest_route_explains_the_refusal() -> None:
    # Both escalate routes fail; the state-body one only on the open notice, so that is the reason.
    ctx = Snapshot(
        CODE,
        S.public_notice,
        next_hop_is_state_body=True,
        needs_public_notice=True,
        notice_cleared=False,
    )
    err = refusal(ctx, Trigger.escalate)
    assert err.reasons == [
        "chưa hoàn tất công khai (chưa hết thời hạn hoặc còn ý kiến phản ánh chưa giải quyết)"
    ]
    assert err.allowed == [Trigger.hold]


def test_nothing_allowed() -> None:
    err = refusal(Snapshot(CODE, S.awarded), Trigger.withdraw)
    assert str(err).endswith('ở trạng thái "Đã khen thưởng"; được phép: (không có)')


def test_resume_without_a_known_held_from() -> None:
    err = refusal(Snapshot(CODE, S.on_hold, held_from=None), Trigger.resume)
    assert err.reasons == ["không xác định được trạng thái trước khi tạm dừng"]
    assert err.allowed == []


def test_fast_path_raises_the_same_error() -> None:
    ctx = Snapshot(CODE, S.approved)
    with pytest.raises(InvalidTransition) as caught:
        next_state(ctx, Trigger.record_award)
    assert str(caught.value) == str(refusal(ctx, Trigger.record_award))


def test_error_survives_pickling() -> None:
    err = refusal(Snapshot(CODE, S.draft), Trigger.approve)
    copy = pickle.loads(pickle.dumps(err))
    assert (str(copy), copy.allowed, copy.state) == (str(err), err.allowed, err.state)
