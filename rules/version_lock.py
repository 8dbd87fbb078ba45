"""Version bump guard: a policy's content may not change without a new version.

``rules/policies/versions.lock`` records the content fingerprint of every released policy
id@version. A policy whose content no longer matches its recorded fingerprint was edited without
a version bump; a new version must be added to the lock on purpose (``update_version_lock``).

The fingerprint leaves out ``effective_to`` and nothing else: closing a version the day before
its successor starts is how history is kept (v1 stays in its file beside v2), and it changes no
decision v1 made. The closing date cannot drift afterwards: the loader requires it to be exactly
the day before the next version's ``effective_from``, which is locked with that version.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from rules.compiled import PolicySet

LOCK_NAME = "versions.lock"
_HEADER = (
    "# id@version: fingerprint of policy*.yaml content (without effective_to). Do not edit;\n"
    "# see rules/version_lock.py\n"
)


def fingerprints(policy_set: PolicySet) -> dict[str, str]:
    """id@version -> content fingerprint of every policy in the set."""
    found = {p.key: p.locked for p in policy_set.policies}
    default = policy_set.council_default
    if default is not None:
        found[default.key] = default.fingerprint
    if policy_set.prizes is not None:
        found[policy_set.prizes.key] = policy_set.prizes.fingerprint
    return found


def read_lock(path: Path) -> dict[str, str]:
    """The recorded fingerprints (empty if the lock file does not exist yet)."""
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def check_version_lock(policy_set: PolicySet, lock: dict[str, str]) -> list[str]:
    """Vietnamese problems: content changed without a bump, or a version not recorded yet."""
    problems = []
    sources = {p.key: p.source for p in policy_set.policies}
    if policy_set.council_default is not None:
        sources[policy_set.council_default.key] = policy_set.council_default.source
    if policy_set.prizes is not None:
        sources[policy_set.prizes.key] = policy_set.prizes.source
    for key, found in sorted(fingerprints(policy_set).items()):
        recorded = lock.get(key)
        if recorded is None:
            problems.append(f"{sources[key]}: {key} chưa được ghi vào {LOCK_NAME} (phiên bản mới?)")
        elif recorded != found:
            problems.append(
                f"{sources[key]}: nội dung {key} đã thay đổi nhưng chưa tăng version "
                "(sửa ngưỡng/yêu cầu: tăng major; thêm tham số: minor; sửa lời văn: patch). "
                "Để giữ lịch sử, để nguyên bản cũ (chỉ thêm effective_to) và thêm bản mới "
                "trong tệp policy*.yaml khác"
            )
    return problems


def update_version_lock(policy_set: PolicySet, path: Path) -> list[str]:
    """Record new versions; refuses (returns the problems) if a recorded version changed."""
    lock = read_lock(path)
    changed = [p for p in check_version_lock(policy_set, lock) if "chưa tăng version" in p]
    if changed:
        return changed
    lock.update(fingerprints(policy_set))
    body = yaml.safe_dump(dict(sorted(lock.items())), allow_unicode=True, sort_keys=False)
    path.write_text(_HEADER + body, encoding="utf-8")
    return []
