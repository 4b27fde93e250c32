"""Attendance rows as numpy arrays, to and from PostgreSQL in the binary COPY format.

A row is (student id int4, date, period int2, status int2); in the binary format a date is an int4 of
days since 2000-01-01. Building the buffer with numpy keeps Python out of the per-row loop, so the bulk
load runs at the speed of COPY itself (bench/earlywarning.py compares it with a raw COPY).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

PG_EPOCH = dt.date(2000, 1, 1).toordinal()
HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
TRAILER = b"\xff\xff"
ROW = np.dtype(
    [
        ("n", ">i2"),
        ("l1", ">i4"),
        ("student", ">i4"),
        ("l2", ">i4"),
        ("date", ">i4"),
        ("l3", ">i4"),
        ("period", ">i2"),
        ("l4", ">i4"),
        ("status", ">i2"),
    ]
)
COLUMNS = "(student_id, date, period, status)"


def encode(student: np.ndarray, ordinal: np.ndarray, period: np.ndarray, status: np.ndarray) -> bytes:
    """The binary COPY payload of these rows (dates as proleptic ordinals)."""
    rows = np.empty(len(student), dtype=ROW)
    rows["n"] = 4
    rows["l1"], rows["l2"], rows["l3"], rows["l4"] = 4, 4, 2, 2
    rows["student"] = student
    rows["date"] = ordinal - PG_EPOCH
    rows["period"] = period
    rows["status"] = status
    return HEADER + rows.tobytes() + TRAILER


def decode(payload: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(student, ordinal, period, status) from a binary COPY TO of the four columns."""
    body = payload[len(HEADER) : len(payload) - len(TRAILER)]
    rows = np.frombuffer(body, dtype=ROW)
    return (
        rows["student"].astype(np.int64),
        rows["date"].astype(np.int64) + PG_EPOCH,
        rows["period"].astype(np.int64),
        rows["status"].astype(np.int64),
    )


def copy_in(cursor: object, table: str, payload: bytes, chunk: int = 8 << 20) -> None:
    with cursor.copy(f"COPY {table} {COLUMNS} FROM STDIN (FORMAT binary)") as copy:  # type: ignore[attr-defined]
        view = memoryview(payload)
        for start in range(0, len(view), chunk):
            copy.write(view[start : start + chunk])


def copy_out(cursor: object, query: str, params: list[object]) -> bytes:
    parts = []
    with cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT binary)", params) as copy:  # type: ignore[attr-defined]
        for data in copy:
            parts.append(bytes(data))
    return b"".join(parts)
