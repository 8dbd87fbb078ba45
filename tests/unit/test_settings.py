"""Settings: defaults and bad values with clear messages (docs: tests/unit/test_docs.py)."""

from pathlib import Path

import pytest

from awards.errors import ConfigError
from awards.settings import Settings, load_settings


def test_default_is_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    s = load_settings(data_dir=tmp_path)
    assert s.effective_database_url == f"sqlite:///{tmp_path.as_posix()}/tdkt.db"
    assert s.timezone == "Asia/Ho_Chi_Minh"
    assert s.mail_mode == "files"


def test_unknown_database_scheme_is_refused_with_the_fix() -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(database_url="mysql://root@localhost/tdkt")
    message = str(err.value)
    assert "mysql" in message and "sqlite" in message and "database_url" in message


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_MAIL_MODE", "smtp")
    monkeypatch.setenv("TDKT_SMTP_PORT", "2525")
    s = Settings()
    assert (s.mail_mode, s.smtp_port) == ("smtp", 2525)


def test_bad_environment_value_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TDKT_SMTP_PORT", "70000")
    with pytest.raises(ConfigError, match="smtp_port"):
        load_settings()


def test_unreadable_data_folder_fails_clearly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match="TDKT_DATA_DIR"):
        load_settings(data_dir=blocker / "sub").ensure_data_dir()


def test_placeholder_secret_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="TDKT_SECRET_KEY"):
        load_settings(env="production")
