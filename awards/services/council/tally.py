"""The biên bản kiểm phiếu of a session's secret ballots, and the Ban kiểm phiếu that signs it.

Written when the session closes, beside the biên bản họp it is attached to (no number of its
own): who counted, for each secret-ballot group the ballots issued (one to each member present
in person or by a substitute, and to each absent one giving a written opinion), collected, valid
and invalid, and each nominee's tally with the
share of the rule's denominator. A secret ballot stores who took part and the counters only
(council_ballot), so nothing here can say how a member voted. The electronic ballot cannot be
spoiled: a collected ballot is a valid one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from awards.errors import ConflictError, NotFoundError, ValidationError
from awards.fields import control_problem
from awards.model import CouncilAgendaItem
from awards.reports.documents import (
    Block,
    BodyHeading,
    BodyTable,
    BodyText,
    Issuer,
    Nd30Document,
    Signature,
)
from awards.repository import UnitOfWorkFactory
from awards.repository.council import CouncilRepository
from awards.services.council.minutes import COUNCIL_TITLE, OUTCOME_LABEL, MinutesData, MinutesItem
from awards.services.council.minutes_data import minutes_data
from awards.services.lifecycle.plan import Actor
from notifications.vn import short_date, vn_date
from rules.council import CouncilRule, Tally, denominator_of, percent

COLUMNS = ("STT", "Cá nhân, tập thể", "Đơn vị", "Đồng ý", "Không đồng ý", "Tỷ lệ", "Kết quả")
WIDTHS = (12.0, 40.0, 44.0, 16.0, 18.0, 20.0, 25.0)
MAX_TELLERS = 5
NAME_MAX = 120


@dataclass(frozen=True)
class TallyLine:
    nominee: str
    unit: str
    yes: int
    no: int
    share: str  # "88,89%" of the rule's denominator
    outcome: str


@dataclass(frozen=True)
class TallyGroup:
    award_name: str
    rule_text: str
    issued: int
    collected: int
    lines: tuple[TallyLine, ...]

    @property
    def valid(self) -> int:
        return self.collected  # an electronic ballot cannot be spoiled

    @property
    def invalid(self) -> int:
        return self.collected - self.valid


@dataclass(frozen=True)
class TallyData:
    minutes: MinutesData
    minutes_no: str  # "03/BB-HĐTĐKT": the biên bản họp it is attached to
    tellers: tuple[str, ...]  # Trưởng ban first; empty: the council's secretary counted
    groups: tuple[TallyGroup, ...]


def tally_data(
    councils: CouncilRepository,
    sess_code: str,
    number: int,
    minutes_no: str,
    ended_at: datetime,
    minutes: MinutesData | None = None,
) -> TallyData | None:
    """The secret-ballot groups of a session, or None when every vote was open. ``minutes``:
    the biên bản's data when the caller has read it already (for ``number`` and ``ended_at``)."""
    sess = councils.session_by_code(sess_code)
    assert sess.id is not None
    minutes = minutes or minutes_data(councils, sess, number, ended_at=ended_at)
    items = councils.items_of(sess.id, eligibility=False)
    pairs = [(i, m) for i, m in zip(items, minutes.items, strict=True) if secret_item(i)]
    if not pairs:
        return None
    taking = councils.participants([i.id or 0 for i, _ in pairs])
    attending = sum(1 for m in minutes.members if m.presence in ("present", "substitute"))
    written = sum(1 for m in minutes.members if m.written)
    by_award: dict[str, list[tuple[CouncilAgendaItem, MinutesItem]]] = {}
    for item, line in pairs:
        by_award.setdefault(item.award_code, []).append((item, line))
    groups = []
    for group in by_award.values():
        voters: set[int] = set()
        lines = []
        for item, line in group:
            voters |= taking.get(item.id or 0, set())
            tally = Tally(len(minutes.members), attending, written, line.yes, line.no)
            over = denominator_of(CouncilRule.from_json(item.rule), tally)
            share = percent(Fraction(line.yes, over)) if over else "0%"
            outcome = OUTCOME_LABEL[line.outcome]
            lines.append(TallyLine(line.nominee, line.unit, line.yes, line.no, share, outcome))
        first = group[0][1]
        groups.append(
            TallyGroup(
                first.award_name, first.rule_text, attending + written, len(voters), tuple(lines)
            )
        )
    return TallyData(minutes, minutes_no, tuple(sess.tellers or ()), tuple(groups))


def secret_item(item: CouncilAgendaItem) -> bool:
    return CouncilRule.from_json(item.rule).ballot == "secret"


def tally_document(data: TallyData) -> Nd30Document:
    m = data.minutes
    return Nd30Document(
        issuer=Issuer(m.unit_name, COUNCIL_TITLE, m.short_code, m.place),
        kind=None,
        number=None,
        date=m.held_on,
        summary=f"Bỏ phiếu kín xét khen thưởng {m.round_name}",
        signature=_head(data),
        left_signature=_member(data),
        body=tuple(_body(data)),
        title="BIÊN BẢN KIỂM PHIẾU",
        attachment=f"(Kèm theo Biên bản số {data.minutes_no} ngày {short_date(m.held_on)})",
    )


def _body(data: TallyData) -> list[Block]:
    m = data.minutes
    when = f"Vào hồi {m.ends_at}, {vn_date(m.held_on)}" if m.ends_at else vn_date(m.held_on)
    where = f", tại {m.location}" if m.location else ""
    blocks: list[Block] = [BodyText(f"{when}{where}, trong phiên họp của {m.council_name},")]
    if data.tellers:
        blocks.append(BodyText("Ban kiểm phiếu do Hội đồng bầu gồm:"))
        blocks += [
            BodyText(f"{n}. {name}, {'Trưởng ban' if n == 1 else 'Ủy viên'};")
            for n, name in enumerate(data.tellers, start=1)
        ]
    else:
        blocks.append(BodyText(f"Việc kiểm phiếu do Thư ký Hội đồng {_secretary(m)} thực hiện;"))
    blocks.append(
        BodyText(f"đã kiểm phiếu bỏ phiếu kín xét khen thưởng {m.round_name}. Kết quả như sau:")
    )
    for n, g in enumerate(data.groups, start=1):
        blocks.append(BodyHeading(f"{n}. {g.award_name} ({len(g.lines)} hồ sơ)", level=2))
        blocks.append(BodyText(f"Quy tắc biểu quyết: {g.rule_text}."))
        blocks.append(
            BodyText(
                f"Số phiếu phát ra: {g.issued}; số phiếu thu vào: {g.collected}; số phiếu hợp "
                f"lệ: {g.valid}; số phiếu không hợp lệ: {g.invalid}."
            )
        )
        rows = tuple(
            (str(k), x.nominee, x.unit, str(x.yes), str(x.no), x.share, x.outcome)
            for k, x in enumerate(g.lines, start=1)
        )
        blocks.append(BodyTable(COLUMNS, rows, WIDTHS))
    blocks.append(
        BodyText(
            "Ban kiểm phiếu đã công bố kết quả trước Hội đồng; biên bản kiểm phiếu được lập "
            "thành hai bản, một bản kèm theo biên bản họp Hội đồng./."
        )
    )
    return blocks


def _secretary(m: MinutesData) -> str:
    return next((x.full_name for x in m.members if x.role == "thu_ky"), "")


def _head(data: TallyData) -> Signature:
    if data.tellers:
        return Signature("", "TRƯỞNG BAN KIỂM PHIẾU", data.tellers[0])
    return Signature("", "THƯ KÝ HỘI ĐỒNG", _secretary(data.minutes))


def _member(data: TallyData) -> Signature | None:
    return Signature("", "ỦY VIÊN", data.tellers[1]) if len(data.tellers) > 1 else None


def set_tellers(
    uow_factory: UnitOfWorkFactory, code: str, names: list[str], actor: Actor, now: datetime
) -> tuple[str, ...]:
    """Record the Ban kiểm phiếu of an open session (Trưởng ban first), with an audit event."""
    cleaned = tuple(n.strip() for n in names if n.strip())
    if not cleaned or len(cleaned) > MAX_TELLERS:
        raise ValidationError(
            f"Ban kiểm phiếu có từ 1 đến {MAX_TELLERS} người (Trưởng ban ghi trước); đã nhập "
            f"{len(cleaned)}."
        )
    for name in cleaned:
        if len(name) > NAME_MAX:
            raise ValidationError(f"Họ tên '{name[:30]}…' dài quá {NAME_MAX} ký tự.")
        problem = control_problem("Họ tên thành viên Ban kiểm phiếu", name)
        if problem:
            raise ValidationError(problem)
    with uow_factory() as uow:
        sess = uow.councils.session_by_code(code, lock="update")
        if sess.status != "open":
            raise ConflictError(f"Phiên họp {code} đã kết thúc; không sửa được Ban kiểm phiếu.")
        sess.tellers = list(cleaned)
        uow.councils.add(sess)
        uow.councils.log(
            sess.council_id, actor.name, now, "tellers", {"names": list(cleaned)}, sess.id
        )
        uow.commit()
    return cleaned


def tally_file(uow_factory: UnitOfWorkFactory, code: str) -> bytes:
    with uow_factory(write=False) as uow:
        sess = uow.councils.session_by_code(code)
    if sess.tally_docx is None:
        raise NotFoundError(
            f"Phiên họp {code} không có biên bản kiểm phiếu: chỉ phiên có bỏ phiếu kín, khi đã "
            "kết thúc, mới có."
        )
    return sess.tally_docx
