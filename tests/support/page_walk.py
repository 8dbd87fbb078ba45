"""Walk every page a signed-in user can reach by links and read its visible text (issue 20):
what a person reads must carry labels, never internal codes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from fastapi.testclient import TestClient

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # enum values: hoan_thanh_tot, to_trinh, ca_nhan…
UNIT_CODE = re.compile(r"\bCS\d{5}\b")  # generated CĐCS codes, fine only in a code column
ENGLISH_STATES = re.compile(r"\b(?:open|closed|draft|pending)\b")
SKIP = re.compile(r"(\.(docx|xlsx|csv|png|pdf)(\?|$))|/attachments/|/logout|/api/|minutes")
# <code>, .code cells and text boxes hold what users type; scripts and styles are not read
SILENT = {"script", "style", "code", "textarea"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"] or "")
        classes = (a.get("class") or "").split()
        # inside a hidden element, count its nested same-name tags to find where it ends
        if tag in SILENT or "code" in classes or (self._hidden and tag == self._hidden[-1]):
            self._hidden.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> tuple[str, list[str]]:
    """The text a person sees (less code cells) and the page's links."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.links


def _shape(url: str) -> str:
    """Pages of one kind (every dossier, every page of a list) share a shape."""
    parts = urlsplit(url)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "#", parts.path) + "?" + "&".join(keys)


@dataclass
class Walked:
    pages: list[str] = field(default_factory=list)
    leaks: list[tuple[str, str, str]] = field(default_factory=list)  # (url, code, context)
    failures: list[tuple[str, int]] = field(default_factory=list)


def walk(
    client: TestClient, award_codes: set[str], *, per_shape: int = 6, limit: int = 150
) -> Walked:
    """Breadth-first over the links of the site from the inbox; checks every HTML page."""
    award = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, award_codes))) + r")\b")
    seen, shapes, out = {"/"}, Counter[str](), Walked()
    queue = ["/"]
    while queue and len(out.pages) < limit:
        url = queue.pop(0)
        r = client.get(url)
        if r.status_code >= 500 or r.status_code in (400, 405):
            out.failures.append((url, r.status_code))
            continue
        if "text/html" not in r.headers.get("content-type", ""):
            continue
        out.pages.append(url)
        text, links = visible(r.text)
        for pattern in (SNAKE, UNIT_CODE, ENGLISH_STATES, award):
            for m in pattern.finditer(text):
                out.leaks.append((url, m.group(0), text[max(0, m.start() - 40) : m.end() + 20]))
        for href in links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc not in ("", "testserver") or SKIP.search(target):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local in seen or shapes[_shape(local)] >= per_shape:
                continue
            seen.add(local)
            shapes[_shape(local)] += 1
            queue.append(local)
    return out
