"""Quyết định issued by a level (`uow.decisions`): the record, and what its danh sách lists."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from awards.errors import ConflictError, NotFoundError
from awards.model import Decision, Dossier, DossierHop, Round, Submission
from awards.repository.dossiers import next_number
from awards.repository.submissions import EntryRow, dossier_entries


class DecisionRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def entries(self, dossier_ids: Sequence[int]) -> dict[int, EntryRow]:
        return dossier_entries(self.session, dossier_ids)

    def incoming(self, dossier_ids: Sequence[int]) -> dict[int, Submission]:
        """The tờ trình each dossier came to its current level by (none for one submitted
        there directly by its unit)."""
        stmt = (
            select(col(DossierHop.dossier_id), Submission)
            .join(Dossier, col(Dossier.id) == col(DossierHop.dossier_id))
            .join(Submission, col(Submission.id) == col(DossierHop.submission_id))
            .where(
                col(DossierHop.dossier_id).in_(list(dossier_ids)),
                col(DossierHop.hop_no) == col(Dossier.hop_no),
            )
        )
        return {int(i): sub for i, sub in self.session.execute(stmt)}

    def next_in_round(self, round_code: str, year: int) -> int:
        """The round's running number of decisions (the code QĐ-<round>-<n>)."""
        return next_number(self.session, f"round:{round_code}", "decision", year)

    def add(self, decision: Decision) -> Decision:
        self.session.add(decision)
        try:
            self.session.flush()
        except IntegrityError as err:
            raise ConflictError(
                f"Đã có quyết định số {decision.document_no} của cấp này; không có gì được ghi. "
                "Báo quản trị kiểm tra sổ đăng ký văn bản rồi thử lại."
            ) from err
        return decision

    def listed(
        self, unit_ids: Sequence[int] | None, round_code: str | None = None
    ) -> list[tuple[Decision, str]]:
        """Decisions of these levels (None: every level), newest first, with the round's code."""
        stmt = select(Decision, col(Round.code)).join(
            Round, col(Round.id) == col(Decision.round_id)
        )
        if unit_ids is not None:
            stmt = stmt.where(col(Decision.level_unit_id).in_(list(unit_ids)))
        if round_code:
            stmt = stmt.where(col(Round.code) == round_code)
        stmt = stmt.order_by(col(Decision.issued_on).desc(), col(Decision.id).desc())
        return [(d, str(code)) for d, code in self.session.execute(stmt)]

    def by_code(self, code: str) -> Decision:
        found = self.session.scalars(select(Decision).where(col(Decision.code) == code)).first()
        if found is None:
            raise NotFoundError(
                f"Không có quyết định mã '{code}': xem danh sách bằng `tdkt decision list` "
                "hoặc màn hình Quyết định khen thưởng (/decisions)."
            )
        return found
