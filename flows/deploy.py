"""`python -m flows deploy --pool NAME`: register every scheduled flow on a process work pool.

The deployments name their flows by module (`flows.reminder_sweep.reminder_sweep`), so a worker
needs no code storage: it imports the flows from its own tdkt install (same version as the
server, and TDKT_DATABASE_URL pointing at the shared PostgreSQL). Schedules, parameters and
the one-run-at-a-time limit are those of flows/schedules.py, as with `python -m flows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast
from uuid import UUID

from prefect import deploy
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import WorkPoolCreate
from prefect.deployments.runner import EntrypointType
from prefect.exceptions import ObjectNotFound
from prefect.settings import PREFECT_API_URL
from prefect.workers.process import ProcessWorker

from flows.schedules import deployments

POOL_TYPE = "process"


def ensure_pool(name: str) -> bool:
    """Create the process work pool `name` unless it exists; True when it was created."""
    with get_client(sync_client=True) as client:
        try:
            pool = client.read_work_pool(name)
        except ObjectNotFound:
            client.create_work_pool(
                WorkPoolCreate(
                    name=name,
                    type=POOL_TYPE,
                    base_job_template=ProcessWorker.get_default_base_job_template(),
                )
            )
            return True
    if pool.type != POOL_TYPE:
        raise SystemExit(
            f"Work pool '{name}' có kiểu '{pool.type}', không phải '{POOL_TYPE}': "
            f"chọn pool khác hoặc tạo pool mới bằng `prefect work-pool create NAME --type process`."
        )
    return False


def deploy_to_pool(pool: str, names: Sequence[str] = ()) -> list[UUID]:
    """Create or update the deployments of the scheduled flows on `pool`."""
    if not PREFECT_API_URL.value():
        # Without it the client would deploy into a temporary server that vanishes on exit.
        raise SystemExit(
            "Chưa đặt PREFECT_API_URL: đặt địa chỉ Prefect server mà các worker dùng, ví dụ "
            "export PREFECT_API_URL=http://prefect-host:4200/api, rồi chạy lại."
        )
    if ensure_pool(pool):
        print(f"Đã tạo work pool '{pool}' (kiểu {POOL_TYPE}).")
    chosen = deployments(names, entrypoint_type=EntrypointType.MODULE_PATH)
    ids = deploy(
        *chosen,
        work_pool_name=pool,
        build=False,
        push=False,
        print_next_steps_message=False,
        ignore_warnings=True,
    )
    return cast(list[UUID], ids)  # called from sync code: the result, not a coroutine
