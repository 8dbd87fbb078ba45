"""schemathesis against the REST API's own OpenAPI schema: no server error, answers as documented.

The schema is loaded from the ASGI app (GET /api/openapi.json) built over a seeded SQLite
database: the lifecycle tree plus a foreign district, dossiers in several states, and one
signed-in user who holds a role at every level, so that generated requests get past sign-in
and reach the services. Every call carries that user's session cookie and CSRF header.

Generated path parameters, query strings and bodies are random strings, which would almost
always miss every dossier, round and unit; hooks swap in real codes part of the time so the
deeper paths (moves, nominations, the board) are fuzzed too. Any 5xx is a bug, and so is a 4xx
that does not carry the documented {code, message, allowed}.

Bounded for CI: 25 examples per operation, derandomized (a fixed seed), no deadline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from awards.bootstrap import App, build
from awards.services.accounts.users import grant_role
from awards.services.clusters.scoring import NewCluster, add_cluster, set_members
from awards.services.council import open_session
from awards.services.dossiers.inbox import MAX_PAGE
from awards.services.lifecycle.plan import Actor
from awards.settings import Settings
from awards.web import create_app
from awards.web.security import COOKIE
from states import DossierState, Trigger
from tests.support.council import HELD, account_members, council, eligible
from tests.support.databases import BACKENDS, drop_pg_database, fresh_pg_database
from tests.support.lifecycle import HOP, NOW, draft, drive
from tests.support.web import PASSWORD, build_world, client_for, login, make_user

# One xdist group: its module-scoped seeded database built once (docs/contributing.md).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("api_fuzz")]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
GRANTS = [
    ("unit_officer", "CS1"),
    ("secretariat", "THAN-UYEN"),
    ("chair", "THAN-UYEN"),
    ("secretariat", "LDLD-LC"),
    ("admin", "LDLD-LC"),
    ("rule_author", "LDLD-LC"),
]
REAL: dict[str, list[str]] = {
    "round_code": ["TK-2025"],
    "award_code": ["GK_CDCT", "LDTT", "CSTDCS", "BK_LDLD"],
    "nominating_unit_code": ["CS1", "CS2"],
    "nominee_unit_code": ["CS1"],
    "person_code": ["DV1", "DV2", "DV3"],
    "unit": ["CS1", "THAN-UYEN", "LDLD-LC", "TAN-UYEN"],
    "round": ["TK-2025"],
    "trigger": [t.value for t in Trigger],
    "state": [s.value for s in DossierState],
    "achievement_summary": ["Hoàn thành xuất sắc nhiệm vụ năm 2025, dẫn đầu phong trào"],
    "username": ["fuzzer"],
    "password": [PASSWORD],
    "level": ["LDLD-LC", "THAN-UYEN"],
    "kind": ["so_ket", "tong_ket"],
    "family": ["gk-cdct"],
}


PARTS = {
    "path_parameters": ParameterLocation.PATH,
    "query": ParameterLocation.QUERY,
    "body": ParameterLocation.BODY,
}


def _swap(values: dict[str, Any], real: dict[str, list[str]]) -> st.SearchStrategy:
    """Three times out of four a real code for each known key, else the generated value."""
    picks = {k: st.sampled_from([*real[k] * 3, values[k]]) for k in values if k in real}
    return st.fixed_dictionaries(picks).map(lambda chosen: {**values, **chosen})


def _apply(case: Any, chosen: dict[str, dict[str, Any]]) -> Any:
    for name, values in chosen.items():
        setattr(case, name, values)
    return case


class Seeded:
    """The seeded app, the signed-in user's cookie and CSRF header, the dossier codes."""

    def __init__(self, tdkt: App) -> None:
        build_world(tdkt)
        self.codes = [draft(tdkt, "GK_CDCT", person=p) for p in ("DV1", "DV2", "DV3")]
        drive(tdkt, self.codes[1], [Trigger.submit])
        drive(tdkt, self.codes[2], [Trigger.submit, *HOP])
        make_user(tdkt, "fuzzer", *GRANTS[0])
        for role, unit in GRANTS[1:]:
            grant_role(tdkt.uow, "fuzzer", role, unit)
        self.session = self._council(tdkt)
        self.cluster = self._cluster(tdkt)
        self.api = create_app(tdkt, clock=lambda: NOW)
        self.tdkt = tdkt
        self.sign_in()

    def sign_in(self) -> None:
        """A fresh session: DELETE /api/session revokes the previous one on the server."""
        client = client_for(self.tdkt)
        self.headers = login(client, "fuzzer")
        self.cookies = {COOKIE: client.cookies[COOKIE]}

    @staticmethod
    def _cluster(tdkt: App) -> str:
        """A khối led by Than Uyên (where the fuzzer is secretariat) with Tân Uyên in it."""
        new = NewCluster("KHOI-FUZZ", "Khối thi đua thử", "THAN-UYEN", "khoi-ldld-huyen")
        add_cluster(tdkt.uow, new, Actor("Thư ký", "secretariat"), NOW)
        set_members(tdkt.uow, "KHOI-FUZZ", ["TAN-UYEN"], [], NOW.date())
        return new.code

    @staticmethod
    def _council(tdkt: App) -> str:
        """A council at Than Uyên with an open session, so council calls reach the services."""
        council(tdkt, account_members())
        eligible(tdkt, people=("DV3",))
        return open_session(
            tdkt.uow,
            unit_code="THAN-UYEN",
            round_code="TK-2025",
            held_on=HELD,
            actor=Actor("Thư ký", "secretariat"),
            now=NOW,
        ).code


@pytest.fixture(scope="module", params=BACKENDS)
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """One seeded database per backend for the whole module (seeding costs seconds)."""
    folder = tmp_path_factory.mktemp("api-fuzz")
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), folder / "tdkt.db")
        tdkt = build(Settings(data_dir=folder, database_url=f"sqlite:///{folder}/tdkt.db"))
        yield Seeded(tdkt)
        tdkt.close()
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    name, url = fresh_pg_database(admin_url)
    tdkt = build(Settings(data_dir=folder, database_url=url), migrate=True)
    yield Seeded(tdkt)
    tdkt.close()
    drop_pg_database(admin_url, name)


@pytest.fixture(scope="module")
def api_schema(seeded: Seeded) -> Any:
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", seeded.api)
    codes = seeded.codes

    real = {
        **REAL,
        "code": [*codes, seeded.session, seeded.cluster],
        "dossier": codes,
        "unit_code": ["THAN-UYEN"],
        "year": [2025],
    }

    @schema.hook
    def flatmap_case(ctx: Any, case: Any) -> st.SearchStrategy:
        """Swap real codes into the positive parts of a case (negative parts stay invalid)."""
        parts = {}
        for name, where in PARTS.items():
            values = getattr(case, name)
            if isinstance(values, dict) and not (case.meta and case.meta.is_negative_at(where)):
                parts[name] = _swap(values, real)
        return st.fixed_dictionaries(parts).map(lambda chosen: _apply(case, chosen))

    return schema


# Every operation of the schema; test_every_operation_is_fuzzed fails when a route is added
# without being listed here (schemathesis' lazy pytest loader does not run under pytest 9.2).
OPERATIONS = [
    "GET /api/session",
    "POST /api/session",
    "DELETE /api/session",
    "GET /api/inbox",
    "GET /api/dossiers",
    "POST /api/dossiers",
    "GET /api/dossiers/{code}",
    "POST /api/dossiers/{code}/moves",
    "GET /api/audit",
    "GET /api/rounds/{round_code}/board",
    "POST /api/rounds/{round_code}/appraisal",
    "GET /api/dossiers/{code}/permissions/{action}",
    "GET /api/users",
    # council sessions (awards/web/routes/council_api.py)
    "GET /api/council/sessions",
    "POST /api/council/sessions",
    "GET /api/council/sessions/{code}",
    "POST /api/council/sessions/{code}/attendance",
    "POST /api/council/sessions/{code}/votes",
    "POST /api/council/sessions/{code}/groups/{award_code}/approve",
    "POST /api/council/sessions/{code}/close",
    "GET /api/council/sessions/{code}/minutes",
    "POST /api/council/members/{member_id}/account",
    "DELETE /api/council/members/{member_id}/account",
    # issue 8b: reports, rules, accounts, the nominations upload
    "GET /api/reports/{kind}",
    "POST /api/reports/issue",
    "GET /api/rules",
    "GET /api/rules/{family}/examples",
    "GET /api/rules/{family}/history",
    "POST /api/rules/simulate",
    "POST /api/users",
    "POST /api/users/{username}/active",
    "POST /api/users/{username}/password",
    "POST /api/imports/nominations",
    # issue 19: the fund and seats (awards/web/routes/fund_pages.py), cụm / khối thi đua
    # (awards/web/routes/cluster_pages.py)
    "GET /api/fund",
    "POST /api/fund/entries",
    "POST /api/rounds/{round_code}/seats",
    "GET /api/clusters/{code}",
    "POST /api/clusters/{code}/scores",
    "POST /api/clusters/{code}/proposals",
    "GET /api/registrations",
    "POST /api/registrations",
    # issue 20: a unit's corrections of its dossier, saved filters per account
    "POST /api/dossiers/{code}/correction",
    "GET /api/filters",
    "POST /api/filters",
    "DELETE /api/filters/{filter_id}",
]


def test_every_operation_is_fuzzed(api_schema: Any) -> None:
    found = {op.ok().label for op in api_schema.get_all_operations()}
    assert found == set(OPERATIONS)


@pytest.mark.postgres
@pytest.mark.parametrize("label", OPERATIONS)
def test_api_answers_as_documented(label: str, api_schema: Any, seeded: Seeded) -> None:
    seeded.sign_in()
    operation = api_schema.find_operation_by_label(label)
    cases = st.one_of(operation.as_strategy(generation_mode=mode) for mode in GenerationMode)

    @given(case=cases)
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        r = case.call_and_validate(headers=seeded.headers, cookies=seeded.cookies, checks=CHECKS)
        statuses.append(r.status_code)

    statuses: list[int] = []
    fuzz()
    from collections import Counter

    print(label, sorted(Counter(statuses).items()))


# Regressions for what the fuzzing found: each answered 500 or an undocumented shape before.


@pytest.mark.postgres
@pytest.mark.parametrize("path", ["/api/inbox", "/api/dossiers", "/api/audit"])
def test_a_huge_page_number_is_a_422_not_an_overflow(seeded: Seeded, path: str) -> None:
    client = TestClient(seeded.api, cookies=seeded.cookies)
    r = client.get(path, params={"page": 368934881474191034})
    assert r.status_code == 422
    assert r.json()["code"] == "du_lieu_khong_hop_le"
    assert r.json()["fields"] == {"query.page": f"phải không quá {MAX_PAGE}"}
    last = client.get(path, params={"page": MAX_PAGE})
    assert last.status_code == 200 and last.json()["items"] == []


def test_malformed_requests_get_the_documented_error_shape(seeded: Seeded) -> None:
    client = TestClient(seeded.api, cookies=seeded.cookies, headers=seeded.headers)
    url = f"/api/dossiers/{seeded.codes[0]}/moves"
    not_json = client.post(url, content=b"\x00", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422
    assert not_json.json() == {
        "code": "du_lieu_khong_hop_le",
        "message": "Yêu cầu không hợp lệ (body: nội dung không phải JSON hợp lệ). "
        "Sửa các trường đã nêu rồi gửi lại.",
        "allowed": [],
        "fields": {"body": "nội dung không phải JSON hợp lệ"},
    }
    not_utf8 = client.post(url, content=b"\xff\xfe{", headers={"Content-Type": "application/json"})
    assert not_utf8.status_code == 400
    assert not_utf8.json()["code"] == "yeu_cau_khong_doc_duoc"
    wrong = client.post(url, json={"reason": 5, "due_on": "hôm qua"})
    assert wrong.status_code == 422
    assert wrong.json()["fields"] == {
        "body.trigger": "thiếu, phải có",
        "body.reason": "phải là chuỗi ký tự",
        "body.due_on": "phải là ngày dạng YYYY-MM-DD",
    }
    unknown = client.get("/api/khong-co")
    assert unknown.status_code == 404 and unknown.json()["code"] == "khong_tim_thay"
