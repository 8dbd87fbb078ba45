"""Recompute open deadlines after the working-day calendar changed (batch SQL, one task)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from prefect import flow, get_run_logger, task

from awards.services.lifecycle.deadlines import recompute_open_deadlines
from flows._app import tdkt_app


@task(name="recompute-open-deadlines")
def recompute() -> dict[str, Any]:
    with tdkt_app() as app:
        report = recompute_open_deadlines(app.uow)
    get_run_logger().info("%d deadline bases, %d dossiers moved", report.bases, report.changed)
    return asdict(report)


@flow(name="recompute-deadlines")
def recompute_deadlines() -> dict[str, Any]:
    """Move every computed deadline of an open dossier to the current calendar."""
    result: dict[str, Any] = recompute()
    return result
