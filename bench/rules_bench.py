"""Benchmark: the default policy pack vs hand-written Python (and CEL) on the same facts.

    python -m bench.rules_bench [--n N] [--quick]

Facts are generated in chunks (generation is not timed); each chunk is evaluated three times by
each method and the per-run times are summed over chunks, so "median of 3" covers all N facts.
Methods: ``engine`` = rules.failed_requirements (fast path: policy selection + every requirement,
returns the failed ids); ``handwritten`` = plain Python predicates of the same criteria returning
the same ids (checked equal on every fact); ``explained`` = rules.evaluate building the full,
serialisable Evaluation; ``cel`` = common-expression-language on the LDTT/CSTDCS/CSTD_TINH subset
over prebuilt dict contexts (dict building not timed, so the peer is favoured); ``rule_engine`` =
the rule-engine library on the same subset and contexts. ``run(quick)`` is the entry point of the
bench runner (quick = 20,000 facts, else 1,000,000).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from importlib import metadata
from typing import Any

from rules import evaluate, failed_requirements, load_policy_set
from rules.facts import RATING_RANK, SCOPE_RANK, NomineeFacts

CHUNK = 20_000
AWARDS = [
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TT_LDTT",
    "TT_LDXS",
    "BK_LDLD",
    "BK_TLD",
    "BK_CHUYEN_DE",
]
AWARDS += ["BANG_LDST", "KNC", "GT_NDC", "GK_CDCT"]
COLLECTIVE = {"TT_LDTT", "TT_LDXS"}
RATINGS = list(RATING_RANK)
TITLES = ["LDTT", "CSTDCS", "CSTD_TINH"]


def _year(rng: random.Random, year: int) -> dict[str, Any]:
    titles = [t for t in TITLES if rng.random() < 0.5]
    awards = (
        [{"code": "BK_LDLD", "type": rng.choice(["regular", "dot_xuat"])}]
        if rng.random() < 0.3
        else []
    )
    inits = [
        {
            "scope": rng.choice(list(SCOPE_RANK)),
            "value_vnd": rng.randrange(0, 250_000_000, 1_000_000),
        }
        for _ in range(rng.choice([0, 0, 1, 2]))
    ]
    rating = rng.choice(RATINGS[1:] * 3 + [RATINGS[0]])
    return {
        "year": year,
        "task_rating": rating,
        "titles": titles,
        "awards": awards,
        "initiatives": inits,
    }


def generate(n: int, seed: int) -> list[NomineeFacts]:
    """``n`` varied nominees over every award of the default pack (deterministic per seed)."""
    rng, out = random.Random(seed), []
    for i in range(n):
        award = AWARDS[i % len(AWARDS)]
        years = rng.randint(1, 6)
        facts: dict[str, Any] = {
            "dossier_code": f"HS-{seed}-{i}",
            "nominee_kind": "tap_the"
            if award in COLLECTIVE
            else rng.choice(
                ["ca_nhan", "tap_the"]
                if award in ("BK_LDLD", "GK_CDCT", "BK_CHUYEN_DE")
                else ["ca_nhan"]
            ),
            "round_year": 2025,
            "award_code": award,
            "topic": rng.choice([None, "Xanh – Sạch – Đẹp"]),
            "is_direct_worker": rng.random() < 0.4,
            "holds_leadership_post": rng.random() < 0.3,
            "qualification": rng.choice(["trung_cap", "cao_dang", "dai_hoc"]),
            "union_years_dedicated": rng.randint(0, 20),
            "union_years_non_dedicated": rng.randint(0, 10),
            "union_years_non_state_enterprise": rng.randint(0, 5),
            "years_direct_production": rng.randint(0, 12),
            "pending_review": rng.random() < 0.03,
            "members_total": (total := rng.randint(0, 40)),
            "members_completed": max(0, total - rng.choice([0, 0, 0, 1])),
            "members_ldtt": rng.randint(0, total),
            "members_cstdcs": rng.randint(0, 2),
            "members_disciplined": rng.choice([0, 0, 0, 1]),
            "once_only_received": ["KNC"] if rng.random() < 0.1 else [],
            "history": [_year(rng, 2025 - k) for k in range(years)],
            "discipline": [
                {
                    "level": "khien_trach",
                    "start": "2022-01-01",
                    "end": rng.choice(["2023-01-01", None]),
                }
            ]
            if rng.random() < 0.05
            else [],
            "score": rng.random(),
        }
        out.append(NomineeFacts.model_validate(facts))
    return out


# --- hand-written predicates: the same criteria, written directly -------------------------------

AT_LEAST = {
    r: {x for x, k in RATING_RANK.items() if 0 < k <= rank or x == r}
    for r, rank in RATING_RANK.items()
}
XS, TOT = RATING_RANK["hoan_thanh_xuat_sac"], RATING_RANK["hoan_thanh_tot"]


class Derived:
    """What a hand-writer computes once per nominee: discipline floor and codes per year."""

    __slots__ = ("_codes", "f", "floor")

    def __init__(self, f: NomineeFacts) -> None:
        self.f = f
        self.floor = max((9999 if d.end is None else d.end.year for d in f.discipline), default=-1)
        self._codes: dict[int, set[str]] | None = None

    @property
    def codes(self) -> dict[int, set[str]]:
        if self._codes is None:  # built only for the criteria that need it
            self._codes = {}
            for r in self.f.history:
                if r.year > self.floor:
                    s = set(r.titles)
                    s.update(a.code for a in r.awards if a.type == "regular")
                    if r.task_rating:
                        s.update(AT_LEAST[r.task_rating])
                    self._codes[r.year] = s
        return self._codes

    def streak(self, code: str, end: int = 0) -> int:
        y, n = self.f.round_year + end, 0
        while code in self.codes.get(y, ()):
            n, y = n + 1, y - 1
        return n

    def rating(self, rank: int) -> bool:
        for r in self.f.history:
            if r.year == self.f.round_year and r.year > self.floor and r.task_rating:
                return RATING_RANK[r.task_rating] >= rank
        return False

    def inits(self, years: int) -> list[tuple[int, int]]:
        last = self.f.round_year
        return [
            (SCOPE_RANK[i.scope], i.value_vnd)
            for r in self.f.history
            if last - years < r.year <= last and r.year > self.floor
            for i in r.initiatives
        ]

    def clean(self) -> bool:
        y = self.f.round_year
        active = any(
            d.start.year <= y and (d.end is None or d.end.year >= y) for d in self.f.discipline
        )
        return not active and not self.f.pending_review

    def received(self, code: str) -> bool:
        f = self.f
        return code in f.once_only_received or any(
            code in r.titles or any(a.code == code for a in r.awards) for r in f.history
        )


def _fails(*pairs: tuple[str, bool]) -> list[str]:
    return [name for name, ok in pairs if not ok]


def _ldst(d: Derived) -> bool:
    f, inits = d.f, d.inits(1)
    best = max((v for _, v in inits), default=0)
    if f.holds_leadership_post:
        return best >= 200_000_000 or any(r >= 1 for r, _ in inits)
    if f.qualification in ("dai_hoc", "thac_si", "tien_si"):
        return best >= 150_000_000
    return best >= 80_000_000 or sum(v for _, v in d.inits(3)) >= 120_000_000


def _members(
    f: NomineeFacts, ldtt: float, strict: bool, done: float, cstdcs: int, disc: int | None
) -> bool:
    lr = f.members_ldtt / f.members_total if f.members_total else 0.0
    dr = f.members_completed / f.members_total if f.members_total else 0.0
    bad = lr < ldtt or (strict and lr <= ldtt) or dr < done or f.members_total == 0
    return not (
        bad or f.members_cstdcs < cstdcs or (disc is not None and f.members_disciplined > disc)
    )


HANDWRITTEN: dict[str, Callable[[Derived], list[str]]] = {
    "LDTT": lambda d: _fails(("hoan-thanh-tot", d.rating(TOT)), ("khong-ky-luat", d.clean())),
    "CSTDCS": lambda d: _fails(
        ("dat-ldtt", "LDTT" in d.codes.get(d.f.round_year, ())),
        ("xuat-sac-hoac-sang-kien", d.rating(XS) or len(d.inits(1)) >= 1),
        ("khong-ky-luat", d.clean()),
    ),
    "CSTD_TINH": lambda d: _fails(
        ("ba-lan-cstdcs", d.streak("CSTDCS") >= 3),
        ("sang-kien-cap-tinh", sum(r >= 1 for r, _ in d.inits(3)) >= 1),
        ("khong-ky-luat", d.clean()),
    ),
    "CSTD_TQ": lambda d: _fails(
        ("hai-lan-cstd-tinh", d.streak("CSTD_TINH") >= 2),
        ("sang-kien-toan-quoc", sum(r >= 2 for r, _ in d.inits(6)) >= 1),
        ("khong-ky-luat", d.clean()),
    ),
    "TT_LDTT": lambda d: _fails(
        ("hoan-thanh-tot", d.rating(TOT)), ("thanh-vien", _members(d.f, 0.5, True, 0, 0, 0))
    ),
    "TT_LDXS": lambda d: _fails(
        ("hoan-thanh-xuat-sac", d.rating(XS)),
        ("thanh-vien", _members(d.f, 0.7, False, 1.0, 1, None)),
    ),
    "BK_LDLD": lambda d: _fails(
        ("hoan-thanh-xuat-sac", d.rating(XS)), ("khong-ky-luat", d.clean())
    ),
    "BK_TLD": lambda d: _fails(
        ("hai-nam-xuat-sac", d.streak("hoan_thanh_xuat_sac") >= 2),
        ("hai-sang-kien", len(d.inits(2)) >= 2),
        ("bang-khen-ldld-nam-truoc", "BK_LDLD" in d.codes.get(d.f.round_year - 1, ())),
        ("khong-ky-luat", d.clean()),
    ),
    "BK_CHUYEN_DE": lambda d: _fails(
        ("co-chuyen-de", bool(d.f.topic)), ("hoan-thanh-tot", d.rating(TOT))
    ),
    "BANG_LDST": lambda d: _fails(("gia-tri-lam-loi", _ldst(d)), ("khong-ky-luat", d.clean())),
    "KNC": lambda d: _fails(
        (
            "thoi-gian-cong-tac",
            d.f.union_years_dedicated
            + 1.5 * d.f.union_years_non_dedicated
            + 2 * d.f.union_years_non_state_enterprise
            >= 20,
        ),
        ("mot-lan", not d.received("KNC") and not d.received("HC_VSNXDTCCD")),
        ("ba-nam-hoan-thanh", d.streak("hoan_thanh", -1) >= 3),
        ("khong-ky-luat", d.clean()),
    ),
    "GT_NDC": lambda d: _fails(
        ("truc-tiep-san-xuat", d.f.is_direct_worker and d.f.years_direct_production >= 5),
        ("mot-lan", not d.received("GT_NDC")),
        ("co-sang-kien", len(d.inits(5)) >= 1),
    ),
    "GK_CDCT": lambda d: _fails(("hoan-thanh-tot", d.rating(TOT)), ("khong-ky-luat", d.clean())),
}


def handwritten(f: NomineeFacts) -> list[str]:
    return HANDWRITTEN[f.award_code](Derived(f))


# --- CEL peer (subset: LDTT, CSTDCS, CSTD_TINH) -------------------------------------------------

CEL_SUBSET = ("LDTT", "CSTDCS", "CSTD_TINH")
_CLEAN = "!active && !pending"
_AT = "h.exists(r, r.year == ry - {k} && r.year > floor && {cond})"
CEL_RULES = {
    "LDTT": {"hoan-thanh-tot": _AT.format(k=0, cond="r.rank >= 2"), "khong-ky-luat": _CLEAN},
    "CSTDCS": {
        "dat-ldtt": _AT.format(k=0, cond="'LDTT' in r.titles"),
        "xuat-sac-hoac-sang-kien": _AT.format(k=0, cond="(r.rank >= 3 || size(r.inits) >= 1)"),
        "khong-ky-luat": _CLEAN,
    },
    "CSTD_TINH": {
        "ba-lan-cstdcs": " && ".join(
            _AT.format(k=k, cond="'CSTDCS' in r.titles") for k in range(3)
        ),
        "sang-kien-cap-tinh": (
            "h.exists(r, r.year > ry - 3 && r.year > floor && r.inits.exists(i, i >= 1))"
        ),
        "khong-ky-luat": _CLEAN,
    },
}


def cel_context(f: NomineeFacts) -> dict[str, Any]:
    """The facts as a CEL activation (built outside the timed loop, which favours the peer)."""
    floor = max((9999 if d.end is None else d.end.year for d in f.discipline), default=-1)
    y = f.round_year
    active = any(d.start.year <= y and (d.end is None or d.end.year >= y) for d in f.discipline)
    history = [
        {
            "year": r.year,
            "rank": RATING_RANK[r.task_rating] if r.task_rating else -1,
            "titles": list(r.titles),
            "inits": [SCOPE_RANK[i.scope] for i in r.initiatives],
        }
        for r in f.history
    ]
    return {
        "ry": y,
        "floor": floor,
        "h": history,
        "active": active,
        "pending": f.pending_review,
        "award": f.award_code,
    }


RE_AT = "[r for r in h if r['year'] == ry - {k} and r['year'] > floor and {cond}].length > 0"
RE_CLEAN = "not active and not pending"
RULE_ENGINE_RULES = {
    "LDTT": {"hoan-thanh-tot": RE_AT.format(k=0, cond="r['rank'] >= 2"), "khong-ky-luat": RE_CLEAN},
    "CSTDCS": {
        "dat-ldtt": RE_AT.format(k=0, cond="'LDTT' in r['titles']"),
        "xuat-sac-hoac-sang-kien": RE_AT.format(
            k=0, cond="(r['rank'] >= 3 or r['inits'].length >= 1)"
        ),
        "khong-ky-luat": RE_CLEAN,
    },
    "CSTD_TINH": {
        "ba-lan-cstdcs": " and ".join(
            RE_AT.format(k=k, cond="'CSTDCS' in r['titles']") for k in range(3)
        ),
        "sang-kien-cap-tinh": "[r for r in h if r['year'] > ry - 3 and r['year'] > floor "
        "and [i for i in r['inits'] if i >= 1].length > 0].length > 0",
        "khong-ky-luat": RE_CLEAN,
    },
}


def rule_engine_runner() -> Callable[[dict[str, Any]], list[str]] | None:
    try:
        import rule_engine
    except ImportError:
        return None
    programs = {
        a: [(rid, rule_engine.Rule(src)) for rid, src in rules.items()]
        for a, rules in RULE_ENGINE_RULES.items()
    }
    return lambda ctx: [rid for rid, r in programs[ctx["award"]] if not r.matches(ctx)]


def cel_runner() -> Callable[[dict[str, Any]], list[str]] | None:
    try:
        import cel
    except ImportError:
        return None
    programs = {
        a: [(rid, cel.compile(src)) for rid, src in rules.items()] for a, rules in CEL_RULES.items()
    }
    return lambda ctx: [rid for rid, p in programs[ctx["award"]] if not p.execute(ctx)]


# --- harness --------------------------------------------------------------------------------------


def _timed(fn: Callable[[Any], Any], items: list[Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def _chunks(n: int) -> Iterator[list[NomineeFacts]]:
    for seed, start in enumerate(range(0, n, CHUNK)):
        yield generate(min(CHUNK, n - start), seed)


# Slow methods are timed on a leading sample of the facts (stated in the report).
SAMPLE = {"explained": 100_000, "cel_subset": 20_000, "rule_engine_subset": 2_000}


def run(quick: bool = False, n: int | None = None, runs: int = 3) -> dict[str, Any]:
    """Evaluate the default pack over ``n`` generated facts (20,000 when quick, else 1,000,000)
    with every method; return the figures (JSON-ready)."""
    n = n if n is not None else (20_000 if quick else 1_000_000)
    pack = load_policy_set()
    engine = partial(failed_requirements, pack)
    peers = {"cel_subset": cel_runner(), "rule_engine_subset": rule_engine_runner()}
    methods: dict[str, Callable[[Any], Any]] = {
        "engine": engine,
        "handwritten": handwritten,
        "explained": partial(evaluate, pack),
        **{name: fn for name, fn in peers.items() if fn is not None},
    }
    timed = _Timings(runs)
    counts = {"all": 0, "mismatches": 0, "eligible": 0}
    counts |= {f"{name}_mismatches": 0 for name in peers}
    for chunk in _chunks(n):
        engine_out = [engine(f) for f in chunk]
        counts["mismatches"] += sum(
            a != handwritten(f) for a, f in zip(engine_out, chunk, strict=True)
        )
        counts["eligible"] += sum(a == [] for a in engine_out)
        counts["all"] += len(chunk)
        for name in ("engine", "handwritten", "explained"):
            timed.add(name, methods[name], chunk)
        subset = [f for f in chunk if f.award_code in CEL_SUBSET]
        for name in peers:
            if name not in methods or timed.size.get(name, 0) >= SAMPLE[name]:
                continue
            part = subset[: SAMPLE[name] - timed.size.get(name, 0)]
            contexts = [cel_context(f) for f in part]
            counts[f"{name}_mismatches"] += sum(
                methods[name](c) != engine(f) for c, f in zip(contexts, part, strict=True)
            )
            timed.add(name, methods[name], contexts)
            timed.add(f"engine_{name}", engine, part)
    return _report(timed, counts, [name for name in peers if name in methods])


class _Timings:
    """Per method: summed time of each of the runs over every chunk, and how many items."""

    def __init__(self, runs: int) -> None:
        self.runs = runs
        self.times: dict[str, list[float]] = {}
        self.size: dict[str, int] = {}

    def add(self, name: str, fn: Callable[[Any], Any], items: list[Any]) -> None:
        if name in SAMPLE and self.size.get(name, 0) >= SAMPLE[name]:
            return
        times = self.times.setdefault(name, [0.0] * self.runs)
        for r in range(self.runs):
            times[r] += _timed(fn, items)
        self.size[name] = self.size.get(name, 0) + len(items)

    def rate(self, name: str) -> float:
        median = statistics.median(self.times[name])
        return self.size[name] / median if median > 0 else 0.0


def _report(timed: _Timings, counts: dict[str, int], peers: list[str]) -> dict[str, Any]:
    rate = {name: timed.rate(name) for name in timed.times}
    ratios = {
        "engine_vs_handwritten": rate["engine"] / rate["handwritten"],
        "explained_vs_handwritten": rate["explained"] / rate["handwritten"],
    }
    for name in peers:
        ratios[f"engine_vs_{name}"] = rate[f"engine_{name}"] / rate[name]
    return {
        "machine": _machine(),
        "n": counts["all"],
        "timed_items": dict(timed.size),
        "eligible": counts["eligible"],
        "mismatches_engine_vs_handwritten": counts["mismatches"],
        "mismatches_cel_vs_engine": counts["cel_subset_mismatches"],
        "mismatches_rule_engine_vs_engine": counts["rule_engine_subset_mismatches"],
        "evaluations_per_s_median_of_3": {k: round(v) for k, v in rate.items()},
        "ratios": {k: round(v, 3) for k, v in ratios.items()},
        "target_engine_vs_handwritten": 0.5,
    }


def _machine() -> dict[str, Any]:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = {}
    for dist in ("pydantic", "common-expression-language", "rule-engine"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark of the rules engine (default pack)")
    parser.add_argument("--n", type=int, default=None, help="number of generated nominees")
    parser.add_argument("--quick", action="store_true", help="20,000 nominees instead of 1M")
    args = parser.parse_args(argv)
    result = run(args.quick, args.n)
    m = result["machine"]
    print(f"{m['cores']} cores, {m['memory_gib']} GiB, Python {m['python']}, {m['versions']}")
    print(
        f"n={result['n']}, timed items {result['timed_items']}, eligible={result['eligible']}, "
        f"mismatches vs engine: handwritten {result['mismatches_engine_vs_handwritten']}, "
        f"CEL {result['mismatches_cel_vs_engine']}, "
        f"rule-engine {result['mismatches_rule_engine_vs_engine']}"
    )
    for name, value in result["evaluations_per_s_median_of_3"].items():
        print(f"  {name:<20} {value:>10,} evaluations/s (median of 3)")
    for name, value in result["ratios"].items():
        print(f"  {name:<32} {value:.2f}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
