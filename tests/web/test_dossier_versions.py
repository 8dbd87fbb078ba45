"""A returned dossier is corrected by its unit (issue 20): the same rule through the service, the
page, the API and the CLI; every correction is a version and an audit event of the hash chain.
On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from awards.errors import PermissionDenied, TransitionNotAllowed, ValidationError
from awards.services.accounts.access import Principal, load_principal
from awards.services.audit.verify import verify_audit
from awards.services.dossiers.correction import Correction, correct_dossier
from states import Trigger
from tests.support.cli import Run, cli_runner
from tests.support.daily import daily_world
from tests.support.lifecycle import NOW, step
from tests.support.web import client_for, csrf_of, login

NEW_SUMMARY = "Hoàn thành xuất sắc nhiệm vụ; bổ sung sáng kiến cải tiến giờ dạy năm 2025."


@pytest.fixture
def day(tdkt: App) -> tuple[App, dict[str, list[str]]]:
    return tdkt, daily_world(tdkt)


@pytest.fixture
def run(tdkt: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Run]:
    yield from cli_runner(tdkt, tmp_path / "cli-data", monkeypatch)


def signed_in(app: App, username: str) -> tuple[TestClient, dict[str, str]]:
    client = client_for(app)
    return client, login(client, username)


def principal_of(app: App, username: str) -> Principal:
    with app.uow() as uow:
        user = uow.accounts.user_by_name(username)
    assert user is not None and user.id is not None
    return load_principal(app.uow, user.id, NOW.date())


@pytest.mark.postgres
def test_the_officer_corrects_a_returned_dossier_on_its_page(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    app, codes = day
    code = codes["returned"][0]
    client, _ = signed_in(app, "hoa")
    page = client.get(f"/dossiers/{code}")
    assert 'id="return-reason"' in page.text and 'action="/dossiers/' in page.text
    assert "Sửa hồ sơ theo yêu cầu" in page.text and "Chưa sửa lần nào." in page.text
    version = int(re.search(r'name="expected_version" value="(\d+)"', page.text).group(1))
    form = {
        "csrf_token": csrf_of(page.text),
        "expected_version": str(version),
        "achievement_summary": NEW_SUMMARY,
        "position": "Tổ trưởng chuyên môn",
        "is_direct_worker": "1",
        "holds_leadership_post": "0",
        "note": "Bổ sung sáng kiến theo yêu cầu",
    }
    done = client.post(f"/dossiers/{code}/correction", data=form, follow_redirects=False)
    assert done.status_code == 303, done.text
    after = client.get(f"/dossiers/{code}").text
    assert "lần sửa 1 (khi bị trả lại)" in after and "Bổ sung sáng kiến theo yêu cầu" in after
    assert "Tóm tắt thành tích: “" in after and NEW_SUMMARY in after
    assert "Chức vụ: " in after and "“Tổ trưởng chuyên môn”" in after
    assert "<strong>sửa hồ sơ</strong> · Bị trả lại → Bị trả lại" in after  # the history
    # the same form again with the version it was built on: the dossier moved on (409)
    stale = client.post(f"/dossiers/{code}/correction", data=form, follow_redirects=False)
    assert stale.status_code == 409 and "đã thay đổi" in stale.text
    assert verify_audit(app.uow).ok
    # the corrected dossier goes back as usual
    assert step(app, code, Trigger.resubmit).ok


@pytest.mark.postgres
def test_the_api_corrects_and_lists_versions(day: tuple[App, dict[str, list[str]]]) -> None:
    app, codes = day
    code = codes["returned"][0]
    client, h = signed_in(app, "hoa")
    body = {"achievement_summary": NEW_SUMMARY, "holds_leadership_post": True, "note": "Sửa"}
    r = client.post(f"/api/dossiers/{code}/correction", json=body, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["seq"] == 1 and set(r.json()["changes"]) == {
        "achievement_summary",
        "holds_leadership_post",
    }
    again = client.post(f"/api/dossiers/{code}/correction", json=body, headers=h)
    assert again.status_code == 422 and "Không có gì thay đổi" in again.json()["message"]
    shown = client.get(f"/api/dossiers/{code}").json()
    assert shown["claims"]["holds_leadership_post"] is True
    assert shown["nominee"]["holds_leadership_post"] is True
    (v,) = shown["versions"]
    assert v["seq"] == 1 and v["actor"] == "Lò Thị Hoa" and v["note"] == "Sửa"
    assert "Giữ chức vụ lãnh đạo, quản lý: Không → Có" in v["described"]
    assert shown["history"][-1]["trigger"] == "correct"
    # a dossier the secretariat holds cannot be corrected (409), nor by the secretariat (403)
    held = codes["received"][0]
    refused = client.post(f"/api/dossiers/{held}/correction", json=body, headers=h)
    assert refused.status_code == 409 and "Đã tiếp nhận" in refused.json()["message"]
    secretary, sh = signed_in(app, "minh")
    other = secretary.post(f"/api/dossiers/{code}/correction", json=body, headers=sh)
    assert other.status_code == 403
    too_long = client.post(
        f"/api/dossiers/{code}/correction", json={"position": "x" * 201}, headers=h
    )
    assert too_long.status_code == 422


@pytest.mark.postgres
def test_the_service_guards_state_scope_and_the_kind_of_nominee(
    day: tuple[App, dict[str, list[str]]],
) -> None:
    app, codes = day
    me = principal_of(app, "hoa")  # the unit officer of CS1
    with pytest.raises(TransitionNotAllowed, match="chỉ sửa khi hồ sơ ở trạng thái"):
        correct_dossier(app.uow, me, codes["submitted"][0], Correction("x"), now=NOW)
    with pytest.raises(ValidationError, match="Tóm tắt thành tích"):
        correct_dossier(app.uow, me, codes["returned"][0], Correction("a\x00b"), now=NOW)
    done = correct_dossier(
        app.uow, me, codes["returned"][0], Correction(position="Giáo viên chủ nhiệm"), now=NOW
    )
    assert done.seq == 1 and list(done.changes) == ["position"]
    # clearing the asserted chức vụ brings back the person's record, as a second version
    done = correct_dossier(app.uow, me, codes["returned"][0], Correction(position=""), now=NOW)
    assert done.seq == 2 and done.changes["position"]["from"] == "Giáo viên chủ nhiệm"
    secretary = principal_of(app, "minh")
    with pytest.raises(PermissionDenied):
        correct_dossier(app.uow, secretary, codes["returned"][0], Correction("y"), now=NOW)
    assert verify_audit(app.uow).ok


@pytest.mark.postgres
def test_the_cli_corrects_and_lists_versions(
    day: tuple[App, dict[str, list[str]]], run: Run
) -> None:
    app, codes = day
    code = codes["returned"][0]
    out = run("dossier", "correct", code, "--summary", NEW_SUMMARY, "--leader", "--note", "Bổ sung")
    assert f"Đã sửa hồ sơ {code} (lần sửa 1" in out
    assert "Giữ chức vụ lãnh đạo, quản lý: Không → Có" in out
    listed = run("dossier", "versions", code)
    assert "Lần sửa 1" in listed and "máy chủ (dòng lệnh)" in listed and "Bổ sung" in listed
    assert "sửa hồ sơ · Bị trả lại → Bị trả lại" in run("dossier", "show", code)
    refused = run("dossier", "correct", codes["received"][0], "--summary", "x", code=1)
    assert "chỉ sửa khi hồ sơ ở trạng thái" in refused
    assert "chưa sửa lần nào" in run("dossier", "versions", codes["received"][0])
