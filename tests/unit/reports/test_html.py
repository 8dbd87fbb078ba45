"""The HTML table escapes user text and shows the seed's figures with Vietnamese grouping."""

from __future__ import annotations

import re

from awards.reports.html import rollup_html, vn_number
from awards.reports.programme import Phase, Programme, ResultRecord, UnitTargets, rollup
from tests.support import seed004


def _cells(html: str) -> list[str]:
    return re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", html, flags=re.S)


def test_seed_table_as_html() -> None:
    result = rollup(seed004.PROGRAMME, seed004.targets(), seed004.raw_records())
    html = rollup_html(result, subtitle="đến ngày 10/11/2022")
    assert '<th colspan="3">Giai đoạn 1</th>' in html
    assert html.count("<tr") == 2 + 12 + 1
    cells = _cells(html)
    first = cells.index("LĐLĐ huyện Than Uyên")
    assert cells[first - 1 : first + 10] == [
        "1", "LĐLĐ huyện Than Uyên", "240", "115", "308", "268", "125", "30", "24", "338", "141"
    ]  # fmt: skip
    total = cells.index("Tổng")
    assert cells[total : total + 10] == [
        "Tổng", "2.300", "1.200", "1.775", "148", "1.100", "377", "34", "2.152", "94"
    ]  # fmt: skip
    partner = cells.index("Đơn vị phối hợp")
    assert cells[partner + 1 : partner + 10] == ["0", "0", "80", "", "0", "1", "", "81", ""]
    assert html.count('class="exceeded"') == 3 and html.count('class="below-half"') == 1


def test_script_in_unit_name_is_escaped() -> None:
    programme = Programme("<b>P</b>", (Phase("A", "Giai đoạn <1>"),))
    units = [UnitTargets("X", "<script>alert(1)</script>", {"A": 1})]
    html = rollup_html(rollup(programme, units, [ResultRecord("X", "A")]), title="<i>t</i>")
    assert "<script>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Giai đoạn &lt;1&gt;" in html


def test_vn_number() -> None:
    assert vn_number(2152) == "2.152"
    assert vn_number(1234567) == "1.234.567"
    assert vn_number(None) == ""
    assert vn_number(0) == "0"
