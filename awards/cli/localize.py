"""Typer's own words in Vietnamese: help headings, the help option, usage, errors, prompts.

Typer 0.29 carries its own copy of click (typer._click) whose messages are plain English
strings, not gettext ones, so they are replaced here once, before any command runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer import rich_utils
from typer._click import core, exceptions, formatting, termui
from typer.exceptions import TyperException

HELP_OPTION = "Hiện hướng dẫn này rồi thoát."
USAGE = "Cách dùng: "

_TITLES = {
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã hủy.",
    "RICH_HELP": "Xem [blue]'{command_path} {help_option}'[/] để biết cách dùng.",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEPRECATED_STRING": "(không còn dùng) ",
}

_KINDS = {"option": "tùy chọn", "argument": "đối số", "parameter": "tham số"}

# click's messages (English) and their Vietnamese; the first pattern that matches wins.
_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.S), vn)
    for p, vn in [
        (r"^Invalid value for (.+?): (.*)$", r"Giá trị không hợp lệ cho \1: \2"),
        (r"^Invalid value: (.*)$", r"Giá trị không hợp lệ: \1"),
        (r"^Missing (option|argument|parameter) (.+?)\.(.*)$", r"Thiếu {kind} \2.\3"),
        (r"^Missing parameter: (.*)$", r"Thiếu tham số: \1"),
        (r"^No such option: (.+?)(?: Did you mean (.+)\?)?$", r"Không có tùy chọn \1.{mean}"),
        (r"^No such command '(.+)'\.$", r"Không có lệnh '\1'."),
        (r"^Missing command\.$", "Thiếu lệnh."),
        (r"^Got unexpected extra argument\(s\) \((.*)\)$", r"Thừa đối số: \1"),
        (r"^(.+?) option requires an argument\.$", r"Tùy chọn \1 cần một giá trị."),
        (r"^'(.*)' is not a valid integer\.$", r"'\1' không phải là số nguyên."),
        (r"^'(.*)' is not a valid float\.$", r"'\1' không phải là số."),
        (r"^'(.*)' is not a valid boolean\.$", r"'\1' không phải là có/không."),
        (r"^'(.*)' is not one of (.*)\.$", r"'\1' không thuộc các giá trị \2."),
        (r"^'(.*)' is not (.*)\.$", r"'\1' không phải \2."),
        (r"^(File|Directory|Path) '(.*)' does not exist\.$", r"{path} '\2' không tồn tại."),
        (r"^(File|Directory|Path) '(.*)' is a directory\.$", r"{path} '\2' là một thư mục."),
        (r"^(File|Directory|Path) '(.*)' is a file\.$", r"{path} '\2' là một tệp."),
        (r"^(File|Directory|Path) '(.*)' is not readable\.$", r"Không đọc được {path} '\2'."),
    ]
]
_PATHS = {"File": "Tệp", "Directory": "Thư mục", "Path": "Đường dẫn"}


def translate(message: str) -> str:
    """click's English message in Vietnamese (unknown ones unchanged)."""
    for pattern, vn in _MESSAGES:
        found = pattern.match(message)
        if not found:
            continue
        groups = found.groups()
        text = found.expand(vn)
        kind = _KINDS.get(groups[0], "") if groups else ""
        mean = f" Có phải ý bạn là {groups[1]}?" if len(groups) > 1 and groups[1] else ""
        path = _PATHS.get(groups[0], "") if groups else ""
        return text.format(kind=kind, mean=mean, path=path) if "{" in vn else text
    return message


def _translated(method: Callable[..., str]) -> Callable[..., str]:
    def format_message(self: Any) -> str:
        return translate(method(self))

    format_message.__tdkt__ = True  # type: ignore[attr-defined]
    return format_message


def _help_option(method: Callable[..., Any]) -> Callable[..., Any]:
    def get_help_option(self: Any, ctx: Any) -> Any:
        option = method(self, ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    get_help_option.__tdkt__ = True  # type: ignore[attr-defined]
    return get_help_option


def _write_usage(method: Callable[..., None]) -> Callable[..., None]:
    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        method(self, prog, args, USAGE if prefix is None else prefix)

    write_usage.__tdkt__ = True  # type: ignore[attr-defined]
    return write_usage


def install() -> None:
    """Replace the English once (idempotent)."""
    for name, text in _TITLES.items():
        setattr(rich_utils, name, text)
    if getattr(core.Command.get_help_option, "__tdkt__", False):
        return
    core.Command.get_help_option = _help_option(core.Command.get_help_option)  # type: ignore[method-assign]
    formatting.HelpFormatter.write_usage = _write_usage(formatting.HelpFormatter.write_usage)  # type: ignore[method-assign]
    for cls in [TyperException, *vars(exceptions).values()]:
        if (
            isinstance(cls, type)
            and issubclass(cls, TyperException)
            and "format_message" in vars(cls)
        ):
            cls.format_message = _translated(cls.format_message)  # type: ignore[method-assign]
    _prompts()


def _prompts() -> None:
    """The confirmation prompt and its errors (termui's strings are inline)."""
    original = termui.prompt

    def prompt(text: str, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("confirmation_prompt") is True:
            kwargs["confirmation_prompt"] = "Nhập lại để xác nhận"
        return original(text, *args, **kwargs)

    termui.prompt = prompt
    echo = termui.echo

    def echo_vn(message: Any = None, *args: Any, **kwargs: Any) -> None:
        echo(_PROMPT_ERRORS.get(message, message), *args, **kwargs)

    termui.echo = echo_vn


_PROMPT_ERRORS = {
    "Error: The value you entered was invalid.": "Lỗi: giá trị vừa nhập không hợp lệ.",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: hãy trả lời y (có) hoặc n (không).",
}
