"""Reading policy-pack files: short display paths, YAML with lines, content fingerprints."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from rules.errors import Problem
from rules.yaml_lines import Loc, YamlProblem, load_with_lines


def display(path: Path) -> str:
    """A short path for messages: relative to the working directory when inside it."""
    rel = os.path.relpath(path)
    return str(path) if rel.startswith("..") else rel


def read_yaml(path: Path, problems: list[Problem]) -> tuple[Any, dict[Loc, int]] | None:
    """Read and parse one YAML file, recording problems; None if it cannot be used."""
    file = display(path)
    try:
        text = path.read_text(encoding="utf-8")
        data, lines, duplicates = load_with_lines(text)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(file, None, "", f"không đọc được tệp: {exc}", "tệp UTF-8"))
        return None
    except YamlProblem as exc:
        problems.append(Problem(file, exc.line, "", exc.message, "YAML hợp lệ"))
        return None
    for line, key in duplicates:
        problems.append(Problem(file, line, key, "khóa bị lặp lại", "mỗi khóa chỉ một lần"))
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, "", "nội dung phải là một mapping", "id: …, version: …"))
        return None
    return (data, lines) if not duplicates else None


def fingerprint(data: Any) -> str:
    """Content hash of a policy file's data (formatting and comments do not count)."""
    canon = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return "sha256:" + hashlib.sha256(canon.encode()).hexdigest()
