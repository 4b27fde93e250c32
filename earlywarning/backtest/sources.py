"""Where a backtest folder comes from: a directory, a zip archive, or files sent through a form.

Each source becomes a mapping from file name (``eleves.csv``…) to bytes. Only ``.csv`` files count;
an unexpected ``.csv`` name is refused so that a typo is not silently ignored.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath

from earlywarning.backtest.problems import BacktestInputError, Problem
from lib.filetypes import is_docx, sniff_document

NAMES = ("eleves.csv", "resultats.csv", "absences.csv", "presences.csv", "evenements.csv", "issues.csv")
MAX_ZIP_BYTES = 500 * 1024 * 1024  # uncompressed total of an archive


ZIP_MAGIC = b"PK\x03\x04"


def looks_like_text(data: bytes) -> bool:
    """A CSV export is text: no NUL byte and no document signature in its first kilobytes."""
    head = data[:4096]
    return b"\x00" not in head and sniff_document(data) is None


def _add(files: dict[str, bytes], problems: list[Problem], name: str, data: bytes) -> None:
    key = name.lower()
    if not key.endswith(".csv"):
        return
    if not looks_like_text(data):
        problems.append(Problem(name, None, "ce fichier n'est pas un fichier CSV (texte) : contenu refusé"))
    elif key not in NAMES:
        problems.append(Problem(name, None, f"fichier inattendu (fichiers acceptés : {', '.join(NAMES)})"))
    elif key in files:
        problems.append(Problem(name, None, "fichier en double"))
    else:
        files[key] = data


def _finish(files: dict[str, bytes], problems: list[Problem]) -> dict[str, bytes]:
    if problems:
        raise BacktestInputError(problems)
    return files


def from_directory(path: str | Path) -> dict[str, bytes]:
    folder = Path(path)
    if not folder.is_dir():
        raise BacktestInputError([Problem(str(path), None, "dossier introuvable")])
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for item in sorted(folder.iterdir()):
        if item.is_file():
            _add(files, problems, item.name, item.read_bytes())
    return _finish(files, problems)


def from_zip(data: bytes, name: str = "archive.zip") -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BacktestInputError([Problem(name, None, "archive zip illisible")]) from None
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if sum(info.file_size for info in infos) > MAX_ZIP_BYTES:
        raise BacktestInputError([Problem(name, None, "archive trop volumineuse une fois décompressée")])
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for info in infos:
        base = PurePosixPath(info.filename).name
        if base.startswith(".") or "__MACOSX" in info.filename:
            continue
        try:
            data = archive.read(info)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error):
            problems.append(Problem(name, None, f"fichier « {info.filename} » illisible dans l'archive"))
            continue
        _add(files, problems, base, data)
    return _finish(files, problems)


def from_uploads(uploads: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
    """Files sent through a form: CSV files, or one zip archive holding them."""
    items = list(uploads)
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, data in items:
        # judged by the content, not by the name (docs/securite.md): a zip is a zip by its signature,
        # a CSV is text; a PDF, an image or a program named ".csv" is refused
        if data[:4] == ZIP_MAGIC and not is_docx(data):
            if len(items) > 1:
                problems.append(Problem(name, None, "envoyez soit une archive zip, soit les fichiers CSV"))
                continue
            return from_zip(data, name)
        if not name.lower().endswith(".csv"):
            problems.append(Problem(name, None, "seuls des fichiers .csv ou une archive .zip sont acceptés"))
            continue
        _add(files, problems, name, data)
    return _finish(files, problems)


def describe(files: Mapping[str, bytes]) -> list[str]:
    return [name for name in NAMES if name in files]
