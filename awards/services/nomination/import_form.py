"""Excel/CSV upload of nominations from the nomination form, on behalf of a signed-in user.

The upload is size-limited and type-checked (an .xlsx must be a ZIP, a .csv must be UTF-8 text)
before it is read; each row's nominating unit must be one the user may nominate for. By default
nothing is written when any row is wrong (ImportFileError with every row, column and reason).
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path, PurePath
from typing import BinaryIO

from awards.errors import ImportFileError, NotFoundError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal
from awards.services.nomination.imports import ImportResult, import_nominations
from awards.services.nomination.tabular import FILE_LABEL, Limits

MAX_BYTES = 2 * 1024 * 1024  # a resource limit of ours: a round's list is a few hundred rows
ZIP = b"PK\x03\x04"


def _refuse(reason: str) -> ImportFileError:
    return ImportFileError(f"Tệp tải lên không dùng được: {reason}.", [(1, FILE_LABEL, reason)])


def spool(stream: BinaryIO, folder: Path, ext: str, max_bytes: int) -> Path:
    path = folder / f"upload{ext}"
    with path.open("wb") as out:
        shutil.copyfileobj(_Limited(stream, max_bytes), out)
    with path.open("rb") as fh:
        head = fh.read(4)
    if not head:
        raise _refuse("tệp rỗng")
    if ext == ".xlsx" and head != ZIP:
        raise _refuse("nội dung không phải XLSX; lưu lại từ mẫu bằng Excel")
    return path


class _Limited:
    """A reader that refuses to go past the size limit (the whole file is never held)."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self.stream, self.left, self.limit = stream, limit, limit

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(64 * 1024 if size < 0 else size)
        self.left -= len(chunk)
        if self.left < 0:
            mb = max(1, self.limit // (1024 * 1024))
            raise _refuse(f"tệp vượt quá {mb} MB; tách thành nhiều tệp")
        return chunk


def import_upload_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    *,
    filename: str,
    stream: BinaryIO,
    round_code: str,
    now: datetime,
    valid_only: bool = False,
    max_bytes: int = MAX_BYTES,
    limits: Limits | None = None,
) -> ImportResult:
    """Check the upload, then import its rows for the units in the user's reach.

    Blocking (files, the database): the web routes call it in a worker thread."""
    ext = PurePath(filename.replace("\\", "/")).suffix.lower()
    if ext not in (".xlsx", ".csv"):
        raise _refuse(f"chỉ nhận tệp .xlsx hoặc .csv theo mẫu, không nhận '{ext or filename}'")
    reach = principal.reach(Action.nominate)
    if reach == set():
        raise _refuse("tài khoản không có quyền lập hồ sơ đề nghị")
    with tempfile.TemporaryDirectory(prefix="tdkt-upload-") as tmp:
        path = spool(stream, Path(tmp), ext, max_bytes)
        result = import_nominations(
            uow_factory,
            path,
            round_code,
            now=now,
            valid_only=valid_only,
            allowed_units=reach,
            limits=limits,
        )
        result.error_file = None  # written beside the temporary copy: gone with it
        return result


# The error file of an upload waits for its download here, named by account and a random token,
# and is swept a day later (the page links it right after the upload).
ERRORS_FOLDER = "import-errors"
KEEP = timedelta(days=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def keep_error_file(folder: Path, principal: Principal, data: bytes, *, now: datetime) -> str:
    """Store the XLSX of rejected rows for this account; returns the token that names it."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.xlsx"):
        if now.timestamp() - old.stat().st_mtime > KEEP.total_seconds():
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(18)
    (folder / f"{principal.username}-{token}.xlsx").write_bytes(data)
    return token


def error_file_of(folder: Path, principal: Principal, token: str) -> Path:
    """The account's own error file; another account's token names nothing (404)."""
    path = folder / f"{principal.username}-{token}.xlsx"
    if not _TOKEN.fullmatch(token) or not path.is_file():
        raise NotFoundError(
            "Tệp các dòng lỗi không còn (chỉ giữ một ngày sau khi tải lên); tải tệp lên lại."
        )
    return path
