"""Validate a Python-syntax expression against a whitelist and compile it into closures.

The text is parsed with ``ast.parse(mode="eval")`` only; nothing is ever passed to eval/exec.
Each allowed node becomes a typed closure ``fn(ctx)``; constants are folded and helper arguments
bound at load time, so evaluation costs a few Python calls per node.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any

from rules.expression.errors import ExpressionError
from rules.expression.names import FIELD_TYPES, HELPERS, HelperSpec, Typ

Fn = Callable[[Any], Any]
MAX_LENGTH = 1000
MAX_DEPTH = 32
MAX_NUMBER = 10**15
MAX_STRING = 200
MAX_LIST = 100

_BIN: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_CMP: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_,
    ast.IsNot: operator.is_not,
}
_ORDERING = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_FORBIDDEN = {
    "Attribute": "truy cập thuộc tính (dấu chấm)",
    "Subscript": "lấy phần tử bằng [ ]",
    "Lambda": "hàm lambda",
    "ListComp": "biểu thức duyệt danh sách",
    "SetComp": "biểu thức duyệt tập hợp",
    "DictComp": "biểu thức duyệt từ điển",
    "GeneratorExp": "biểu thức sinh",
    "NamedExpr": "gán giá trị (:=)",
    "IfExp": "biểu thức if … else",
    "JoinedStr": "chuỗi định dạng f-string",
    "Dict": "từ điển { }",
    "Set": "tập hợp { }",
    "Starred": "dấu * mở rộng",
    "Await": "await",
    "Yield": "yield",
}


class Node:
    """A compiled node: its type, and either a folded constant or a closure over the context."""

    __slots__ = ("const", "fn", "is_const", "typ")

    def __init__(self, typ: Typ, fn: Fn | None = None, const: Any = None) -> None:
        self.typ, self.fn, self.const, self.is_const = typ, fn, const, fn is None

    def as_fn(self) -> Fn:
        if self.fn is not None:
            return self.fn
        value = self.const
        return lambda _ctx: value


def parse(text: str) -> ast.expr:
    """Parse ``text`` as one expression, turning every parser failure into ExpressionError."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"biểu thức dài quá {MAX_LENGTH} ký tự", text, 1, MAX_LENGTH)
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError as exc:
        line, col = exc.lineno or 1, exc.offset or 1
        raise ExpressionError(f"sai cú pháp: {exc.msg}", text, line, col) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        raise ExpressionError(
            f"biểu thức lồng quá sâu hoặc không hợp lệ ({type(exc).__name__})", text, 1, 1
        ) from None


class Compiler:
    """Walks one parsed expression; every method returns a typed Node or raises ExpressionError."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.leaves: list[tuple[str, Fn]] = []

    def fail(self, node: ast.AST, message: str) -> ExpressionError:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1
        return ExpressionError(message, self.text, line, col)

    def build(self, node: ast.expr, depth: int = 0) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"biểu thức lồng quá {MAX_DEPTH} tầng")
        kind = type(node).__name__
        method = getattr(self, f"_{kind}", None)
        if method is None:
            raise self.fail(node, f"không cho phép {_FORBIDDEN.get(kind, 'cú pháp')} ({kind})")
        result: Node = method(node, depth + 1)
        return result

    def _Constant(self, node: ast.Constant, depth: int) -> Node:
        value = node.value
        if isinstance(value, bool):
            return Node(Typ("bool"), const=value)
        if isinstance(value, int | float):
            if abs(value) > MAX_NUMBER:
                raise self.fail(node, f"số quá lớn (tối đa {MAX_NUMBER:.0e})")
            return Node(Typ("num"), const=value)
        if isinstance(value, str):
            if len(value) > MAX_STRING:
                raise self.fail(node, f"chuỗi dài quá {MAX_STRING} ký tự")
            return Node(Typ("str"), const=value)
        if value is None:
            return Node(Typ("str", nullable=True), const=None)
        raise self.fail(node, f"không cho phép hằng kiểu {type(value).__name__}")

    def _Name(self, node: ast.Name, depth: int) -> Node:
        typ = FIELD_TYPES.get(node.id)
        if typ is None:
            hint = "; đây là hàm, hãy gọi nó với ()" if node.id in HELPERS else ""
            raise self.fail(node, f"tên không xác định '{node.id}'{hint}")
        fn = attrgetter(f"facts.{node.id}")
        self.leaves.append((node.id, fn))
        return Node(typ, fn=fn)

    def _List(self, node: ast.List | ast.Tuple, depth: int) -> Node:
        if len(node.elts) > MAX_LIST:
            raise self.fail(node, f"danh sách dài quá {MAX_LIST} phần tử")
        items = [self.build(e, depth) for e in node.elts]
        if not all(i.is_const and i.typ.kind in ("num", "str") for i in items):
            raise self.fail(node, "danh sách chỉ gồm số hoặc chuỗi hằng")
        return Node(Typ("list"), const=frozenset(i.const for i in items))

    _Tuple = _List

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Node:
        parts = [self._need(self.build(v, depth), "bool", v) for v in node.values]
        fns = [p.as_fn() for p in parts]
        if isinstance(node.op, ast.And):
            if len(fns) == 2:
                a, b = fns
                return Node(Typ("bool"), fn=lambda c: a(c) and b(c))
            return Node(Typ("bool"), fn=lambda c: all(f(c) for f in fns))
        if len(fns) == 2:
            a, b = fns
            return Node(Typ("bool"), fn=lambda c: a(c) or b(c))
        return Node(Typ("bool"), fn=lambda c: any(f(c) for f in fns))

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Node:
        inner = self.build(node.operand, depth)
        if isinstance(node.op, ast.Not):
            f = self._need(inner, "bool", node.operand).as_fn()
            return Node(Typ("bool"), fn=lambda c: not f(c))
        if isinstance(node.op, ast.USub | ast.UAdd):
            self._need(inner, "num", node.operand)
            sign = -1 if isinstance(node.op, ast.USub) else 1
            if inner.is_const:
                return Node(inner.typ, const=sign * inner.const)
            g = inner.as_fn()
            return Node(inner.typ, fn=lambda c: None if (v := g(c)) is None else sign * v)
        raise self.fail(node, "chỉ cho phép toán tử một ngôi not, -, +")

    def _BinOp(self, node: ast.BinOp, depth: int) -> Node:
        op = _BIN.get(type(node.op))
        if op is None:
            raise self.fail(
                node, f"không cho phép toán tử '{type(node.op).__name__}' (chỉ + - * /)"
            )
        left = self._need(self.build(node.left, depth), "num", node.left)
        right = self._need(self.build(node.right, depth), "num", node.right)
        # Division may meet a zero denominator: the result is then None ("không đạt").
        nullable = left.typ.nullable or right.typ.nullable or op is operator.truediv
        typ = Typ("num", nullable)
        if left.is_const and right.is_const:
            return self._fold(node, op, left.const, right.const)
        a, b = left.as_fn(), right.as_fn()
        if not typ.nullable:
            return Node(typ, fn=lambda c: _safe(op, a(c), b(c)))
        return Node(
            typ,
            fn=lambda c: None if (x := a(c)) is None or (y := b(c)) is None else _safe(op, x, y),
        )

    def _fold(self, node: ast.AST, op: Callable[[Any, Any], Any], x: Any, y: Any) -> Node:
        value = _safe(op, x, y)
        if value is None or abs(value) > MAX_NUMBER:
            raise self.fail(node, "phép tính hằng không hợp lệ (chia cho 0 hoặc quá lớn)")
        return Node(Typ("num"), const=value)

    def _Call(self, node: ast.Call, depth: int) -> Node:
        spec = HELPERS.get(node.func.id) if isinstance(node.func, ast.Name) else None
        if spec is None:
            raise self.fail(
                node, "chỉ được gọi các hàm có sẵn (không gọi phương thức hay hàm khác)"
            )
        args = self._bind_args(node, spec, depth)
        label = ast.get_source_segment(self.text, node) or spec.name
        if spec.needs_ctx:
            fn: Fn = partial(spec.fn, *(a.const for a in args))
        else:
            fns = [a.as_fn() for a in args]
            raw = spec.fn
            fn = lambda c: raw(*(f(c) for f in fns))  # noqa: E731
        self.leaves.append((label, fn))
        return Node(spec.returns, fn=fn)

    def _bind_args(self, node: ast.Call, spec: HelperSpec, depth: int) -> list[Node]:
        if len(node.args) > len(spec.params):
            raise self.fail(node, f"quá nhiều đối số; cách gọi: {spec.signature()}")
        given: dict[str, ast.expr] = {
            p.name: a for p, a in zip(spec.params, node.args, strict=False)
        }
        for kw in node.keywords:
            if kw.arg is None or kw.arg not in {p.name for p in spec.params} or kw.arg in given:
                raise self.fail(kw.value, f"đối số tên không hợp lệ; cách gọi: {spec.signature()}")
            given[kw.arg] = kw.value
        bound = []
        for p in spec.params:
            if p.name not in given:
                if p.default is None:
                    raise self.fail(node, f"thiếu đối số '{p.name}'; cách gọi: {spec.signature()}")
                bound.append(Node(Typ(p.kind), const=p.default))
                continue
            arg = self._need(self.build(given[p.name], depth), p.kind, given[p.name])
            if p.const_only and not arg.is_const:
                raise self.fail(given[p.name], f"đối số '{p.name}' phải là hằng số hoặc chuỗi")
            if p.choices is not None and arg.const not in p.choices:
                raise self.fail(given[p.name], f"'{p.name}' phải là một trong {sorted(p.choices)}")
            bound.append(arg)
        return bound

    def _Compare(self, node: ast.Compare, depth: int) -> Node:
        operands = [self.build(e, depth) for e in (node.left, *node.comparators)]
        pairs = [
            self._compare(node, op, operands[i], operands[i + 1]) for i, op in enumerate(node.ops)
        ]
        if len(pairs) == 1:
            return Node(Typ("bool"), fn=pairs[0])
        return Node(Typ("bool"), fn=lambda c: all(p(c) for p in pairs))

    def _compare(self, node: ast.Compare, op: ast.cmpop, left: Node, right: Node) -> Fn:
        fn = _CMP[type(op)]
        if isinstance(op, ast.In | ast.NotIn):
            if right.typ.kind != "list":
                raise self.fail(node, "vế phải của in / not in phải là danh sách hằng [..]")
        elif isinstance(op, ast.Is | ast.IsNot):
            if not (right.is_const and right.const is None):
                raise self.fail(node, "is / is not chỉ dùng với None")
        elif left.typ.kind != right.typ.kind and not (_is_none(left) or _is_none(right)):
            raise self.fail(node, f"không so sánh được {left.typ.kind} với {right.typ.kind}")
        elif isinstance(op, _ORDERING) and "bool" in (left.typ.kind, right.typ.kind):
            raise self.fail(node, "không so sánh lớn/nhỏ với giá trị đúng/sai")
        a = left.as_fn()
        if right.is_const:
            k = right.const
            if isinstance(op, _ORDERING) and left.typ.nullable:
                return lambda c: (v := a(c)) is not None and fn(v, k)
            return lambda c: fn(a(c), k)
        b = right.as_fn()
        if isinstance(op, _ORDERING) and (left.typ.nullable or right.typ.nullable):
            return lambda c: (x := a(c)) is not None and (y := b(c)) is not None and fn(x, y)
        return lambda c: fn(a(c), b(c))

    def _need(self, n: Node, kind: str, at: ast.AST) -> Node:
        if n.typ.kind != kind:
            names = {"num": "số", "bool": "đúng/sai", "str": "chuỗi", "list": "danh sách"}
            raise self.fail(at, f"cần giá trị {names[kind]}, nhận được {names[n.typ.kind]}")
        return n


def _is_none(n: Node) -> bool:
    return n.is_const and n.const is None


def _safe(op: Callable[[Any, Any], Any], x: Any, y: Any) -> Any:
    try:
        return op(x, y)
    except ZeroDivisionError:
        return None
