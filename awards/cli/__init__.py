"""The `tdkt` command (Typer). Thin: parse, call a service, print; errors become messages."""

from __future__ import annotations

import sys

import typer

from awards.cli import audit as audit_cmd
from awards.cli import clusters as clusters_cmd
from awards.cli import council as council_cmd
from awards.cli import db as db_cmd
from awards.cli import decision as decision_cmd
from awards.cli import demo as demo_cmd
from awards.cli import dossier as dossier_cmd
from awards.cli import imports_cmd, states_cmd
from awards.cli import mail as mail_cmd
from awards.cli import members as members_cmd
from awards.cli import org as org_cmd
from awards.cli import prizes as prizes_cmd
from awards.cli import registrations as registrations_cmd
from awards.cli import reminders as reminders_cmd
from awards.cli import report as report_cmd
from awards.cli import rounds as rounds_cmd
from awards.cli import rules as rules_cmd
from awards.cli import seats as seats_cmd
from awards.cli import serve as serve_cmd
from awards.cli import users as users_cmd
from awards.cli import year as year_cmd
from awards.errors import AwardsError

app = typer.Typer(
    help="tdkt: quy trình hồ sơ khen thưởng của tổ chức Công đoàn.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(audit_cmd.app, name="audit")
app.command("backup")(audit_cmd.backup_cmd)
app.command("restore")(audit_cmd.restore_cmd)
app.add_typer(db_cmd.app, name="db")
app.add_typer(council_cmd.app, name="council")
app.add_typer(decision_cmd.app, name="decision")
app.add_typer(demo_cmd.app, name="demo")
app.add_typer(dossier_cmd.app, name="dossier")
app.add_typer(states_cmd.app, name="states")
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(rounds_cmd.app, name="round")
app.add_typer(org_cmd.app, name="org")
app.add_typer(members_cmd.app, name="members")
app.add_typer(reminders_cmd.app, name="reminders")
app.add_typer(reminders_cmd.deadlines_app, name="deadlines")
app.add_typer(mail_cmd.app, name="mail")
app.add_typer(users_cmd.app, name="users")
app.add_typer(prizes_cmd.prize_app, name="prize")
app.add_typer(prizes_cmd.fund_app, name="fund")
app.add_typer(year_cmd.app, name="year")
app.add_typer(seats_cmd.app, name="seats")
app.add_typer(clusters_cmd.app, name="cluster")
app.add_typer(registrations_cmd.app, name="registration")
app.add_typer(serve_cmd.app, name="serve")
app.add_typer(report_cmd.app, name="report")
app.add_typer(report_cmd.documents, name="documents")
app.add_typer(imports_cmd.app, name="import")
app.command("template")(imports_cmd.template)


def main() -> None:
    try:
        app()
    except AwardsError as err:
        typer.secho(f"Lỗi: {err}", fg=typer.colors.RED, err=True)
        sys.exit(1)
