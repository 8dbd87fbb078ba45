"""ExpressionError: a rejected expression, located by line and column with a caret."""

from __future__ import annotations

from rules.expression.names import allowed_summary


class ExpressionError(ValueError):
    """An expression that is not allowed; ``located()`` renders it for rule authors."""

    def __init__(self, message: str, text: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.text, self.line, self.column = message, text, line, column

    def __str__(self) -> str:
        return self.located()

    def located(self) -> str:
        """'dòng L, cột C: message', the line, a caret under the column, what is allowed."""
        lines = self.text.splitlines() or [""]
        shown = lines[min(self.line, len(lines)) - 1]
        column = max(self.column, 1)
        if len(shown) > 80:  # show a window around the column, not a 1000-character line
            start = max(0, column - 40)
            shown, column = shown[start : start + 80], column - start
        caret = " " * (column - 1) + "^"
        return (
            f"dòng {self.line}, cột {self.column}: {self.message}\n"
            f"    {shown}\n    {caret}\n{allowed_summary()}"
        )
