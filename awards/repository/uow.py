"""Unit of work: a session on the writer engine, committed explicitly or rolled back."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Protocol, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session

from awards.db import writer
from awards.errors import ConflictError, ValidationError

# The repositories hung on the unit of work (uow.dossiers, uow.rounds, uow.councils …).
from awards.repository.accounts import AccountRepository
from awards.repository.appraisal_stage import AppraisalStageRepository
from awards.repository.audit import AuditRepository
from awards.repository.clusters import ClusterRepository
from awards.repository.council import CouncilRepository
from awards.repository.decisions import DecisionRepository
from awards.repository.dossiers import DossierRepository
from awards.repository.imports import ImportRepository
from awards.repository.integrity import IntegrityRepository
from awards.repository.listing import DossierListing
from awards.repository.org import OrgRepository
from awards.repository.org_admin import OrgAdminRepository
from awards.repository.outbox import OutboxRepository
from awards.repository.people import PeopleRepository
from awards.repository.prizes import PrizeRepository
from awards.repository.registers import RegisterRepository
from awards.repository.registrations import RegistrationRepository
from awards.repository.reminders import ReminderRepository
from awards.repository.reports import ReportRepository
from awards.repository.round_admin import RoundAdminRepository
from awards.repository.rounds import RoundRepository
from awards.repository.screens import ScreenRepository
from awards.repository.seats import SeatRepository
from awards.repository.submissions import SubmissionRepository


class UnitOfWork:
    """`with uow: ...; uow.commit()`: everything inside is one transaction."""

    session: Session
    # --- repo-b repositories ---
    councils: CouncilRepository
    outbox: OutboxRepository
    registers: RegisterRepository
    accounts: AccountRepository
    audit: AuditRepository
    reports: ReportRepository
    reminders: ReminderRepository
    # --- end repo-b repositories ---
    prizes: PrizeRepository
    integrity: IntegrityRepository
    seats: SeatRepository
    # --- repo-a repositories ---
    dossiers: DossierRepository
    rounds: RoundRepository
    org: OrgRepository
    people: PeopleRepository
    submissions: SubmissionRepository
    imports: ImportRepository
    listing: DossierListing
    screens: ScreenRepository
    # --- end repo-a repositories ---
    round_admin: RoundAdminRepository
    org_admin: OrgAdminRepository
    clusters: ClusterRepository
    registrations: RegistrationRepository
    decisions: DecisionRepository
    appraisal_stage: AppraisalStageRepository

    def __init__(self, engine: Engine, *, write: bool = True) -> None:
        self.engine = writer(engine) if write else engine
        self.committed = False
        self.commit_sent = False  # COMMIT went out: a lost connection then leaves it unknown

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self.engine, expire_on_commit=False)
        self.committed = False
        # --- repo-b repositories ---
        self.councils = CouncilRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.registers = RegisterRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.reports = ReportRepository(self.session)
        self.reminders = ReminderRepository(self.session)
        # --- end repo-b repositories ---
        self.prizes = PrizeRepository(self.session)
        self.integrity = IntegrityRepository(self.session)
        self.seats = SeatRepository(self.session)
        # --- repo-a repositories ---
        self.dossiers = DossierRepository(self.session)
        self.rounds = RoundRepository(self.session)
        self.org = OrgRepository(self.session)
        self.people = PeopleRepository(self.session)
        self.submissions = SubmissionRepository(self.session)
        self.imports = ImportRepository(self.session)
        self.listing = DossierListing(self.session)
        self.screens = ScreenRepository(self.session)
        # --- end repo-a repositories ---
        self.round_admin = RoundAdminRepository(self.session)
        self.org_admin = OrgAdminRepository(self.session)
        self.clusters = ClusterRepository(self.session)
        self.registrations = RegistrationRepository(self.session)
        self.decisions = DecisionRepository(self.session)
        self.appraisal_stage = AppraisalStageRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None and not self.committed:
                # A read-only use: keep what was loaded usable after the session closes.
                self.session.expunge_all()
            if not self.committed:
                self.session.rollback()
        finally:
            self.session.close()

    def commit(self) -> None:
        self.commit_sent = True
        try:
            self.session.commit()
        except IntegrityError as err:
            self.session.rollback()
            raise ValidationError(_integrity_message(err)) from err
        except OperationalError as err:
            self.session.rollback()
            if "locked" in str(err) or "could not serialize" in str(err):
                raise ConflictError(
                    "CSDL đang bận do một thao tác khác; hãy thử lại sau giây lát."
                ) from err
            raise
        self.committed = True

    def rollback(self) -> None:
        self.session.rollback()

    def execute(self, statement: Any, params: Any = None) -> Any:
        return self.session.execute(statement, params)


def _integrity_message(err: IntegrityError) -> str:
    detail = str(err.orig).splitlines()[0] if err.orig else str(err)
    return f"Dữ liệu vi phạm ràng buộc của CSDL ({detail}); không có gì được ghi."


T = TypeVar("T")


def once_more_on_disconnect(
    uow_factory: UnitOfWorkFactory, work: Callable[[UnitOfWork], T], *, write: bool = True
) -> T:
    """`work` in one unit of work (it commits itself), run a second time when the database
    connection turned out dead before COMMIT was sent: nothing was written, the pool has been
    invalidated by then (SQLAlchemy does it on a disconnect), so the second run gets a fresh
    connection. This replaces the pool's pre-ping (one round trip per checkout). A failure
    during COMMIT is not retried: whether it was written is unknown."""
    for attempt in (1, 2):
        uow = uow_factory(write=write)
        try:
            with uow:
                return work(uow)
        except DBAPIError as err:
            if attempt == 2 or not err.connection_invalidated or uow.commit_sent:
                raise
    raise AssertionError("unreachable")


class UnitOfWorkFactory(Protocol):
    """`app.uow()` for a writing transaction, `app.uow(write=False)` for a read-only one."""

    def __call__(self, *, write: bool = True) -> UnitOfWork: ...


def session_factory(engine: Engine) -> UnitOfWorkFactory:
    def make(*, write: bool = True) -> UnitOfWork:
        # Readers begin a plain (deferred) transaction so they never queue behind writers.
        return UnitOfWork(engine, write=write)

    return make
