"""The rollup as an HTML table fragment for the browser (Jinja2, autoescape always on).

Unit names come from users: autoescaping is forced for this template whatever its name, so a
name such as ``<script>`` is shown, never run. Counts use the Vietnamese "." thousands separator.
"""

from __future__ import annotations

from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup

from awards.reports.programme import BELOW_HALF, EXCEEDED, ProgrammeRollup

TEMPLATE = """\
<table class="rollup">
  <caption>{{ title }}{% if subtitle %}<br><small>{{ subtitle }}</small>{% endif %}</caption>
  <thead>
    <tr>
      <th rowspan="2">TT</th><th rowspan="2">Tên đơn vị</th>
      <th rowspan="2">Chỉ tiêu {{ phases | length }} giai đoạn</th>
      {% for phase in phases %}<th colspan="3">{{ phase.name }}</th>{% endfor %}
      <th rowspan="2">Tổng kết quả {{ phases | length }} giai đoạn</th><th rowspan="2">%</th>
    </tr>
    <tr>{% for phase in phases %}<th>Chỉ tiêu</th><th>Kết quả</th><th>Tỷ lệ %</th>{% endfor %}</tr>
  </thead>
  <tbody>
  {% for row in rows %}
    <tr{% if row.css %} class="{{ row.css }}"{% endif %}>
      <td>{{ loop.index }}</td><td>{{ row.unit_name }}</td><td>{{ row.total.target | n }}</td>
      {% for cell in row.phases %}<td>{{ cell.target | n }}</td><td>{{ cell.result | n }}</td>
      <td>{{ cell.ratio | n }}</td>{% endfor %}
      <td>{{ row.total.result | n }}</td><td>{{ row.total.ratio | n }}</td>
    </tr>
  {% endfor %}
  </tbody>
  <tfoot>
    <tr>
      <th></th><th>{{ totals.unit_name }}</th><th>{{ totals.total.target | n }}</th>
      {% for cell in totals.phases %}<th>{{ cell.target | n }}</th><th>{{ cell.result | n }}</th>
      <th>{{ cell.ratio | n }}</th>{% endfor %}
      <th>{{ totals.total.result | n }}</th><th>{{ totals.total.ratio | n }}</th>
    </tr>
  </tfoot>
</table>
"""
_CSS_BY_FLAG = {EXCEEDED: "exceeded", BELOW_HALF: "below-half"}


def vn_number(value: int | None) -> str:
    """``2.152`` (Vietnamese grouping); blank for a missing figure."""
    return "" if value is None else f"{value:,}".replace(",", ".")


def _environment() -> Environment:
    env = Environment(
        loader=DictLoader({"rollup.html": TEMPLATE}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["n"] = vn_number
    return env


_ENV = _environment()


def rollup_html(
    rollup: ProgrammeRollup, *, title: str = "Biểu tổng hợp", subtitle: str = ""
) -> str:
    """An HTML ``<table>`` fragment; rows of flagged units carry a CSS class."""
    rows = [
        {"css": " ".join(sorted(_CSS_BY_FLAG[f] for f in row.flags)), **row.__dict__}
        for row in rollup.rows
    ]
    return _ENV.get_template("rollup.html").render(
        title=title,
        subtitle=subtitle,
        phases=rollup.programme.phases,
        rows=rows,
        totals=rollup.totals,
    )


_PAGE = """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>body{font-family:"Times New Roman",serif}table{border-collapse:collapse}
td,th{border:1px solid #444;padding:2px 6px}</style>
</head>
<body>
{{ body }}
</body>
</html>
"""
_PAGE_ENV = Environment(autoescape=True, undefined=StrictUndefined)


def html_document(title: str, fragment: str) -> str:
    """A fragment as a file a browser opens on its own: doctype, UTF-8 charset, Vietnamese."""
    return _PAGE_ENV.from_string(_PAGE).render(title=title, body=Markup(fragment))
