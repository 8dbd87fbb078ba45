"""Settings read from the environment (prefix ``TDKT_``) or a ``.env`` file.

Built on demand by :func:`get_settings`, never at import time, so importing a module needs no
environment and tests override settings by passing their own :class:`Settings`.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from awards.errors import ConfigError

SUPPORTED_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")
MIN_SECRET_BYTES = 32  # a security setting of ours: cookies signed with 256 bits of key


class Settings(BaseSettings):
    """Every field is in the settings table of docs/operating.md (a test keeps them in step)."""

    model_config = SettingsConfigDict(
        env_prefix="TDKT_", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    data_dir: Path = Field(
        default=Path("data"), description="Thư mục dữ liệu: CSDL SQLite, thư .eml, báo cáo."
    )
    database_url: str = Field(
        default="",
        description="URL CSDL; mặc định SQLite (WAL) trong thư mục dữ liệu. "
        "Ví dụ PostgreSQL: postgresql+psycopg://user:pass@127.0.0.1/tdkt",
    )
    timezone: str = Field(default="Asia/Ho_Chi_Minh", description="Múi giờ của lịch và hạn.")
    mail_mode: Literal["files", "smtp"] = Field(
        default="files", description="files: ghi thư .eml vào thư mục dữ liệu; smtp: gửi qua SMTP."
    )
    mail_from: str = Field(
        default="tdkt@ldld.laichau.vn", description="Địa chỉ người gửi của thư hệ thống."
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        pattern=r"^https?://[^\s/]+(/[^\s]*)?$",
        description="Địa chỉ gốc của trang web, để các đường dẫn trong thư mở được "
        "(ví dụ https://tdkt.ldld.laichau.vn).",
    )
    smtp_host: str = Field(default="127.0.0.1", description="Máy chủ SMTP.")
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Cổng SMTP.")
    smtp_username: str = Field(default="", description="Tên đăng nhập SMTP (để trống nếu không).")
    smtp_password: SecretStr = Field(default=SecretStr(""), description="Mật khẩu SMTP.")
    smtp_use_tls: bool = Field(default=False, description="TLS ngay khi kết nối (cổng 465).")
    smtp_start_tls: bool | None = Field(
        default=None, description="STARTTLS: để trống = tự động khi máy chủ hỗ trợ."
    )
    smtp_timeout: float = Field(default=30.0, gt=0, description="Thời gian chờ mỗi thao tác (s).")
    mail_max_attempts: int = Field(
        default=5, ge=1, description="Số lần gửi lỗi tạm thời trước khi đánh dấu thư thất bại."
    )
    policies_dir: Path | None = Field(
        default=None,
        description="Thư mục bộ chính sách đang áp dụng (kiểm tra bằng `tdkt rules check`); "
        "mặc định bộ đi kèm rules/policies.",
    )
    secret_key: SecretStr = Field(
        default=SecretStr("dev-only-change-me"),
        description="Khóa ký cookie phiên đăng nhập; bắt buộc đổi khi env=production.",
    )
    env: Literal["development", "test", "production"] = Field(
        default="development", description="Môi trường chạy."
    )
    trusted_proxies: str = Field(
        default="",
        description="Địa chỉ IP các proxy ngược được tin (cách nhau bởi dấu phẩy); chỉ từ các "
        "địa chỉ này mới đọc X-Forwarded-For. Để trống: không tin tiêu đề proxy nào.",
    )
    import_max_rows: int = Field(
        default=5000,
        ge=1,
        description="Số dòng dữ liệu tối đa của một tệp nhập (XLSX/CSV); tệp dài hơn bị từ chối, "
        "cần tách thành nhiều tệp.",
    )
    import_max_seconds: float = Field(
        default=60.0,
        gt=0,
        description="Thời gian tối đa (giây) để đọc và kiểm tra một tệp nhập; quá hạn thì dừng, "
        "không ghi dòng nào.",
    )
    report_level: str = Field(
        default="LDLD-LC", description="Mã đơn vị lập báo cáo sơ kết, tổng kết định kỳ."
    )
    report_recipients: str = Field(
        default="", description="Địa chỉ nhận báo cáo định kỳ, cách nhau bởi dấu phẩy."
    )
    so_ket_cutoff: str = Field(
        default="05-31", pattern=r"^\d{2}-\d{2}$", description="Ngày chốt số liệu sơ kết (MM-DD)."
    )
    tong_ket_cutoff: str = Field(
        default="11-30", pattern=r"^\d{2}-\d{2}$", description="Ngày chốt số liệu tổng kết (MM-DD)."
    )
    so_ket_run_on: str = Field(
        default="06-05", pattern=r"^\d{2}-\d{2}$", description="Ngày chạy báo cáo sơ kết (MM-DD)."
    )
    tong_ket_run_on: str = Field(
        default="12-05", pattern=r"^\d{2}-\d{2}$", description="Ngày chạy báo cáo tổng kết (MM-DD)."
    )
    org_import_max_rows: int = Field(
        default=50_000,
        ge=1,
        description="Số dòng dữ liệu tối đa của một tệp nhập tổ chức hoặc đoàn viên (tệp lớn hơn "
        "bị từ chối khi đọc đến dòng vượt quá; tách thành nhiều tệp).",
    )

    @field_validator("database_url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value:
            return value
        scheme = value.split(":", 1)[0]
        if scheme not in SUPPORTED_SCHEMES:
            raise ValueError(
                f"TDKT_DATABASE_URL có lược đồ không hỗ trợ '{scheme}'; dùng một trong: "
                f"{', '.join(SUPPORTED_SCHEMES)} (ví dụ sqlite:///data/tdkt.db)"
            )
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"TDKT_TIMEZONE '{value}' không phải múi giờ IANA hợp lệ") from exc
        return value

    @model_validator(mode="after")
    def _no_placeholder_secret_in_production(self) -> Settings:
        secret = self.secret_key.get_secret_value()
        if self.env == "production" and (
            self.uses_placeholder_secret or len(secret.encode()) < MIN_SECRET_BYTES
        ):
            raise ValueError(
                f"TDKT_SECRET_KEY phải được đặt, ít nhất {MIN_SECRET_BYTES} byte ngẫu nhiên, khi "
                'TDKT_ENV=production; tạo bằng: python -c "import secrets; '
                'print(secrets.token_urlsafe(32))"'
            )
        return self

    @property
    def uses_placeholder_secret(self) -> bool:
        return "change-me" in self.secret_key.get_secret_value()

    @property
    def trusted_proxy_list(self) -> list[str]:
        return [a.strip() for a in self.trusted_proxies.split(",") if a.strip()]

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'tdkt.db').as_posix()}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def report_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def report_recipient_list(self) -> list[str]:
        return [r.strip() for r in self.report_recipients.split(",") if r.strip()]

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"

    def ensure_data_dir(self) -> Path:
        """Create the data folder and prove it is writable, or fail with a clear message."""
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            # Unique per thread: apps built at once must not unlink each other's probe.
            probe = self.data_dir / f".write-test-{os.getpid()}-{threading.get_ident()}"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
        except OSError as exc:
            raise ConfigError(
                f"Không ghi được vào thư mục dữ liệu '{self.data_dir}': {exc.strerror}. "
                "Đặt TDKT_DATA_DIR tới một thư mục có quyền ghi."
            ) from exc
        return self.data_dir


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning validation errors into one readable ConfigError."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [
            f"- {'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        ]
        raise ConfigError("Cấu hình không hợp lệ:\n" + "\n".join(lines)) from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def settings_env_names() -> list[str]:
    """The environment variable names, for the docs/operating.md check."""
    return [f"TDKT_{name.upper()}" for name in Settings.model_fields]


__all__ = ["Settings", "get_settings", "load_settings", "settings_env_names"]
