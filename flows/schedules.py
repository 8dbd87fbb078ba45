"""Every scheduled flow, in one place. Registering a flow is one line in SCHEDULED.

Times are local (TDKT_TIMEZONE, Asia/Ho_Chi_Minh by default). `python -m flows` serves them;
`python -m flows reminder-sweep` serves only the named deployments (give the sweep its own
process in production, see the README); `python -m flows deploy --pool NAME` registers them on
a process work pool for workers instead (docs/scale-out.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

from prefect import Flow
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval, Schedule

from awards.settings import load_settings
from flows.deliver_mail import deliver_mail
from flows.periodic import cron_for
from flows.recompute_deadlines import recompute_deadlines
from flows.reminder_sweep import reminder_sweep
from flows.so_ket import so_ket
from flows.tong_ket import tong_ket


@dataclass(frozen=True)
class Scheduled:
    flow: Flow[..., Any]
    schedules: Sequence[Schedule]
    parameters: dict[str, Any] = field(default_factory=dict)
    concurrency: int = 1  # one run at a time: two deliveries must not send the same rows


def scheduled() -> list[Scheduled]:
    settings = load_settings()
    tz = settings.timezone
    return [
        Scheduled(reminder_sweep, [Cron("30 6 * * 1-5", timezone=tz)]),
        Scheduled(deliver_mail, [Interval(timedelta(minutes=10), timezone=tz)]),
        Scheduled(recompute_deadlines, [Cron("15 1 * * *", timezone=tz)]),
        Scheduled(so_ket, [Cron(cron_for(settings.so_ket_run_on), timezone=tz)]),
        Scheduled(tong_ket, [Cron(cron_for(settings.tong_ket_run_on), timezone=tz)]),
    ]


def deployments(
    names: Sequence[str] = (), entrypoint_type: EntrypointType = EntrypointType.FILE_PATH
) -> list[RunnerDeployment]:
    """Deployments of the scheduled flows (all, or those whose flow name is in `names`).

    `serve` runs them from this process; for a work pool (flows/deploy.py) they name their
    flow by module path, which every worker's tdkt install can import.
    """
    chosen = [s for s in scheduled() if not names or s.flow.name in names]
    unknown = set(names) - {s.flow.name for s in scheduled()}
    if unknown:
        known = ", ".join(s.flow.name for s in scheduled())
        raise SystemExit(f"Không có flow {', '.join(sorted(unknown))}; có: {known}")
    return [
        cast(
            RunnerDeployment,
            s.flow.to_deployment(
                name=s.flow.name,
                schedules=list(s.schedules),
                parameters=s.parameters,
                concurrency_limit=s.concurrency,
                entrypoint_type=entrypoint_type,
            ),
        )
        for s in chosen
    ]
