"""The root `tdkt` group loads a command's module only when that command runs.

`tdkt --help` lists every command from the table below without importing SQLAlchemy, the
reports or the web stack (< 1 s instead of ~1.8 s); tests/unit/test_cli_startup.py checks the
table's short help against each command's own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class Entry:
    module: str  # awards.cli.<module>
    attr: str  # a typer.Typer (a group) or a function (one command)
    short_help: str  # the first line of its help, as `tdkt --help` lists it


COMMANDS: dict[str, Entry] = {
    "backup": Entry(
        "audit", "backup_cmd", "Sao lưu trực tuyến CSDL SQLite nhúng (ứng dụng vẫn chạy)."
    ),
    "restore": Entry(
        "audit",
        "restore_cmd",
        "Khôi phục CSDL SQLite nhúng từ bản sao lưu (dừng web và lịch chạy trước).",
    ),
    "template": Entry("imports_cmd", "template", "Ghi tệp mẫu để đơn vị điền và gửi lên."),
    "audit": Entry("audit", "app", "Nhật ký kiểm toán: kiểm tra chuỗi băm."),
    "db": Entry("db", "app", "Cơ sở dữ liệu: nâng cấp lược đồ."),
    "decision": Entry(
        "decision",
        "app",
        "Quyết định khen thưởng của cấp có thẩm quyền: xem trước, ban hành, tra cứu.",
    ),
    "council": Entry(
        "council", "app", "Hội đồng Thi đua – Khen thưởng: thành viên, phiên họp, biểu quyết."
    ),
    "demo": Entry("demo", "app", "Dữ liệu và kịch bản trình diễn (LĐLĐ tỉnh Lai Châu)."),
    "dossier": Entry("dossier", "app", "Hồ sơ đề nghị khen thưởng: xem và chuyển trạng thái."),
    "states": Entry("states_cmd", "app", "Vòng đời hồ sơ."),
    "rules": Entry(
        "rules", "app", "Chính sách xét khen thưởng: kiểm tra, chạy ví dụ, giải trình, mô phỏng."
    ),
    "round": Entry(
        "rounds", "app", "Đợt thi đua: mở đợt, xem, đổi hạn, gia hạn cho đơn vị, đóng đợt."
    ),
    "org": Entry(
        "org",
        "app",
        "Tổ chức: thành lập, đổi tên, chuyển, hợp nhất, giải thể đơn vị từ một ngày; "
        "nhập cả danh sách đơn vị từ tệp Excel/CSV.",
    ),
    "members": Entry(
        "members",
        "app",
        "Đoàn viên: thêm, cập nhật thông tin, chuyển sinh hoạt, xếp loại hàng loạt từ tệp.",
    ),
    "reminders": Entry("reminders", "app", "Nhắc việc: bản tin hằng ngày và thư đôn đốc quá hạn."),
    "deadlines": Entry("reminders", "deadlines_app", "Thời hạn xử lý hồ sơ."),
    "mail": Entry("mail", "app", "Hàng đợi thư: gửi, xem thư lỗi, gửi lại."),
    "users": Entry("users", "app", "Tài khoản và vai trò."),
    "prize": Entry("prizes", "prize_app", "Tiền thưởng theo quyết định khen thưởng."),
    "fund": Entry("prizes", "fund_app", "Quỹ thi đua, khen thưởng của từng cấp."),
    "year": Entry("year", "app", "Đối chiếu cả năm của một cấp."),
    "seats": Entry("seats", "app", "Phân bổ đại biểu điển hình tiên tiến của hội nghị."),
    "cluster": Entry("clusters", "app", "Cụm, khối thi đua: giao ước, chấm điểm, xếp hạng."),
    "registration": Entry(
        "registrations",
        "app",
        "Đăng ký thi đua đầu năm: đăng ký, nhập từ Excel, xem, rút, kết quả.",
    ),
    "serve": Entry("serve", "app", "Chạy ứng dụng web."),
    "report": Entry("report", "app", "Báo cáo: biểu tổng hợp chương trình, sơ kết, tổng kết."),
    "documents": Entry("report", "documents", "Văn bản trình khen thưởng."),
    "import": Entry("imports_cmd", "app", "Nhập dữ liệu đơn vị gửi lên (XLSX/CSV)."),
}

_COMPLETION_HELP = {
    "install_completion": "Cài gợi ý lệnh (tab) cho shell đang dùng.",
    "show_completion": "In đoạn gợi ý lệnh cho shell đang dùng, để chép hoặc tự cài.",
}


def load(name: str) -> Any:
    """The click command of one entry (imports its module)."""
    entry = COMMANDS[name]
    target = getattr(importlib.import_module(f"awards.cli.{entry.module}"), entry.attr)
    command: Any
    if isinstance(target, typer.Typer):
        command = typer.main.get_group(target)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name)(target)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            if self._listing:  # the help page needs the name and the short help only
                return TyperCommand(name=cmd_name, help=COMMANDS[cmd_name].short_help)
            self.commands[cmd_name] = load(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        for param in params:
            if param.name in _COMPLETION_HELP:
                param.help = _COMPLETION_HELP[param.name]  # type: ignore[attr-defined]
        return params
