"""Eligibility rules for commendation dossiers: facts, checks, expressions, policies, quotas.

Public API::

    load_policy_set(path=DEFAULT_PACK) -> PolicySet          # raises PolicySetError (every problem)
    evaluate(policy_set, facts, on=None, level=None) -> Evaluation
    failed_requirements(policy_set, facts, on=None) -> list[str] | None   # fast screening
    run_examples(policy_set) -> list[ExampleResult]
    apply_quota(policy, candidates, base_counts=None) -> QuotaOutcome
    allocate_seats(member_counts, seats, minimum) -> dict[str, int]
    compile_expression(text) -> CompiledExpression           # raises ExpressionError
"""

from __future__ import annotations

from rules.compiled import CompiledPolicy, Example, PolicySet
from rules.errors import PolicySetError, Problem, RulesError
from rules.evaluation import Evaluation, RequirementResult, evaluate, failed_requirements
from rules.examples import ExampleResult, run_examples
from rules.expression import CompiledExpression, ExpressionError, compile_expression
from rules.facts import NomineeFacts
from rules.loader import DEFAULT_PACK, load_policy_set
from rules.quota import QuotaMeter, QuotaOutcome, allocate_seats, apply_quota

__all__ = [
    "DEFAULT_PACK",
    "CompiledExpression",
    "CompiledPolicy",
    "Evaluation",
    "Example",
    "ExampleResult",
    "ExpressionError",
    "NomineeFacts",
    "PolicySet",
    "PolicySetError",
    "Problem",
    "QuotaMeter",
    "QuotaOutcome",
    "RequirementResult",
    "RulesError",
    "allocate_seats",
    "apply_quota",
    "compile_expression",
    "evaluate",
    "failed_requirements",
    "load_policy_set",
    "run_examples",
]
