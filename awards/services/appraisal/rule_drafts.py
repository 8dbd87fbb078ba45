"""The rule authors' screens: policy families in force, their examples, and drafts simulated.

A draft is one family's policy.yaml (its latest version) pasted in a form. It is loaded in a
throw-away copy of the pack in force in place of that file, the family's earlier dated versions
kept (so a past round is still judged by the version of its date) and its allow/deny examples
left out (a draft may rename requirements),
so a malformed draft only yields the loader's problems, with their lines, and the rules in force
are never replaced. A valid draft replays a round (awards.services.appraisal.simulation) for its
flips.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from awards.errors import NotFoundError, PermissionDenied, ValidationError
from awards.permissions import Action
from awards.repository import UnitOfWorkFactory
from awards.services.accounts.access import Principal, authorize
from awards.services.appraisal.simulation import RoundSimulation, simulate_round
from rules import (
    DEFAULT_PACK,
    ExampleResult,
    PolicySet,
    PolicySetError,
    load_policy_set,
    run_examples,
)
from rules.history import VersionEntry, family_history
from rules.version_lock import LOCK_NAME, read_lock

MAX_DRAFT = 200_000  # characters; a policy file is a few kilobytes


@dataclass(frozen=True)
class Version:
    version: str
    title: str
    effective_from: date
    effective_to: date | None
    requirements: int


@dataclass(frozen=True)
class Family:
    name: str
    versions: list[Version]
    examples: int


class DraftInvalid(ValidationError):
    """A draft the loader refused: every problem, located by line in the draft."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"Bản dự thảo có {len(problems)} lỗi, không dùng được (bộ đang áp dụng giữ nguyên): "
            + "; ".join(problems[:10])
        )
        self.problems = problems


def require_author(principal: Principal) -> None:
    if principal.reach(Action.author_rules) == set():
        raise PermissionDenied(
            f"Tài khoản {principal.username} không có quyền {Action.author_rules.label}: "
            "cần vai trò Người soạn quy tắc."
        )


def families(pack: Path = DEFAULT_PACK) -> list[Family]:
    loaded = load_policy_set(pack)
    found: dict[str, list[Version]] = {}
    for p in loaded.policies:
        spec = p.spec
        found.setdefault(p.family, []).append(
            Version(
                spec.version,
                spec.title,
                spec.effective_from,
                spec.effective_to,
                len(spec.requirements),
            )
        )
    counts = {f: sum(e.family == f for e in loaded.examples) for f in found}
    return [Family(name, versions, counts[name]) for name, versions in sorted(found.items())]


def _family_dir(family: str, pack: Path) -> Path:
    names = {p.name for p in pack.iterdir() if (p / "policy.yaml").is_file()}
    if family not in names:  # only names of the pack: never a path from the request
        raise NotFoundError(f"Không có nhóm chính sách '{family}'; chọn trong danh sách.")
    return pack / family


def policy_text(family: str, pack: Path = DEFAULT_PACK) -> str:
    return (_family_dir(family, pack) / "policy.yaml").read_text(encoding="utf-8")


def family_examples(family: str, pack: Path = DEFAULT_PACK) -> list[ExampleResult]:
    _family_dir(family, pack)
    loaded = load_policy_set(pack)
    results = run_examples(loaded)
    return [r for e, r in zip(loaded.examples, results, strict=True) if e.family == family]


def policy_history(family: str, pack: Path = DEFAULT_PACK) -> list[VersionEntry]:
    """The family's dated versions, oldest first, with dates, legal bases, examples and lock."""
    _family_dir(family, pack)
    return family_history(load_policy_set(pack), family, read_lock(pack / LOCK_NAME))


def load_draft(family: str, text: str, pack: Path = DEFAULT_PACK) -> PolicySet:
    """The pack in force with this family's policy replaced by the draft; DraftInvalid if not."""
    if len(text) > MAX_DRAFT:
        raise DraftInvalid([f"dự thảo dài {len(text)} ký tự, tối đa {MAX_DRAFT}"])
    _family_dir(family, pack)
    with tempfile.TemporaryDirectory(prefix="tdkt-draft-") as tmp:
        root = Path(tmp) / "pack"
        shutil.copytree(pack, root)
        folder = root / family
        for kind in ("allow", "deny"):
            shutil.rmtree(folder / kind, ignore_errors=True)
        draft = folder / "policy.yaml"
        draft.write_text(text, encoding="utf-8")
        try:
            return load_policy_set(root)
        except PolicySetError as err:
            raise DraftInvalid([_where(p, draft) for p in err.problems]) from None


def _where(problem: object, draft: Path) -> str:
    text = str(problem)
    return text.replace(str(draft), "dự thảo").replace(str(draft.parent.parent), "bộ")


def simulate_draft_as(
    uow_factory: UnitOfWorkFactory,
    principal: Principal,
    round_code: str,
    family: str,
    text: str,
    *,
    pack: Path,
    current: PolicySet,
) -> RoundSimulation:
    """Replay a round under the draft; the grant is checked on the round's organising unit.

    ``pack`` is the folder of the set in force (App.policies_path), ``current`` that set loaded.
    """
    with uow_factory(write=False) as uow:
        organiser = uow.rounds.by_code(round_code).organiser_unit_id
    authorize(principal, Action.author_rules, [organiser], f"cho đợt {round_code}")
    draft = load_draft(family, text, pack)
    return simulate_round(uow_factory, round_code, draft, current, visible(principal))


def visible(principal: Principal) -> set[int] | None:
    """The units whose dossiers a rule author's simulation shows: where they author rules or
    may view dossiers (None: everywhere)."""
    reaches = [principal.reach(Action.author_rules), principal.reach(Action.view)]
    if any(r is None for r in reaches):
        return None
    return set().union(*(r for r in reaches if r is not None))
