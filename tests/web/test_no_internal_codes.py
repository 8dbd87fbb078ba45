"""Every page of the demo, walked by link as each role, shows labels and never an internal code
(issue 20): no enum value (`hoan_thanh_tot`, `to_trinh`, `ca_nhan`…), no award code, no
generated unit code (`CS00025`) outside a code cell, no English session state."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from awards.bootstrap import App, build
from awards.demo.load import load_demo
from awards.demo.round import run_demo_round
from awards.model import Award, Dossier
from awards.repository.org import unit_by_id
from awards.settings import Settings
from tests.support.daily import ROLES, daily_world
from tests.support.page_walk import visible, walk
from tests.support.web import client_for, login, make_user


def award_codes(app: App) -> set[str]:
    with app.uow() as uow:
        return set(uow.session.exec(select(Award.code)))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, list[str]]]:
    """The whole demo (SQLite, ~25 s) with one account per role where the work is."""
    folder: Path = tmp_path_factory.mktemp("demo")
    app = build(Settings(data_dir=folder), migrate=True)
    load_demo(app.uow)
    run_demo_round(app.uow)
    with app.uow() as uow:
        returned = uow.session.exec(select(Dossier).where(col(Dossier.state) == "returned")).first()
        assert returned is not None
        cdcs = unit_by_id(uow.session, returned.nominating_unit_id, date(2025, 12, 1))
        assert cdcs.parent_id is not None
        district = unit_by_id(uow.session, cdcs.parent_id, date(2025, 12, 1)).code
    accounts = [
        ("canbo", "unit_officer", cdcs.code),
        ("huyen", "secretariat", district),
        ("tinh", "secretariat", "LDLD-LC"),
        ("chutich", "chair", "LDLD-LC"),
        ("uyvien", "council_member", "LDLD-LC"),
        ("soanquytac", "rule_author", "LDLD-LC"),
        ("quantri", "admin", "LDLD-LC"),
    ]
    for username, role, unit in accounts:
        make_user(app, username, role, unit)
    yield app, [a[0] for a in accounts]
    app.close()


def test_the_walker_sees_what_a_person_sees() -> None:
    text, links = visible(
        '<p>Xếp loại: hoan_thanh_tot <code>GK_CDCT</code></p><td class="code">CS00025</td>'
        '<script>var a_b = 1</script><a href="/x">Hồ sơ</a><a href="/f.pdf" download>tệp</a>'
    )
    assert text == "Xếp loại: hoan_thanh_tot Hồ sơ tệp" and links == ["/x"]


@pytest.mark.parametrize(
    "username", ["canbo", "huyen", "tinh", "chutich", "uyvien", "soanquytac", "quantri"]
)
def test_demo_pages_show_labels_not_codes(demo: tuple[App, list[str]], username: str) -> None:
    app, _ = demo
    client = client_for(app)
    login(client, username)
    walked = walk(client, award_codes(app))
    assert len(walked.pages) >= 5, walked.pages
    assert walked.failures == []
    assert walked.leaks == [], walked.leaks[:10]


@pytest.mark.postgres
def test_daily_pages_show_labels_not_codes(tdkt: App) -> None:
    """The open session, quota meters, files and returned dossier of a working day."""
    daily_world(tdkt)
    codes = award_codes(tdkt)
    for username in ROLES:
        client = client_for(tdkt)
        login(client, username)
        walked = walk(client, codes)
        assert len(walked.pages) >= 5 and walked.failures == []
        assert walked.leaks == [], (username, walked.leaks[:10])
