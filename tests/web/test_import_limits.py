"""Issue 16, hole 7: a small XLSX of many rows neither stalls the server nor runs unbounded.

The upload routes read the file off the event loop, in streaming mode, and refuse it at the
row cap (TDKT_IMPORT_MAX_ROWS) or the time cap (TDKT_IMPORT_MAX_SECONDS) with a message that
names the cap and says how to split the file.
"""

from __future__ import annotations

import asyncio
import io
import time
import zipfile
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from awards.bootstrap import App
from awards.services.nomination.tabular import columns_of
from awards.web import create_app
from tests.support.lifecycle import NOW
from tests.support.screens import nominations_xlsx
from tests.support.web import build_world, login, make_user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROW = ["CS1", "GK_CDCT", "ca_nhan", "DV1", "", "", "", "", "Thành tích tốt trong năm 2025"]


def many_rows(n: int) -> bytes:
    """The nominations template with `n` copies of one row, written straight into the sheet's
    XML (openpyxl would take a minute): the bytes stay small, as in the report (28 KB)."""
    template = nominations_xlsx()

    def row(values: list[str]) -> str:  # no cell references: identical rows compress best
        cells = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
        return f"<row>{cells}</row>"

    header = row([c.label for c in columns_of("nominations")])
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:I{n + 1}"/>'  # as Excel writes it
        f"<sheetData>{header}{row(ROW) * n}</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(template)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode("utf-8")
            dst.writestr(item.filename, data, compresslevel=9)
    return out.getvalue()


@pytest.fixture(scope="module")
def big_file() -> bytes:
    data = many_rows(300_000)
    assert len(data) < 2 * 1024 * 1024  # under the upload size limit: only the rows are many
    return data


def signed_in(app: App) -> tuple[Any, TestClient, dict[str, str]]:
    build_world(app)
    web = create_app(app, clock=lambda: NOW)
    client = TestClient(web)
    return web, client, login(client, make_user(app, "hoa", "unit_officer", "CS1"))


def upload(client: TestClient, h: dict[str, str], data: bytes) -> Any:
    return client.post(
        "/api/imports/nominations",
        headers=h,
        data={"round_code": "TK-2025"},
        files={"file": ("ds.xlsx", io.BytesIO(data), XLSX)},
    )


@pytest.mark.postgres
def test_many_rows_are_refused_quickly_at_the_row_cap(tdkt: App, big_file: bytes) -> None:
    _, client, h = signed_in(tdkt)
    started = time.monotonic()
    r = upload(client, h, big_file)
    took = time.monotonic() - started
    assert r.status_code == 422, r.text
    message = r.json()["message"]
    assert "5.000 dòng" in message and "tách" in message, message
    assert took < 10, f"refused after {took:.1f} s"  # the 5,001st row stops the reading
    assert client.get("/api/dossiers").json()["total"] == 0
    # the same cap through the upload screen
    page = client.get("/nominate").text
    from tests.support.web import csrf_of

    form = client.post(
        "/nominate/upload",
        data={"csrf_token": csrf_of(page), "round_code": "TK-2025"},
        files={"file": ("ds.xlsx", io.BytesIO(big_file), XLSX)},
    )
    assert form.status_code == 422 and "5.000 dòng" in form.text


def test_the_row_cap_is_a_setting_and_a_file_within_it_imports(sqlite_tdkt: App) -> None:
    sqlite_tdkt.settings = sqlite_tdkt.settings.model_copy(update={"import_max_rows": 2})
    _, client, h = signed_in(sqlite_tdkt)
    other = [*ROW[:3], "DV2", *ROW[4:]]
    third = [*ROW[:3], "DV3", *ROW[4:]]
    r = upload(client, h, nominations_xlsx(ROW, other, third))
    assert r.status_code == 422 and "2 dòng" in r.json()["message"], r.text
    r = upload(client, h, nominations_xlsx(ROW, other))
    assert r.status_code == 200 and r.json()["written"] == 2, r.text


@pytest.mark.postgres
def test_a_long_import_stops_at_the_time_cap_while_the_server_answers(
    tdkt: App, big_file: bytes
) -> None:
    """Rows allowed but three seconds at most: the import is cut short with the time cap's
    message, and a page asked for meanwhile is answered before the import ends (three seconds
    leave the GET room on a loaded machine, where it shares the GIL with the import's thread)."""
    tdkt.settings = tdkt.settings.model_copy(
        update={"import_max_rows": 1_000_000, "import_max_seconds": 3.0}
    )
    web, client, h = signed_in(tdkt)

    async def both() -> tuple[httpx.Response, float, float]:
        transport = httpx.ASGITransport(app=web)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", cookies=client.cookies
        ) as ac:

            async def importing() -> tuple[httpx.Response, float]:
                r = await ac.post(
                    "/api/imports/nominations",
                    headers=h,
                    data={"round_code": "TK-2025"},
                    files={"file": ("ds.xlsx", big_file, XLSX)},
                )
                return r, time.monotonic()

            async def reading() -> float:
                await asyncio.sleep(0.3)
                r = await ac.get("/api/dossiers")
                assert r.status_code == 200, r.text
                return time.monotonic()

            (r, import_done), get_done = await asyncio.gather(importing(), reading())
            return r, import_done, get_done

    r, import_done, get_done = asyncio.run(both())
    assert r.status_code == 422, r.text
    assert "3 giây" in r.json()["message"] and "tách" in r.json()["message"], r.text
    assert get_done < import_done, "the GET waited for the import: it ran on the event loop"
