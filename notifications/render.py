"""Render an e-mail (subject, plain text, HTML) from a template name and a plain dict.

Templates live in `notifications/templates/` as ``<name>.subject.j2``, ``<name>.txt.j2``
and ``<name>.html.j2``; each documents its context at the top. One Environment is
shared: `StrictUndefined` turns a missing variable into a `RenderError` instead of a
blank in someone's mailbox, and only ``.html.j2`` files are autoescaped (a plain-text
body must not show ``&lt;``).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from notifications.errors import RenderError
from notifications.vn import short_date, vn_date

__all__ = [
    "TEMPLATES",
    "TONES",
    "RenderedMessage",
    "environment",
    "render",
    "render_subject",
    "tone_groups",
]

TEMPLATES: tuple[str, ...] = (
    "dossier_returned",
    "dossier_received",
    "dossier_approved",
    "dossier_decided",
    "dossier_escalated",
    "dossier_not_awarded",
    "reminder_digest",
    "overdue_notice",
    "overdue_digest",
    "session_invitation",
    "report_ready",
    "round_extended",
)
_PARTS = ("subject", "txt", "html")

# Tones of a deadline, most urgent first. Where "urgent" and "soon" start is the
# caller's choice (context key `tone_thresholds`), never a constant in a template.
TONES: tuple[str, ...] = ("overdue", "today", "urgent", "soon", "later")


@dataclass(frozen=True)
class RenderedMessage:
    """A rendered e-mail: a one-line subject, a plain-text body and an HTML body."""

    subject: str
    text: str
    html: str


def tone_of(days_left: int, thresholds: Mapping[str, int]) -> str:
    """Tone of a deadline `days_left` working days away (negative: overdue)."""
    if days_left < 0:
        return "overdue"
    if days_left == 0:
        return "today"
    if days_left <= thresholds["urgent"]:
        return "urgent"
    if days_left <= thresholds["soon"]:
        return "soon"
    return "later"


def tone_groups(
    items: Sequence[Mapping[str, Any]], thresholds: Mapping[str, int]
) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """Group items by the tone of their ``working_days_left``, most urgent group first.

    The caller's order is kept inside each group; empty groups are left out.
    """
    if not {"urgent", "soon"} <= thresholds.keys() or thresholds["urgent"] > thresholds["soon"]:
        raise RenderError(
            f"tone_thresholds must be {{'urgent': n, 'soon': m}} with n <= m, got {thresholds!r}"
        )
    groups: dict[str, list[Mapping[str, Any]]] = {tone: [] for tone in TONES}
    for item in items:
        groups[tone_of(int(item["working_days_left"]), thresholds)].append(item)
    return [(tone, members) for tone, members in groups.items() if members]


@functools.cache
def environment() -> jinja2.Environment:
    """The one shared Environment (built on first use, then cached)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("notifications", "templates"),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html.j2",), default_for_string=False, default=False
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # Templates ship with the package: no os.stat per render to check for edits (the bulk
        # moves render thousands of notices; the checks cost ~10% of a move).
        auto_reload=False,
    )
    env.filters["vn_date"] = vn_date
    env.filters["short_date"] = short_date
    env.filters["tone_groups"] = tone_groups
    return env


def _one_line(subject: str, template: str) -> str:
    stripped = subject.strip()
    if len(stripped.splitlines()) > 1:
        raise RenderError(
            f"Subject of {template!r} spans several lines ({stripped!r}): a subject must be "
            "one line; remove line breaks from the context values it uses"
        )
    return " ".join(stripped.split())


def _render_part(template: str, part: str, context: Mapping[str, Any]) -> str:
    name = f"{template}.{part}.j2"
    try:
        return environment().get_template(name).render(context)
    except jinja2.UndefinedError as exc:
        raise RenderError(f"Template {name!r} needs a context value: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise RenderError(f"Template file {name!r} is missing") from exc


def _known(template: str) -> None:
    if template not in TEMPLATES:
        raise RenderError(f"Unknown template {template!r}; known: {', '.join(TEMPLATES)}")


def render(template: str, context: Mapping[str, Any]) -> RenderedMessage:
    """Render the three parts of `template` with `context` (see the template's header)."""
    _known(template)
    subject, text, html = (_render_part(template, part, context) for part in _PARTS)
    return RenderedMessage(subject=_one_line(subject, template), text=text + "\n", html=html)


def render_subject(template: str, context: Mapping[str, Any]) -> str:
    """Only the subject line, as `render` makes it (a message stored as data shows it early)."""
    _known(template)
    return _one_line(_render_part(template, "subject", context), template)
