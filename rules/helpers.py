"""Helper functions over a nominee's history, shared by expressions and checks.

Semantics (documented once, here, for rule authors):

* A *code* is a title (LDTT, CSTDCS, CSTD_TINH…), an award form received (BK_LDLD…) or a task
  rating (hoan_thanh_xuat_sac…; a rating code means that rating *or better*).
* Awards of type ``dot_xuat`` and ``chuyen_de`` never count as grounds for a higher award
  (NĐ 152/2025), so they are invisible to streak/count (``received`` still sees them).
* ``end`` is an offset from the round year: the window ends at ``round_year + end`` (inclusive).
  ``end=0`` counts the round year itself (its year-end assessment is part of the dossier);
  ``end=-1`` ends at the year before the round.
* Discipline resets the count: years up to and including the year a disciplinary period ends are
  ignored, and while a period is in force nothing counts (achievements count only after it ends).
"""

from __future__ import annotations

from rules.facts import RATING_RANK, SCOPE_RANK, NomineeFacts

# A rating code means "that rating or better": a hoan_thanh_xuat_sac year also counts as
# hoan_thanh_tot and hoan_thanh (khong_hoan_thanh counts only as itself).
_AT_LEAST: dict[str, frozenset[str]] = {
    rating: frozenset(r for r, k in RATING_RANK.items() if (0 < k <= rank) or r == rating)
    for rating, rank in RATING_RANK.items()
}
NEVER_DISCIPLINED = 1000  # years_since_discipline() for someone never disciplined


class Context:
    """One evaluation of one nominee: the facts plus lazily built indexes shared by rules."""

    __slots__ = ("_codes", "_floor", "facts")

    def __init__(self, facts: NomineeFacts) -> None:
        self.facts = facts
        self._codes: dict[int, frozenset[str]] | None = None
        self._floor: int | None = None

    @property
    def floor(self) -> int:
        """The last year that does not count because of discipline (or a very old year)."""
        if self._floor is None:
            floor = -1
            for period in self.facts.discipline:
                floor = max(floor, 9999 if period.end is None else period.end.year)
            self._floor = floor
        return self._floor

    @property
    def codes(self) -> dict[int, frozenset[str]]:
        """Counted codes per year (titles, regular awards, rating), after the discipline floor."""
        if self._codes is None:
            floor, index = self.floor, {}
            for rec in self.facts.history:
                if rec.year > floor:
                    found = set(rec.titles)
                    found.update(a.code for a in rec.awards if a.type == "regular")
                    if rec.task_rating is not None:
                        found.update(_AT_LEAST[rec.task_rating])
                    index[rec.year] = frozenset(found)
            self._codes = index
        return self._codes


def streak(code: str, end: int, ctx: Context) -> int:
    """Consecutive years holding ``code``, going back from ``round_year + end``."""
    codes, year, n = ctx.codes, ctx.facts.round_year + end, 0
    while code in codes.get(year, ()):
        n += 1
        year -= 1
    return n


def count(code: str, years: int, end: int, ctx: Context) -> int:
    """Years holding ``code`` in the window of ``years`` years ending at ``round_year + end``."""
    last = ctx.facts.round_year + end
    return sum(1 for y, found in ctx.codes.items() if last - years < y <= last and code in found)


def _initiatives_in(years: int, end: int, ctx: Context) -> list[tuple[int, int]]:
    last, floor = ctx.facts.round_year + end, ctx.floor
    return [
        (SCOPE_RANK[i.scope], i.value_vnd)
        for rec in ctx.facts.history
        if last - years < rec.year <= last and rec.year > floor
        for i in rec.initiatives
    ]


def initiatives(scope: str, years: int, end: int, ctx: Context) -> int:
    """Recognised sáng kiến of at least ``scope`` (co_so < tinh < toan_quoc) in the window."""
    rank = SCOPE_RANK[scope]
    return sum(1 for r, _ in _initiatives_in(years, end, ctx) if r >= rank)


def value_sum(years: int, end: int, ctx: Context) -> int:
    """Total value (VND) brought by sáng kiến in the window."""
    return sum(v for _, v in _initiatives_in(years, end, ctx))


def value_max(years: int, end: int, ctx: Context) -> int:
    """The largest value (VND) of a single sáng kiến in the window (0 if none)."""
    return max((v for _, v in _initiatives_in(years, end, ctx)), default=0)


def rating_at_least(level: str, end: int, ctx: Context) -> bool:
    """Task rating of year ``round_year + end`` is ``level`` or better."""
    year, want = ctx.facts.round_year + end, RATING_RANK[level]
    for rec in ctx.facts.history:
        if rec.year == year and rec.year > ctx.floor and rec.task_rating is not None:
            return RATING_RANK[rec.task_rating] >= want
    return False


def under_discipline(ctx: Context) -> bool:
    """A disciplinary period is in force in the round year (no end, or ends in/after it)."""
    year = ctx.facts.round_year
    return any(
        p.start.year <= year and (p.end is None or p.end.year >= year) for p in ctx.facts.discipline
    )


def years_since_discipline(ctx: Context) -> int:
    """Full years from the end of the last disciplinary period to the round year.

    0 while a period is in force; NEVER_DISCIPLINED (1000) for someone never disciplined.
    """
    if not ctx.facts.discipline:
        return NEVER_DISCIPLINED
    return max(0, ctx.facts.round_year - ctx.floor)


def received(code: str, ctx: Context) -> bool:
    """The nominee already holds ``code`` (once-only list, or any title/award of any type)."""
    if code in ctx.facts.once_only_received:
        return True
    return any(
        code in rec.titles or any(a.code == code for a in rec.awards) for rec in ctx.facts.history
    )


def ratio(part: float, whole: float) -> float:
    """part / whole, or 0.0 when whole is 0 (an empty collective meets no ratio)."""
    return part / whole if whole else 0.0
