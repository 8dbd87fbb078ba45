"""A national-scale population for benchmarks, generated with bulk SQL on SQLite or PostgreSQL.

    from bench.national import generate
    summary = generate("sqlite:///data/bench/national.db", scale=0.1)

scale=1 is the Vietnamese trade union: about 11,000,000 members in 130,000 CĐCS under ~700
upper-level unions in 63 provinces, and 1,000,000 dossiers of one year's rounds (one round per
province). Rows are made by INSERT … SELECT over a number series (generate_series on PostgreSQL,
a recursive CTE on SQLite) with ids computed arithmetically, so nothing crosses into Python per
row. Deterministic: the same scale gives the same rows. The database must be freshly migrated
and empty of units; kinds and the award catalogue are loaded with tdkt's own services.
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text

from awards.bootstrap import build
from awards.services.org.units import load_unit_kinds
from awards.services.rounds.catalogue import load_award_catalogue
from awards.settings import Settings

MEMBERS, CDCS, UPPERS, PROVINCES, DOSSIERS = 11_000_000, 130_000, 700, 63, 1_000_000
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lò", "Giàng"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc"]
GIVEN = ["An", "Bình", "Châu", "Dũng", "Hằng", "Hoa", "Khánh", "Linh", "Páo", "Sơn", "Tâm"]
CREATED = "2025-11-03 02:00:00"
STATES = ["draft", "submitted", "received", "under_appraisal", "eligible", "on_agenda"]
STATES += ["approved", "awarded", "awarded", "returned", "ineligible", "not_approved"]


@dataclass(frozen=True)
class Sizes:
    provinces: int
    uppers: int
    cdcs: int
    members: int
    dossiers: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        cdcs = max(1, round(CDCS * scale))
        provinces = max(1, min(PROVINCES, round(PROVINCES * scale**0.5)))
        uppers = max(provinces, min(cdcs, round(UPPERS * scale)))
        return cls(
            provinces, uppers, cdcs, max(cdcs, round(MEMBERS * scale)), round(DOSSIERS * scale)
        )

    @property
    def first_upper(self) -> int:  # unit ids: 1 TLĐ, provinces, uppers, then CĐCS
        return 2 + self.provinces

    @property
    def first_cdcs(self) -> int:
        return self.first_upper + self.uppers


@dataclass
class Summary:
    url: str
    scale: float
    sizes: dict[str, int]
    seconds: dict[str, float]
    db_bytes: int


def generate(url: str, scale: float) -> Summary:
    """Fill the freshly migrated database at `url` (migrated here if needed)."""
    sizes = Sizes.at(scale)
    app = build(Settings(data_dir=Path("data"), database_url=url), migrate=True)
    load_unit_kinds(app.uow)
    load_award_catalogue(app.uow)
    seconds: dict[str, float] = {}
    with app.engine.begin() as conn:
        sql = _Dialect(conn.dialect.name)
        for name, step in (
            ("units", _units),
            ("members", _members),
            ("rounds", _rounds),
            ("dossiers", _dossiers),
        ):
            start = time.perf_counter()
            step(conn, sql, sizes)
            seconds[name] = round(time.perf_counter() - start, 2)
        if sql.pg:
            for table in ("unit", "unit_version", "person", "movement", "round", "dossier"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
                )
    start = time.perf_counter()
    with app.engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
        size = _size(conn, url)
    seconds["analyze"] = round(time.perf_counter() - start, 2)
    app.close()
    return Summary(url, scale, asdict(sizes), seconds, size)


class _Dialect:
    """The few SQL pieces that differ between SQLite and PostgreSQL."""

    def __init__(self, name: str) -> None:
        self.pg = name == "postgresql"

    def series(self, n: int) -> tuple[str, str]:
        """(WITH clause, FROM item) giving i = 1..n."""
        if self.pg:
            return "", f"generate_series(1, {n}) AS g(i)"
        return (
            f"WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) ",
            "g",
        )

    def pad(self, expr: str, width: int) -> str:
        return f"lpad(({expr})::text, {width}, '0')" if self.pg else f"printf('%0{width}d', {expr})"

    def boolean(self, expr: str) -> str:
        return f"({expr})" if self.pg else f"CASE WHEN {expr} THEN 1 ELSE 0 END"

    def ts(self, value: str) -> str:
        return f"TIMESTAMPTZ '{value}+00'" if self.pg else f"'{value}.000000'"

    def day(self, value: str) -> str:
        return f"DATE '{value}'" if self.pg else f"'{value}'"

    def json_list(self, expr: str) -> str:
        return f"('[' || ({expr}) || ']')::json" if self.pg else f"'[' || ({expr}) || ']'"

    def pick(self, words: list[str], expr: str) -> str:
        """The word at index (expr mod len) as a CASE (portable, no arrays)."""
        whens = " ".join(f"WHEN {k} THEN '{w}'" for k, w in enumerate(words))
        return f"(CASE (({expr}) % {len(words)}) {whens} END)"


def _insert(conn: Connection, sql: _Dialect, n: int, table: str, cols: str, select: str) -> None:
    with_, from_ = sql.series(n)
    conn.execute(text(f"{with_}INSERT INTO {table} ({cols}) SELECT {select} FROM {from_}"))


def _units(conn: Connection, sql: _Dialect, z: Sizes) -> None:
    total = 1 + z.provinces + z.uppers + z.cdcs
    kind = (
        f"CASE WHEN i = 1 THEN 'tld' WHEN i < {z.first_upper} THEN 'ldld_tinh' "
        f"WHEN i < {z.first_cdcs} THEN 'ldld_huyen' ELSE 'cdcs' END"
    )
    _insert(
        conn,
        sql,
        total,
        "unit",
        "id, code, kind_code, sector, email",
        f"i, 'U' || {sql.pad('i', 7)}, {kind}, "
        f"CASE WHEN i >= {z.first_cdcs} THEN "
        "(CASE WHEN i % 11 = 0 THEN 'sxkd' ELSE 'hcsn' END) END, "
        f"'u' || i || '@congdoan.example'",
    )
    parent = (
        f"CASE WHEN i = 1 THEN NULL WHEN i < {z.first_upper} THEN 1 "
        f"WHEN i < {z.first_cdcs} THEN 2 + ((i - {z.first_upper}) % {z.provinces}) "
        f"ELSE {z.first_upper} + ((i - {z.first_cdcs}) % {z.uppers}) END"
    )
    name = (
        f"CASE WHEN i = 1 THEN 'Tổng Liên đoàn Lao động Việt Nam' "
        f"WHEN i < {z.first_upper} THEN 'Liên đoàn Lao động tỉnh số ' || (i - 1) "
        f"WHEN i < {z.first_cdcs} THEN 'Liên đoàn Lao động huyện số ' || (i - {z.first_upper - 1}) "
        f"ELSE 'Công đoàn cơ sở số ' || (i - {z.first_cdcs - 1}) END"
    )
    _insert(
        conn,
        sql,
        total,
        "unit_version",
        "id, unit_id, parent_id, name, valid_from",
        f"i, i, {parent}, {name}, {sql.day('2020-01-01')}",
    )


def _members(conn: Connection, sql: _Dialect, z: Sizes) -> None:
    name = (
        f"{sql.pick(FAMILY, 'i')} || ' ' || {sql.pick(MIDDLE, 'i / 11')} || ' ' || "
        f"{sql.pick(GIVEN, 'i / 7')}"
    )
    _insert(
        conn,
        sql,
        z.members,
        "person",
        "id, code, full_name, gender, birth_year, unit_id, position, holds_leadership_post, "
        "is_direct_worker, qualification, union_years_dedicated, union_years_non_dedicated, "
        "union_years_non_state, direct_production_years",
        f"i, 'DV' || {sql.pad('i', 8)}, {name}, CASE WHEN i % 100 < 53 THEN 'nu' ELSE 'nam' END, "
        f"1965 + (i % 40), {z.first_cdcs} + ((i - 1) % {z.cdcs}), '', "
        f"{sql.boolean('i % 23 = 0')}, {sql.boolean('i % 5 < 2')}, "
        "CASE WHEN i % 3 = 0 THEN 'cao_dang' ELSE 'dai_hoc' END, i % 21, i % 11, i % 6, i % 13",
    )


def _rounds(conn: Connection, sql: _Dialect, z: Sizes) -> None:
    conn.execute(
        text(
            "INSERT INTO movement (id, code, name) VALUES (1, 'LDG-LDST', "
            "'Lao động giỏi, Lao động sáng tạo')"
        )
    )
    _insert(
        conn,
        sql,
        z.provinces,
        "round",
        "id, code, movement_id, organiser_unit_id, name, year, opens_on, closes_on, "
        "submission_deadline, settings",
        f"i, 'TK-2025-' || {sql.pad('i', 2)}, 1, 1 + i, 'Tổng kết năm 2025, tỉnh số ' || i, 2025, "
        f"{sql.day('2025-01-01')}, {sql.day('2025-12-31')}, {sql.day('2025-11-20')}, "
        f"{'(' if sql.pg else ''}'{{}}'{')::json' if sql.pg else ''}",
    )


def _dossiers(conn: Connection, sql: _Dialect, z: Sizes) -> None:
    if not z.dossiers:
        return
    stride = max(1, z.members // z.dossiers)
    person = f"((i - 1) * {stride}) % {z.members} + 1"
    cdcs = f"{z.first_cdcs} + (({person}) - 1) % {z.cdcs}"
    upper = f"{z.first_upper} + ((({cdcs}) - {z.first_cdcs}) % {z.uppers})"
    province = f"((({upper}) - {z.first_upper}) % {z.provinces}) + 1"
    state = sql.pick(STATES, "i")
    _insert(
        conn,
        sql,
        z.dossiers,
        "dossier",
        "id, code, round_id, award_code, nominee_kind, person_id, nominating_unit_id, "
        "current_unit_id, route, ends_at_state_body, hop_no, state, version, audit_seq, "
        "audit_hash, achievement_summary, due_on, created_at, updated_at",
        f"i, 'HS-2025-' || {sql.pad('i', 7)}, {province}, "
        "CASE WHEN i % 2 = 0 THEN 'GK_CDCT' ELSE 'LDTT' END, 'ca_nhan', "
        f"{person}, {cdcs}, {upper}, {sql.json_list(upper)}, {sql.boolean('1 = 0')}, 0, "
        f"{state}, 1, 0, '', 'Hoàn thành xuất sắc nhiệm vụ năm 2025', "
        f"{sql.day('2025-11-20')}, {sql.ts(CREATED)}, {sql.ts(CREATED)}",
    )


def _size(conn: Connection, url: str) -> int:
    if conn.dialect.name == "postgresql":
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    path = Path(url.split(":///", 1)[1])
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def counts(url: str) -> dict[str, int]:
    """Rows per generated table (for checks and reports)."""
    app = build(Settings(data_dir=Path("data"), database_url=url))
    with app.engine.connect() as conn:
        out = {
            t: int(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in ("unit", "unit_version", "person", "round", "dossier")
        }
    app.close()
    return out


def summary_dict(summary: Summary) -> dict[str, Any]:
    return asdict(summary)


def run(quick: bool = False) -> dict[str, Any]:
    """Generate at scale 0.01 (--quick) or 1 (national) on SQLite and, if configured, PostgreSQL.

    PostgreSQL: TDKT_BENCH_POSTGRES_URL or TDKT_TEST_POSTGRES_URL (an admin URL); a database
    tdkt_bench_national is dropped and recreated there.
    """
    scale = 0.01 if quick else 1.0
    work = Path("data/bench")
    work.mkdir(parents=True, exist_ok=True)
    db = work / "national.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    results = {"sqlite": generate(f"sqlite:///{db}", scale)}
    admin = os.environ.get("TDKT_BENCH_POSTGRES_URL") or os.environ.get("TDKT_TEST_POSTGRES_URL")
    if admin:
        results["postgresql"] = generate(_fresh_pg(admin, "tdkt_bench_national"), scale)
    table = []
    for backend, s in results.items():
        total = sum(v for k, v in s.seconds.items())
        rows = s.sizes["members"] + s.sizes["dossiers"] + 2 * (s.sizes["cdcs"] + s.sizes["uppers"])
        table.append(
            {
                "what": f"{backend}: {s.sizes['members']:,} members, {s.sizes['cdcs']:,} CĐCS, "
                f"{s.sizes['dossiers']:,} dossiers; {s.db_bytes / 2**20:,.0f} MiB",
                "value": round(total, 1),
                "unit": "s",
                "ratio": round(rows / total),
                "target": "rows/s in ratio column",
            }
        )
    return {
        "scale": scale,
        "postgresql": "measured" if admin else "not configured (TDKT_BENCH_POSTGRES_URL)",
        "results": {k: asdict(v) for k, v in results.items()},
        "table": table,
    }


def _fresh_pg(admin_url: str, name: str) -> str:
    from sqlalchemy import create_engine

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
