"""The web benchmark's data: an organisation of districts and CĐCS, users, and N dossiers made
with one INSERT … SELECT generate_series on PostgreSQL (not timed per row; nothing crosses
into Python per dossier).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import create_engine, text

from awards.bootstrap import App
from awards.services.accounts.users import NewUser, add_user, grant_role
from awards.services.council import (
    NewCouncil,
    NewMember,
    add_members,
    open_session,
    record_attendance,
    setup_council,
)
from awards.services.council.accounts import link_account
from awards.services.lifecycle.plan import Actor
from awards.services.org.units import NewUnit, add_units, load_unit_kinds
from awards.services.rounds.catalogue import NewRound, load_award_catalogue, open_round

DISTRICTS = 10
CDCS_PER_DISTRICT = 100
PASSWORD = "mat-khau-bench-123"
# (state, share of rows); submitted rows are what the receiving clients take.
MIX = [
    ("awarded", 0.55),
    ("submitted", 0.1),
    ("received", 0.1),
    ("under_appraisal", 0.1),
    ("eligible", 0.05),
    ("on_agenda", 0.1),
]


VOTERS = 9  # the council of district 0: member k signs in as hd{k}
HELD = date(2025, 12, 10)


def council(app: App) -> str:
    """District 0's council, every member an account that is present; the session opened on
    the district's on_agenda dossiers (MIX: a tenth of the district's rows). Its code."""
    actor, now = Actor("Thường trực 0", "secretariat"), datetime(2025, 12, 10, 8, 0, tzinfo=UTC)
    council_id = setup_council(
        app.uow,
        NewCouncil(
            "H0",
            "Hội đồng Thi đua – Khen thưởng huyện 0",
            "HĐTĐKT",
            "Huyện 0",
            date(2025, 1, 1),
            established_by="1/QĐ-LĐLĐ",
        ),
        actor,
        now,
    )
    roles = ["chu_tich", "pho_chu_tich", "thu_ky"] + ["uy_vien"] * (VOTERS - 3)
    members = add_members(
        app.uow,
        council_id,
        [NewMember(f"Thành viên {k}", r, date(2025, 1, 1)) for k, r in enumerate(roles)],
        actor,
        now,
    )
    for k, member_id in enumerate(members):
        add_user(app.uow, NewUser(f"hd{k}", f"Thành viên {k}", PASSWORD))
        grant_role(app.uow, f"hd{k}", "council_member", "H0")
        link_account(app.uow, member_id, f"hd{k}", actor, now)
    code = open_session(
        app.uow, unit_code="H0", round_code="TK-2025", held_on=HELD, actor=actor, now=now
    ).code
    for member_id in members:
        record_attendance(app.uow, code, member_id, "present", actor, now)
    return code


def org(app: App) -> None:
    load_unit_kinds(app.uow)
    load_award_catalogue(app.uow)
    units = [
        NewUnit("TLD", "Tổng Liên đoàn Lao động Việt Nam", "tld", None),
        NewUnit("LDLD", "Liên đoàn Lao động tỉnh", "ldld_tinh", "TLD"),
    ]
    for d in range(DISTRICTS):
        units.append(NewUnit(f"H{d}", f"Liên đoàn Lao động huyện {d}", "ldld_huyen", "LDLD"))
        units += [
            NewUnit(f"H{d}-CS{c}", f"Công đoàn cơ sở {d}.{c}", "cdcs", f"H{d}")
            for c in range(CDCS_PER_DISTRICT)
        ]
    add_units(app.uow, units)
    open_round(
        app.uow,
        NewRound(
            "TK-2025",
            "Tổng kết 2025",
            "LDG",
            "Lao động giỏi",
            "LDLD",
            2025,
            date(2025, 1, 1),
            date(2025, 12, 31),
            date(2025, 11, 20),
        ),
    )
    for d in range(DISTRICTS):
        add_user(app.uow, NewUser(f"chair{d}", f"Chủ tịch {d}", PASSWORD))
        grant_role(app.uow, f"chair{d}", "chair", f"H{d}")
        add_user(app.uow, NewUser(f"sec{d}", f"Thường trực {d}", PASSWORD))
        grant_role(app.uow, f"sec{d}", "secretariat", f"H{d}")


_FILL = """
INSERT INTO dossier (code, round_id, award_code, nominee_kind, nominee_unit_id, nominating_unit_id,
  current_unit_id, route, ends_at_state_body, hop_no, state, version, audit_seq, audit_hash,
  achievement_summary, due_on, created_at, updated_at)
SELECT 'B-' || g, r.id, 'GK_CDCT', 'tap_the', cs.id, cs.id, cs.parent_id,
  json_build_array(cs.parent_id), false, 0, st.state, 1, 0, '', 'Sinh tự động',
  DATE '2025-11-01' + (g % 60), now(), now()
FROM generate_series(1, :n) AS g
JOIN LATERAL (SELECT id, parent_id, rn FROM cs WHERE rn = g % :ncs) cs ON true
JOIN LATERAL (SELECT state FROM mix WHERE g % 100 >= lo AND g % 100 < hi) st ON true
CROSS JOIN (SELECT id FROM round WHERE code = 'TK-2025') r
"""


def fill(url: str, n: int) -> None:
    eng = create_engine(url)
    with eng.begin() as c:
        c.execute(
            text(
                "CREATE TEMP TABLE cs AS SELECT u.id, v.parent_id, "
                "(row_number() OVER (ORDER BY u.id)) - 1 AS rn FROM unit u "
                "JOIN unit_version v ON v.unit_id = u.id WHERE u.kind_code = 'cdcs'"
            )
        )
        c.execute(text("CREATE TEMP TABLE mix (state text, lo int, hi int)"))
        lo = 0
        for state, share in MIX:
            hi = lo + round(share * 100)
            c.execute(
                text("INSERT INTO mix VALUES (:s, :lo, :hi)"), {"s": state, "lo": lo, "hi": hi}
            )
            lo = hi
        c.execute(text(_FILL), {"n": n, "ncs": DISTRICTS * CDCS_PER_DISTRICT})
    # VACUUM, not only ANALYZE: its visibility map makes the inbox's counts an index-only
    # scan, as autovacuum keeps it on a live database; a fresh bulk load has none for a while.
    with eng.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
        c.execute(text("VACUUM (ANALYZE) dossier"))
    eng.dispose()
