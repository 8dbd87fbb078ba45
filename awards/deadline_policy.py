"""Deadlines of waiting states, from policy data (awards/data/deadlines.yaml) and the calendar.

Every limit is a policy parameter in working days with its legal basis and status, never a
code constant. A move that gives no explicit deadline gets the default of the state it leads
to; the start day and the number of working days are stored with the deadline so that
`awards.services.lifecycle.deadlines.recompute_open_deadlines` can move every open deadline when the
calendar changes (a holiday announced late), without touching explicit ones.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from awards.data import DATA_DIR
from awards.errors import ConfigError
from awards.workdays import WorkCalendar
from states import DossierState, Trigger

DEFAULT_DEADLINES_FILE = DATA_DIR / "deadlines.yaml"
STATUSES = ("verified", "old_law", "local")


@dataclass(frozen=True)
class Limit:
    state: DossierState
    what: str
    days: int | None = None
    by_level: Mapping[int, int] | None = None
    carry: bool = False
    legal_basis: str = ""
    status: str = "local"

    def days_at(self, level: int | None) -> int | None:
        if self.by_level and level is not None and level in self.by_level:
            return self.by_level[level]
        return self.days


@dataclass(frozen=True)
class Deadline:
    """A deadline and how it was computed (from, days); explicit ones have no basis."""

    due_on: date | None
    due_from: date | None = None
    due_days: int | None = None


NONE = Deadline(None)


@dataclass(frozen=True)
class DeadlineRules:
    version: str
    limits: Mapping[DossierState, Limit]
    soon: int = 5
    urgent: int = 2
    notify_within: int = 5

    @property
    def thresholds(self) -> dict[str, int]:
        return {"soon": self.soon, "urgent": self.urgent}

    @classmethod
    def from_yaml(cls, path: Path | str = DEFAULT_DEADLINES_FILE) -> DeadlineRules:
        source = str(path)
        try:
            raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"Không đọc được tệp thời hạn {source}: {exc}") from exc
        return cls.from_dict(raw, source)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any], source: str = "<thời hạn>") -> DeadlineRules:
        limits = {}
        for name, entry in (raw.get("limits") or {}).items():
            limit = _limit(name, entry or {}, source)
            limits[limit.state] = limit
        rem = raw.get("reminders") or {}
        soon, urgent = int(rem.get("soon", 5)), int(rem.get("urgent", 2))
        if not 0 < urgent <= soon:
            raise ConfigError(
                f"{source}: reminders cần 0 < urgent ({urgent}) <= soon ({soon}); sửa lại ngưỡng."
            )
        notify = int(rem.get("notify_within", soon))
        return cls(str(raw.get("version", "")), limits, soon, urgent, notify)

    def limit(self, state: DossierState) -> Limit | None:
        return self.limits.get(state)


def _limit(name: str, entry: Mapping[str, Any], source: str) -> Limit:
    where = f"{source}: limits.{name}"
    try:
        state = DossierState(name)
    except ValueError:
        known = ", ".join(s.value for s in DossierState)
        raise ConfigError(
            f"{where}: không có trạng thái '{name}'; dùng một trong: {known}"
        ) from None
    status = str(entry.get("status", ""))
    if status not in STATUSES:
        raise ConfigError(f"{where}: status phải là một trong {', '.join(STATUSES)}")
    if not str(entry.get("legal_basis", "")).strip():
        raise ConfigError(f"{where}: thiếu legal_basis (căn cứ của thời hạn)")
    carry = bool(entry.get("carry", False))
    days = entry.get("days")
    by_level = {int(k): int(v) for k, v in (entry.get("by_level") or {}).items()}
    if not carry and not isinstance(days, int):
        raise ConfigError(f"{where}: cần 'days' (số ngày làm việc) hoặc 'carry: true'")
    if any(n < 0 for n in [*(by_level.values()), days or 0]):
        raise ConfigError(f"{where}: số ngày làm việc không được âm")
    return Limit(
        state,
        str(entry.get("what", name)),
        days if isinstance(days, int) else None,
        by_level or None,
        carry,
        str(entry["legal_basis"]).strip(),
        status,
    )


def default_deadline(
    rules: DeadlineRules,
    calendar: WorkCalendar,
    *,
    dest: DossierState,
    trigger: Trigger,
    today: date,
    level: int | None,
    current: Deadline,
) -> Deadline:
    """The deadline a move to `dest` gets when the caller gives none."""
    limit = rules.limit(dest)
    if limit is None:
        return NONE
    if limit.carry:
        if current.due_on is not None and trigger is not Trigger.resume:
            return current
        limit = rules.limit(DossierState.received) or limit  # resumed appraisal: a fresh limit
    days = limit.days_at(level)
    if days is None:
        return NONE
    return Deadline(calendar.add_working_days(today, days), today, days)


@functools.cache
def default_rules() -> DeadlineRules:
    """The rules of awards/data/deadlines.yaml, loaded once per process."""
    return DeadlineRules.from_yaml(DEFAULT_DEADLINES_FILE)
