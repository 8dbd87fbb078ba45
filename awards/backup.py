"""Online backup and restore of the embedded SQLite database (sqlite3's backup API).

A backup is taken page by page while the application keeps running; WAL readers see a
consistent snapshot. A restore first proves the file is a sound tdkt database of a known
schema revision, then copies it over the live one in a single step. PostgreSQL deployments
use pg_dump / pg_restore, which this refuses to imitate.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from awards.db import alembic_config
from awards.errors import ConfigError, ValidationError


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    revision: str
    dossiers: int
    audit_events: int
    size_bytes: int


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ConfigError(
            "Sao lưu/khôi phục tích hợp chỉ dành cho CSDL SQLite nhúng; với PostgreSQL hãy dùng "
            "pg_dump và pg_restore."
        )
    return Path(url.split(":///", 1)[1])


def backup(url: str, dest: Path) -> BackupInfo:
    """Copy the live database to `dest` (which must not exist) without stopping the app."""
    if dest.exists():
        raise ConfigError(f"Tệp {dest} đã có; chọn tên khác để không ghi đè bản sao lưu cũ.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(_sqlite_path(url))
    target = sqlite3.connect(dest)
    try:
        src.backup(target, pages=4096)
    finally:
        target.close()
        src.close()
    return inspect_backup(dest)


def inspect_backup(path: Path) -> BackupInfo:
    """Check a backup file: readable, intact, a tdkt schema this version knows."""
    if not path.is_file():
        raise ValidationError(f"Không tìm thấy tệp sao lưu {path}.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            dossiers = conn.execute("SELECT count(*) FROM dossier").fetchone()[0]
            events = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise ValidationError(
            f"Tệp {path} không phải bản sao lưu CSDL tdkt hợp lệ ({err})."
        ) from err
    if integrity != "ok":
        raise ValidationError(f"Tệp {path} bị hỏng (integrity_check: {integrity}).")
    from alembic.script import ScriptDirectory

    known = {
        r.revision
        for r in ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()
    }
    if revision not in known:
        raise ValidationError(
            f"Tệp {path} có lược đồ '{revision}' mà phiên bản tdkt này không biết; "
            "hãy khôi phục bằng phiên bản tdkt đã tạo ra nó."
        )
    return BackupInfo(path, revision, dossiers, events, path.stat().st_size)


def restore(src: Path, url: str) -> BackupInfo:
    """Replace the live database by a checked backup; stop the web server and flows first."""
    info = inspect_backup(src)
    live = _sqlite_path(url)
    live.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(live, timeout=30)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return info
