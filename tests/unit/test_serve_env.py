"""`tdkt serve` starts the flows with Prefect's state in tdkt's data folder and no telemetry."""

from __future__ import annotations

from pathlib import Path

from awards.cli.serve import offline_prefect_env


def test_prefect_state_goes_to_the_data_folder_not_home(tmp_path: Path) -> None:
    env = offline_prefect_env(tmp_path, {"PATH": "/usr/bin"})
    assert env["PREFECT_HOME"] == str((tmp_path / "prefect").resolve())
    assert env["DO_NOT_TRACK"] == "1"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert env["PATH"] == "/usr/bin"


def test_an_operators_prefect_home_is_kept(tmp_path: Path) -> None:
    env = offline_prefect_env(tmp_path, {"PREFECT_HOME": "/srv/prefect"})
    assert env["PREFECT_HOME"] == "/srv/prefect"
