"""Load a policy pack from disk: every problem is collected, and a failing set is never returned.

Layout: ``<root>/<family>/policy*.yaml`` (one file per dated version: ``policy.yaml`` the latest,
earlier ones closed by ``effective_to`` the day before the next starts), ``allow/*.yaml`` and
``deny/*.yaml`` examples beside it, and a README.md for people; ``<root>/council.yaml`` holds the
council rule of awards whose policy has no ``council`` section.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rules.checks import CHECKS_BY_CODE
from rules.clusters import CLUSTERS_DIR
from rules.compiled import (
    CompiledCouncilDefault,
    CompiledPolicy,
    CompiledRequirement,
    PolicySet,
)
from rules.diagnostics import dotted, problems_from
from rules.errors import PolicySetError, Problem
from rules.examples import load_examples
from rules.expression import ExpressionError, allowed_summary, compile_expression
from rules.files import display, fingerprint, read_yaml
from rules.policy import CouncilDefault, Policy
from rules.prizes import PRIZES_FILE, load_prize_schedule
from rules.yaml_lines import Loc, line_of

DEFAULT_PACK = Path(__file__).parent / "policies"
COUNCIL_FILE = "council.yaml"


def load_policy_file(path: Path, family: str, problems: list[Problem]) -> CompiledPolicy | None:
    """Validate and compile one policy version; None (with problems recorded) if it fails."""
    read = read_yaml(path, problems)
    if read is None:
        return None
    data, lines = read
    file, before = display(path), len(problems)
    compiled = _compile_requirements(data.get("requirements"), file, lines, problems)
    try:
        spec = Policy.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, Policy, file, lines))
        return None
    if len(problems) > before or compiled is None:
        return None
    reqs = tuple(
        _bind(spec_req, found) for spec_req, found in zip(spec.requirements, compiled, strict=True)
    )
    start = line_of(lines, ("effective_from",))
    return CompiledPolicy(
        spec,
        reqs,
        family,
        file,
        fingerprint(data),
        start,
        line_of(lines, ("effective_to",)) if "effective_to" in data else start,
        fingerprint({k: v for k, v in data.items() if k != "effective_to"}),
    )


def _bind(spec: Any, found: Any) -> CompiledRequirement:
    if isinstance(found, tuple):
        check, params = found
        return CompiledRequirement.of_check(spec, check, params)
    return CompiledRequirement.of_expression(spec, found)


def _compile_requirements(
    raw: Any, file: str, lines: dict[Loc, int], problems: list[Problem]
) -> list[Any] | None:
    """Compile expressions and validate check params of raw requirement dicts."""
    if not isinstance(raw, list):
        return None  # the schema validation reports it
    out: list[Any] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            return None
        loc: Loc = ("requirements", i)
        if isinstance(item.get("expression"), str):
            out.append(_compile_expression(item["expression"], file, lines, loc, problems))
        elif isinstance(item.get("check"), str):
            out.append(_compile_check(item, file, lines, loc, problems))
        else:
            out.append(None)
    return None if any(x is None for x in out) else out


def _compile_expression(
    text: str, file: str, lines: dict[Loc, int], loc: Loc, problems: list[Problem]
) -> Any:
    try:
        return compile_expression(text)
    except ExpressionError as exc:
        where = (*loc, "expression")
        message = exc.located().removesuffix("\n" + allowed_summary())
        problems.append(
            Problem(file, line_of(lines, where), dotted(where), message, allowed_summary())
        )
        return None


def _compile_check(
    item: dict[str, Any], file: str, lines: dict[Loc, int], loc: Loc, problems: list[Problem]
) -> Any:
    check = CHECKS_BY_CODE.get(item["check"])
    if check is None:
        where = (*loc, "check")
        known = ", ".join(f"{c.code} ({c.name})" for c in CHECKS_BY_CODE.values())
        problems.append(
            Problem(
                file,
                line_of(lines, where),
                dotted(where),
                f"check '{item['check']}' không tồn tại",
                known,
            )
        )
        return None
    params = item.get("params") or {}
    try:
        return check, check.params.model_validate(params)
    except ValidationError as exc:
        problems.extend(problems_from(exc, check.params, file, lines, (*loc, "params")))
        return None


def _overlaps(policies: list[CompiledPolicy]) -> list[Problem]:
    """Versions of one id must follow each other day by day; two ids may not decide the same
    thing on the same day."""
    found = _history(policies)
    ordered = sorted(policies, key=lambda p: (p.spec.effective_from, p.key))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            end = a.spec.effective_to
            if a.spec.id == b.spec.id or end is not None and end < b.spec.effective_from:
                continue
            if _same_target(a, b):
                found.append(
                    Problem(
                        b.source,
                        b.line,
                        "effective_from",
                        f"chính sách '{a.spec.id}' và '{b.spec.id}' có hiệu lực chồng nhau "
                        f"({a.key} và {b.key})",
                        "mỗi ngày chỉ một chính sách cho một hình thức, cấp và đối tượng",
                    )
                )
    return found


def _history(policies: list[CompiledPolicy]) -> list[Problem]:
    """Dated versions of one id: each closed (effective_to) the day before the next starts,
    with a higher version number, so every day has exactly one version and history reads in
    order. The problem names the later version's file and line and the earlier one's."""
    found: list[Problem] = []
    by_id: dict[str, list[CompiledPolicy]] = {}
    for policy in policies:
        by_id.setdefault(policy.spec.id, []).append(policy)
    for versions in by_id.values():
        ordered = sorted(versions, key=lambda p: (p.spec.effective_from, p.key))
        for a, b in zip(ordered, ordered[1:], strict=False):
            problem = _succession(a, b)
            if problem is not None:
                found.append(problem)
    return found


def _succession(a: CompiledPolicy, b: CompiledPolicy) -> Problem | None:
    """What is wrong with ``b`` following ``a`` (same id), or None."""
    where = f"{a.key} ({a.source}:{a.end_line})" if a.end_line else f"{a.key} ({a.source})"
    start, end = b.spec.effective_from, a.spec.effective_to
    day_before = f"{start - timedelta(days=1):%Y-%m-%d}"
    if a.spec.version == b.spec.version:
        return Problem(
            b.source,
            b.line,
            "version",
            f"hai tệp cùng phiên bản {b.key} (tệp kia: {a.source})",
            "mỗi phiên bản một số version riêng",
        )
    if end is None or end >= start:
        return Problem(
            b.source,
            b.line,
            "effective_from",
            f"hai phiên bản có hiệu lực chồng nhau ({a.key} và {b.key}): {where} "
            + ("chưa có effective_to" if end is None else f"còn hiệu lực đến {end:%d/%m/%Y}"),
            f"effective_to: {day_before} ở {a.source} (ngày trước effective_from của {b.key})",
        )
    if end < start - timedelta(days=1):
        return Problem(
            b.source,
            b.line,
            "effective_from",
            f"khoảng trống giữa hai phiên bản: {where} hết hiệu lực {end:%d/%m/%Y}, {b.key} "
            f"bắt đầu {start:%d/%m/%Y}; các ngày giữa không có chính sách",
            f"effective_to: {day_before} ở {a.source}, hoặc effective_from của {b.key} "
            f"là ngày {end + timedelta(days=1):%Y-%m-%d}",
        )
    if _semver(b.spec.version) < _semver(a.spec.version):
        return Problem(
            b.source,
            b.line,
            "version",
            f"phiên bản {b.key} có hiệu lực sau {a.key} nhưng số version nhỏ hơn",
            f"version lớn hơn {a.spec.version}",
        )
    return None


def _semver(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


def _same_target(a: CompiledPolicy, b: CompiledPolicy) -> bool:
    x, y = a.spec.applies_to, b.spec.applies_to
    levels = not x.levels or not y.levels or bool(set(x.levels) & set(y.levels))
    return (
        bool(set(x.award_codes) & set(y.award_codes))
        and bool(set(x.nominee_kinds) & set(y.nominee_kinds))
        and levels
    )


def load_policy_set(path: str | Path = DEFAULT_PACK) -> PolicySet:
    """Load, validate and compile a whole pack; raises PolicySetError listing every problem."""
    root = Path(path)
    if not root.is_dir():
        raise PolicySetError(
            [Problem(display(root), None, "", "không tìm thấy thư mục chính sách")]
        )
    problems: list[Problem] = []
    policies: list[CompiledPolicy] = []
    for folder in sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and p.name != CLUSTERS_DIR
    ):
        files = sorted(folder.glob("policy*.yaml"))
        if not files:
            problems.append(Problem(display(folder), None, "", "thiếu tệp policy.yaml"))
        for file in files:
            policy = load_policy_file(file, folder.name, problems)
            if policy is not None:
                policies.append(policy)
    problems.extend(_overlaps(policies))
    examples = load_examples(root, policies, problems)
    council = load_council_default(root / COUNCIL_FILE, problems)
    prizes = load_prize_schedule(root / PRIZES_FILE, problems)
    if problems:
        raise PolicySetError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    return PolicySet(tuple(policies), tuple(examples), display(root), council, prizes)


def load_council_default(path: Path, problems: list[Problem]) -> CompiledCouncilDefault | None:
    """The pack's default council rule; an absent file means every policy must state its own."""
    if not path.exists():
        return None
    read = read_yaml(path, problems)
    if read is None:
        return None
    data, lines = read
    try:
        spec = CouncilDefault.model_validate(data)
    except ValidationError as exc:
        problems.extend(problems_from(exc, CouncilDefault, display(path), lines))
        return None
    return CompiledCouncilDefault(spec, display(path), fingerprint(data))
