"""Registry of engineer-written checks: one module per check, listed explicitly."""

from __future__ import annotations

from rules.checks import (
    td01_task_rating,
    td02_consecutive_titles,
    td03_no_discipline,
    td04_union_service_years,
    td05_once_per_person,
    td06_collective_members,
    td07_creative_value,
    td08_direct_production,
    td09_registered,
)
from rules.checks.base import Check, CheckParams, CheckResult

__all__ = ["CHECKS", "CHECKS_BY_CODE", "Check", "CheckParams", "CheckResult"]

CHECKS: list[Check] = [
    Check.from_module(td01_task_rating),
    Check.from_module(td02_consecutive_titles),
    Check.from_module(td03_no_discipline),
    Check.from_module(td04_union_service_years),
    Check.from_module(td05_once_per_person),
    Check.from_module(td06_collective_members),
    Check.from_module(td07_creative_value),
    Check.from_module(td08_direct_production),
    Check.from_module(td09_registered),
]
CHECKS_BY_CODE: dict[str, Check] = {check.code: check for check in CHECKS}
