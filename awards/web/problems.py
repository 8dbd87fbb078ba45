"""The one error shape of the API, {code, message, allowed, fields}, also for malformed requests.

FastAPI answers a request that does not match its parameters or body with its own 422
{"detail": [...]} in English. The API documents (and schemathesis checks) a single shape, so such
requests become a RequestInvalid: code du_lieu_khong_hop_le, a Vietnamese message naming each bad
field and how to fix it, and `fields` keyed by where the field is (body.trigger, query.page…).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from awards.errors import ValidationError


class Problem(BaseModel):
    code: str
    message: str
    allowed: list[str] = []
    fields: dict[str, str] = {}


class RequestInvalid(ValidationError):
    """A request the API cannot read: missing or ill-typed parameters, a body that is not JSON."""

    def __init__(self, fields: dict[str, str]) -> None:
        listed = "; ".join(f"{where}: {why}" for where, why in fields.items())
        super().__init__(f"Yêu cầu không hợp lệ ({listed}). Sửa các trường đã nêu rồi gửi lại.")
        self.fields = fields


# Pydantic error types → Vietnamese; anything else keeps pydantic's own message.
REASONS: dict[str, str] = {
    "missing": "thiếu, phải có",
    "json_invalid": "nội dung không phải JSON hợp lệ",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
    "string_type": "phải là chuỗi ký tự",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD, không kèm giờ",
    "list_type": "phải là một danh sách",
    "string_too_long": "dài quá {max_length} ký tự",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "phải không quá {le}",
    "enum": "phải là một trong: {expected}",
    "value_error": "{error}",
}


# Errors Starlette/FastAPI raise before a route runs (unreadable body, unknown path, bad method).
HTTP_PROBLEMS: dict[int, tuple[str, str]] = {
    400: (
        "yeu_cau_khong_doc_duoc",
        "Không đọc được nội dung yêu cầu; gửi JSON mã hóa UTF-8 (Content-Type: application/json).",
    ),
    404: ("khong_tim_thay", "Không có địa chỉ này trong API; xem /api/docs."),
    405: ("phuong_thuc_khong_ho_tro", "Địa chỉ này không nhận phương thức đó; xem /api/docs."),
}


def http_problem(status: int) -> Problem:
    code, message = HTTP_PROBLEMS.get(
        status, ("loi_http", f"Yêu cầu không thực hiện được (HTTP {status}); xem /api/docs.")
    )
    return Problem(code=code, message=message)


def reason(error: dict[str, Any]) -> str:
    template = REASONS.get(str(error.get("type", "")))
    if template is None:
        return str(error.get("msg", "không hợp lệ"))
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template.split(" {")[0]


def from_validation(errors: Sequence[Any]) -> RequestInvalid:
    """The first reason per field, fields named by where they are (body.trigger, query.page)."""
    fields: dict[str, str] = {}
    for error in errors:
        loc = error.get("loc", ())
        if error.get("type") == "json_invalid":
            loc = loc[:1]  # the position inside unparseable JSON means nothing to the caller
        where = ".".join(str(part) for part in loc if part != "") or "body"
        fields.setdefault(where, reason(error))
    return RequestInvalid(fields or {"body": "không hợp lệ"})
