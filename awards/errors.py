"""Errors of the application. Each message says what, where and how to fix it, in Vietnamese.

Hierarchy:

- AwardsError
  - ConfigError: bad settings or an unusable data folder
  - NotFoundError: an id or code that does not exist
  - ValidationError: input that breaks a rule of the model (codes, dates, kinds)
    - FieldInvalid: free text that breaks its field's rule, each field with its reason
  - TransitionNotAllowed: a move the lifecycle does not allow now (wraps states.InvalidTransition)
  - ConflictError: someone else changed the row first (optimistic locking)
  - DeadlineError: a move after its deadline
  - PermissionDenied: the actor's role and scope do not allow the action
  - NotSignedIn: no session, or one revoked or of a disabled account (the web answers 401)
  - ImportFileError: rows of an import file that cannot be taken (each with row, column, reason)
"""

from __future__ import annotations


class AwardsError(Exception):
    """Base of every error the application raises on purpose."""

    code = "loi"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:  # plain text, never repr with quotes
        return self.message


class NotSignedIn(AwardsError):
    code = "chua_dang_nhap"


class ConfigError(AwardsError):
    code = "cau_hinh"


class NotFoundError(AwardsError):
    code = "khong_tim_thay"


class ValidationError(AwardsError):
    code = "du_lieu_khong_hop_le"


class FieldInvalid(ValidationError):
    """Free-text fields refused at the boundary; `fields` maps each field to its reason."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(" ".join(fields.values()))
        self.fields = fields


class TransitionNotAllowed(AwardsError):
    code = "chuyen_trang_thai_khong_hop_le"

    def __init__(self, message: str, allowed: list[str] | None = None) -> None:
        super().__init__(message)
        self.allowed = allowed or []


class ConflictError(AwardsError):
    code = "xung_dot"


class DeadlineError(AwardsError):
    code = "qua_han"


class PermissionDenied(AwardsError):
    code = "khong_co_quyen"

    def __init__(self, message: str, allowed: list[str] | None = None) -> None:
        super().__init__(message)
        self.allowed = allowed or []  # what the user may do instead, when known


class ImportFileError(AwardsError):
    code = "tep_nhap_loi"

    def __init__(
        self,
        message: str,
        problems: list[tuple[int, str, str]],
        rejected_rows: list[list[str]] | None = None,
        kind: str = "nominations",
    ) -> None:
        super().__init__(message)
        self.problems = problems
        # The rejected rows as read, each with its reasons last: the error file (XLSX/CSV).
        self.rejected_rows = rejected_rows or []
        self.kind = kind
