"""Reading registrations: the list of a round (per unit), and registered vs achieved per unit
and per title (the screen, the XLSX and the year check read the same lines)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from awards.model import Registration, Round
from awards.reports.registrations import RegistrationReport, TallyRow, registration_xlsx
from awards.repository import UnitOfWork, UnitOfWorkFactory
from awards.repository.registrations import key_of
from awards.services.registrations.register import OUTCOME_LABELS, STATUS_LABELS, outcome
from notifications.vn import vn_sort_key
from rules.council import percent
from rules.facts import NOMINEE_KIND_LABELS


@dataclass(frozen=True)
class RegistrationLine:
    id: int
    round_code: str
    unit_code: str
    unit_name: str
    award_code: str
    award_name: str
    kind_label: str
    nominee_code: str
    nominee_name: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    registered_on: date
    actor: str
    reason: str


def lines_in(
    uow: UnitOfWork, rounds: list[Round], unit_ids: Collection[int] | None = None
) -> list[RegistrationLine]:
    """The registrations of these rounds (of these registering units), with their outcome."""
    by_id = {r.id: r for r in rounds}
    rows = uow.registrations.of_rounds([r.id or 0 for r in rounds], unit_ids)
    if not rows:
        return []
    states: dict[tuple[int, tuple[str, str, int]], list[str]] = {}
    for year in {r.year for r in rounds}:
        keys = [_key(x) for x in rows if by_id[x.round_id].year == year]
        for key, seen in uow.registrations.dossier_states(year, keys).items():
            states[(year, key)] = seen
    awards = {code: a.name for code, a in uow.rounds.awards().items()}
    units = {x.unit_id for x in rows} | {x.nominee_unit_id for x in rows if x.nominee_unit_id}
    codes = uow.org.codes_by_id(units)
    names = uow.org.latest_names(units)
    people = {x.person_id for x in rows if x.person_id}
    persons = uow.registrations.person_labels(people)
    out = []
    for x in rows:
        rnd = by_id[x.round_id]
        found = outcome(x.status, states.get((rnd.year, _key(x)), []))
        if x.person_id:
            nominee_code, nominee_name = persons.get(x.person_id, ("", ""))
        else:
            u = x.nominee_unit_id or 0
            nominee_code, nominee_name = codes.get(u, ""), names.get(u, "")
        out.append(
            RegistrationLine(
                id=x.id or 0,
                round_code=rnd.code,
                unit_code=codes.get(x.unit_id, ""),
                unit_name=names.get(x.unit_id, ""),
                award_code=x.award_code,
                award_name=awards.get(x.award_code, x.award_code),
                kind_label=NOMINEE_KIND_LABELS[x.nominee_kind],
                nominee_code=nominee_code,
                nominee_name=nominee_name,
                status=x.status,
                status_label=STATUS_LABELS[x.status],
                outcome=found,
                outcome_label=OUTCOME_LABELS[found],
                registered_on=x.at.date(),
                actor=x.actor,
                reason=x.reason,
            )
        )
    # by unit, then award, then the nominee's given name (names are sorted by given name)
    out.sort(key=lambda r: (r.unit_name.casefold(), r.award_name, vn_sort_key(r.nominee_name)))
    return out


def _key(x: Registration) -> tuple[str, str, int]:
    return key_of(x.award_code, x.nominee_kind, x.person_id, x.nominee_unit_id)


def scope_ids(uow: UnitOfWork, level_code: str | None, on: date) -> set[int] | None:
    """The units of a level's subtree (None: every unit)."""
    if not level_code:
        return None
    return uow.org.descendant_ids(uow.org.require_id(level_code), on)


def list_registrations(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    *,
    unit_code: str | None = None,
    within: Collection[int] | None = None,
) -> list[RegistrationLine]:
    """A round's registrations; of a unit's subtree with `unit_code`, or of the units `within`."""
    with uow_factory(write=False) as uow:
        rnd = uow.round_admin.by_code(round_code)
        units = scope_ids(uow, unit_code, rnd.closes_on)
        if within is not None:
            units = set(within) if units is None else units & set(within)
        return lines_in(uow, [rnd], units)


def _tally(name: str, lines: list[RegistrationLine]) -> TallyRow:
    n = Counter(x.outcome for x in lines)
    registered = len(lines) - n["withdrawn"]
    rate = percent(Fraction(n["achieved"], registered)) if registered else "—"
    return TallyRow(
        name,
        registered,
        n["achieved"],
        n["not_achieved"],
        n["pending"],
        n["not_proposed"],
        n["withdrawn"],
        rate,
    )


def report(
    uow_factory: UnitOfWorkFactory,
    round_code: str,
    *,
    level_code: str | None = None,
    within: Collection[int] | None = None,
) -> RegistrationReport:
    """Registered vs achieved of a round, per registering unit and per title."""
    lines = list_registrations(uow_factory, round_code, unit_code=level_code, within=within)
    with uow_factory(write=False) as uow:
        rnd = uow.round_admin.by_code(round_code)
        level = uow.org.by_code(level_code, rnd.closes_on).name if level_code else "Mọi đơn vị"
    units: dict[str, list[RegistrationLine]] = {}
    titles: dict[str, list[RegistrationLine]] = {}
    for x in lines:
        units.setdefault(x.unit_name, []).append(x)
        titles.setdefault(x.award_name, []).append(x)
    return RegistrationReport(
        round_code=rnd.code,
        round_name=rnd.name,
        level_name=level,
        by_unit=tuple(
            _tally(k, v) for k, v in sorted(units.items(), key=lambda i: i[0].casefold())
        ),
        by_award=tuple(_tally(k, v) for k, v in sorted(titles.items())),
        total=_tally("Tổng cộng", lines),
    )


def report_xlsx(report_data: RegistrationReport) -> bytes:
    return registration_xlsx(report_data)
