"""Errors raised by the lifecycle; messages are Vietnamese because users read them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from states._model import DossierState, Trigger


class InvalidTransition(Exception):
    """Raised when a trigger cannot move a dossier from its state, or its conditions fail now."""

    def __init__(
        self,
        code: str,
        trigger: Trigger,
        state: DossierState,
        allowed: Sequence[Trigger],
        reasons: Sequence[str] = (),
    ) -> None:
        self.code = code
        self.trigger = trigger
        self.state = state
        self.allowed = list(allowed)
        self.reasons = list(reasons)
        super().__init__(self._message())

    def _message(self) -> str:
        why = f": {', '.join(self.reasons)}" if self.reasons else ""
        allowed = ", ".join(t.label for t in self.allowed) or "(không có)"
        return (
            f'Không thể "{self.trigger.label}" hồ sơ {self.code} ở trạng thái '
            f'"{self.state.label}"{why}; được phép: {allowed}'
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Exceptions cross process boundaries (flow runs): rebuild from fields, not the message.
        return (type(self), (self.code, self.trigger, self.state, self.allowed, self.reasons))


class AuditTrailError(ValueError):
    """Raised by replay() when an audit trail does not follow the transition table."""

    def __init__(self, position: int, detail: str) -> None:
        self.position = position  # 1-based, as people count events
        self.detail = detail
        super().__init__(f"Nhật ký trạng thái sai ở sự kiện thứ {position}: {detail}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.position, self.detail))
