"""A problem of a backtest folder: the file, the line (header = 1; None for the whole file), why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}, ligne {self.line} : {self.message}"
        return f"{self.file} : {self.message}"


class BacktestInputError(ValueError):
    """The folder cannot be scored; every problem found is listed (nothing is reported)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
