"""Which backends the tests run on, and a fresh PostgreSQL database per test.

PostgreSQL runs when TDKT_TEST_POSTGRES_URL is set (CI sets it). Without a PostgreSQL server
(a new user's `make test`) the postgres variants are not generated at all and the report header
says so; CI sets CI=true and must run them.
"""

from __future__ import annotations

import os
import uuid

from sqlalchemy import create_engine, text

PG_URL = os.environ.get("TDKT_TEST_POSTGRES_URL", "")
PG_WANTED = bool(PG_URL) or os.environ.get("CI") == "true"
BACKENDS = ["sqlite", "postgres"] if PG_WANTED else ["sqlite"]


def fresh_pg_database(admin_url: str) -> tuple[str, str]:
    """A new, empty database on the server of `admin_url`: its name and URL."""
    name = f"tdkt_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, admin_url.rsplit("/", 1)[0] + f"/{name}"


def drop_pg_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
