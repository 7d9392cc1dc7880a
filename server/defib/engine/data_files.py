"""What a data file the code reads holds: the scale of its numbers.

A script that reads `pd.read_csv("heart.csv")` and passes the columns to `fit()` may or may not
have scaled them: the code cannot say, the file can. When the file is on disk beside the code
(looked up from the code's folder, as the script is run from there or from a folder above),
its first rows are read as text, never run, and their numbers measured. A file that cannot be
found or read is simply not known.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from defib.engine.source import code_only

if TYPE_CHECKING:
    from collections.abc import Sequence

    from defib.engine.model import Located

# How much of a file is read: its first 2 MB (about 20,000 rows of 10 columns), enough to see
# the scale of every column of a table whose rows are alike.
_MAX_BYTES = 2_000_000
# How many folders above the code's own a relative path is also looked up in (a notebook in
# `notebooks/` that reads `data/train.csv`, run from the repository's root).
_FOLDERS_ABOVE = 3
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# A file of a repository on GitHub, as its raw address gives it: the path in the repository.
_RAW_GITHUB = re.compile(r"^https?://raw\.githubusercontent\.com/[^/]+/[^/]+/[^/]+/(.+)$")
_DRIVE = re.compile(r"^[a-zA-Z]:[/\\]")  # a Windows path
_ELSEWHERE = re.compile(r"(^|/)(kaggle/)?input/")  # Kaggle's mounted data sets


@dataclass(frozen=True)
class Column:
    """One numeric column of a table's first rows."""

    name: str  # its header ("" when the file has none)
    number: int  # 1-based
    largest: float  # the largest absolute value
    farthest: float  # the largest distance from the column's mean: its largest once centred
    standardised: bool  # centred on zero with a spread of about one (a scaler's output)
    row_ids: bool  # 0, 1, 2, ... or 1, 2, 3, ...: row numbers, not a measurement
    # Its values, smallest first, when there are at most 20 different ones (classes, codes).
    distinct: tuple[float, ...] | None = None

    @property
    def shown(self) -> str:
        """As messages show it: "column 'chol'", "its 3rd column" (counted from one, which
        code that indexes from zero would call column 2)."""
        if self.name:
            return f"column '{self.name}'"
        n = self.number
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"its {n}{suffix} column"


@dataclass(frozen=True)
class FileScale:
    """The numbers of a table's first rows."""

    name: str  # the file's name, as messages show it
    columns: tuple[Column, ...]  # its numeric columns
    text_columns: int  # how many columns hold text (a header row aside): a label, a name
    rows: int  # rows read
    rows_in_file: int = 0  # the rows of the whole file, estimated from its size where it is cut

    @property
    def width(self) -> int:
        """How many columns the table has."""
        return len(self.columns) + self.text_columns

    def largest(
        self,
        leaving_out: frozenset[str] = frozenset(),
        features: slice | None = None,
        centred: bool = False,
        numbers_out: frozenset[int] = frozenset(),
        only: frozenset[str] | None = None,
    ) -> Column | None:
        """The column with the largest values that is neither standardised nor row numbers,
        nor named in `leaving_out` (the labels, columns the code drops) nor numbered in
        `numbers_out` (1-based: labels taken by number), nor outside the `features` slice of the
        table's columns or the `only` columns named; None when none is. `centred`: the code
        subtracts each column's mean, so a column is as large as its farthest value from it."""
        kept = set(range(1, self.width + 1)[features]) if features is not None else None
        measured = [
            c
            for c in self.columns
            if not c.standardised
            and not c.row_ids
            and c.name not in leaving_out
            and c.number not in numbers_out
            and (kept is None or c.number in kept)
            and (only is None or c.name in only)
        ]
        return max(measured, key=lambda c: c.farthest if centred else c.largest, default=None)


def find_data_file(code_path: str, written: str) -> Path | None:
    """The file a path typed in the code names, if it is on disk: relative paths are looked up
    from the code's folder and up to three folders above. A path of another machine (Colab's
    `/content/heart.csv`, `C:/Users/me/Downloads/heart.csv`, Kaggle's `../input/...`, a raw
    GitHub address) is looked up by its file name in those folders. None for other URLs and
    missing files."""
    if not code_path or not written or "\0" in written:
        return None
    raw = _RAW_GITHUB.match(written)
    if _REMOTE.match(written) and raw is None:
        return None
    typed = Path(raw.group(1) if raw else written)
    try:
        folder = Path(os.path.abspath(code_path)).parent
        places = [folder, *list(folder.parents)[:_FOLDERS_ABOVE]]
        if typed.is_absolute() and typed.is_file():
            return typed
        elsewhere = typed.is_absolute() or _DRIVE.match(written) is not None
        if not elsewhere:
            for place in places:
                candidate = place / typed
                if candidate.is_file():
                    return candidate
            # A path written from a folder above the checkout, under the repository's own
            # name (`./datacamp_repo/course/data/darts.csv`, cloned as another name): its
            # tail, as long as a folder and the file remain.
            parts = [part for part in typed.parts if part not in (".", "")]
            for start in range(1, len(parts) - 1):
                tail = Path(*parts[start:])
                for place in places:
                    candidate = place / tail
                    if candidate.is_file():
                        return candidate
        if elsewhere or raw is not None or _ELSEWHERE.search(written):
            # Written on another machine: the copy committed beside the code, by its name.
            name = re.split(r"[/\\]", written)[-1]
            for place in places:
                if name and (place / name).is_file():
                    return place / name
    except (OSError, ValueError):
        return None
    return None


def file_scale(
    path: Path,
    delimiter: str | None,
    columns: frozenset[int] | None = None,
    index_column: int | None = None,
    header: bool | None = None,
) -> FileScale | None:
    """The scale of the numbers in `path`'s first rows, split at `delimiter` (None: runs of
    whitespace), in the `columns` read (0-based; None: all) but the `index_column` (the row
    labels). `header`: whether the first row names the columns (pandas reads it so unless told
    otherwise, even when it holds numbers); None: a first row of text is taken as one. None
    when the file cannot be read or holds no numbers there."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _file_scale(
        str(path), delimiter, columns, index_column, header, stat.st_mtime_ns, stat.st_size
    )


@lru_cache(maxsize=64)
def _file_scale(
    path: str,
    delimiter: str | None,
    columns: frozenset[int] | None,
    index_column: int | None,
    header_row: bool | None,
    mtime: int,
    size: int,
) -> FileScale | None:
    # `mtime` and `size` key the cache: a file written again is read again.
    try:
        with open(path, "rb") as file:
            data = file.read(_MAX_BYTES)
    except OSError:
        return None
    if b"\0" in data[:4096]:
        return None  # binary (a NumPy .npy or a spreadsheet under a .csv name)
    text = data.decode("utf-8", errors="replace")
    lines = text.splitlines()
    if size > len(data) and lines:
        lines.pop()  # cut in the middle
    if delimiter is None:
        rows = [line.split() for line in lines]
    else:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            return None  # a NUL further in, a field past csv's size limit
    rows = [row for row in rows if row and not row[0].lstrip().startswith("#")]
    if len(rows) < 2:
        return None
    numbers_first = all(_number(cell) is not None for cell in rows[0])
    # A first row of text alone names the columns even where the code reads it as a row
    # (`header=None`, then `df.values[1:]` skips it): it is never one of the numbers.
    words_first = not any(_number(cell) is not None for cell in rows[0])
    named = words_first or (header_row if header_row is not None else not numbers_first)
    # A first row pandas takes as the header is skipped; its numbers are not shown as names.
    header = rows[0] if named and not numbers_first else None
    body = rows[1:] if named else rows
    values: dict[int, list[float]] = {}
    text_columns: set[int] = set()
    for row in body:
        for index, cell in enumerate(row):
            if index == index_column or (columns is not None and index not in columns):
                continue
            value = _number(cell)
            if value is None:
                if cell.strip() and cell.strip().lower() not in _MISSING:
                    text_columns.add(index)
                continue
            values.setdefault(index, []).append(value)
    numeric = [
        _column(index, header[index].strip() if header and index < len(header) else "", found)
        for index, found in sorted(values.items())
        if index not in text_columns
    ]
    if not numeric:
        return None
    whole = len(body) if size <= len(data) else round(len(body) * size / len(data))
    return FileScale(Path(path).name, tuple(numeric), len(text_columns), len(body), whole)


def _column(index: int, name: str, values: list[float]) -> Column:
    count = len(values)
    mean = math.fsum(values) / count
    spread = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / count)
    first = values[0]
    different = sorted(set(values))
    return Column(
        name=name,
        number=index + 1,
        largest=max(abs(v) for v in values),
        farthest=max(abs(v - mean) for v in values),
        # A training split of a standardised table is centred and spread about one, not
        # exactly (a tenth of a spread off, within 30%), over enough rows to tell.
        standardised=count >= 20 and abs(mean) <= 0.1 and 0.7 <= spread <= 1.3,
        row_ids=count >= 20
        and first in (0.0, 1.0)
        and all(v == first + i for i, v in enumerate(values)),
        distinct=tuple(different) if len(different) <= _MOST_DISTINCT else None,
    )


_MOST_DISTINCT = 20


_MISSING = frozenset({"nan", "na", "n/a", "null", "none", "?", "-"})


def _number(cell: str) -> float | None:
    try:
        value = float(cell)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


# --- the read call ----------------------------------------------------------------------


def typed_path(origin: Located | None) -> str | None:
    """The path typed as the first argument of the read call at `origin`
    (`pd.read_csv("heart.csv")`): None when it is not a string literal."""
    call = origin.node if origin is not None else None
    if not isinstance(call, cst.Call) or not call.args:
        return None
    path = call.args[0].value
    # One literal, or several written side by side (`"./data/" "train.csv"`), f-strings not.
    written = (
        path.evaluated_value
        if isinstance(path, (cst.SimpleString, cst.ConcatenatedString))
        else None
    )
    return written if isinstance(written, str) else None


# The functions that read a table from a text file, and how they split a line by default.
_TABLE_READERS = {"read_csv": ",", "read_table": "\t", "loadtxt": None, "genfromtxt": None}


def read_call_scale(
    code_path: str, origin: Located | None, path: str | None = None
) -> FileScale | None:
    """The scale of the numbers in the file read at `origin` (`pd.read_csv("heart.csv")`), when
    its path is typed there (or is the known `path` of a name given there) and the file is on
    disk beside the code."""
    written = typed_path(origin) or path
    call = origin.node if origin is not None else None
    if written is None or not isinstance(call, cst.Call) or not call.args:
        return None
    if call.args[0].keyword is not None:
        return None
    function = call.func.attr if isinstance(call.func, cst.Attribute) else call.func
    reader = function.value if isinstance(function, cst.Name) else ""
    if reader not in _TABLE_READERS:
        return None
    delimiter = _TABLE_READERS[reader]
    columns: frozenset[int] | None = None
    index_column: int | None = None
    # pandas takes the first row as the column names, numbers or not, unless `header=None` or
    # `names=` says the file has none; NumPy's readers take every row as data.
    keywords = {arg.keyword.value: arg.value for arg in call.args if arg.keyword is not None}
    header: bool | None = None
    if reader in ("read_csv", "read_table"):
        given = keywords.get("header")
        if (isinstance(given, cst.Name) and given.value == "None") or (
            given is None and "names" in keywords
        ):
            header = False
        elif given is None or (isinstance(given, cst.Integer) and given.value == "0"):
            header = True
    for arg in call.args[1:]:
        keyword = arg.keyword.value if arg.keyword is not None else None
        if keyword == "delim_whitespace":
            delimiter = None
        if keyword == "index_col" and isinstance(arg.value, cst.Integer):
            index_column = arg.value.evaluated_value  # the row labels, not a feature
        if keyword == "usecols":
            columns = _column_numbers(arg.value)
            if columns is None:
                return None  # columns picked by name or by a function
        if keyword not in ("sep", "delimiter"):
            continue
        typed = arg.value.evaluated_value if isinstance(arg.value, cst.SimpleString) else None
        if not isinstance(typed, str):
            return None
        if typed.strip() in ("", r"\s+"):
            delimiter = None
        elif len(typed) == 1:
            delimiter = typed
        else:
            return None  # a regular expression
    found = find_data_file(code_path, written)
    if found is None:
        return public_file_scale(written, columns)
    return file_scale(found, delimiter, columns, index_column, header)


def _measured(
    name: str,
    ranges: Sequence[tuple[float, float, float]],
    text: int,
    names: Sequence[str] = (),
) -> FileScale:
    """A public table's scale from its columns' (smallest, largest, mean), and their names
    where the code that reads it gives them (so that `pop("Age")` leaves the labels out)."""
    columns = tuple(
        Column(
            names[number - 1] if number <= len(names) else "",
            number,
            max(abs(low), abs(high)),
            max(high - mean, mean - low),
            False,
            False,
        )
        for number, (low, high, mean) in enumerate(ranges, start=1)
    )
    return FileScale(name, columns, text, rows=0)


# Public tables that tutorials read by their well-known names and often do not ship, with
# their columns' ranges from the UCI repository's descriptions, which stand in for the file.
# Only tables whose every feature is on scale are listed: a hint to scale them is always wrong.
_IRIS = _measured(
    "iris (the public UCI table)",
    [(4.3, 7.9, 5.84), (2.0, 4.4, 3.05), (1.0, 6.9, 3.76), (0.1, 2.5, 1.20)],
    text=1,
)
_IONOSPHERE = _measured(
    "ionosphere (the public UCI table)",
    [(0.0, 1.0, 0.89), (0.0, 0.0, 0.0)] + [(-1.0, 1.0, 0.0)] * 32,
    1,
)
_SONAR = _measured("sonar (the public UCI table)", [(0.0, 1.0, 0.5)] * 60, 1)
# TensorFlow's "Load CSV data" tutorial's abalone tables: UCI's seven measurements (in
# millimetres / 200 and grams / 200, as published), then the rings, the tutorial's "Age" label.
_ABALONE = _measured(
    "abalone (TensorFlow's copy of the public UCI table)",
    [
        *((0.075, 0.815, 0.524), (0.055, 0.65, 0.408), (0.0, 1.13, 0.140)),
        *((0.002, 2.826, 0.829), (0.001, 1.488, 0.359), (0.0005, 0.76, 0.181)),
        *((0.0015, 1.005, 0.239), (1.0, 29.0, 9.93)),
    ],
    0,
    names=(
        "Length",
        "Diameter",
        "Height",
        "Whole weight",
        "Shucked weight",
        "Viscera weight",
        "Shell weight",
        "Age",
    ),
)
# Kaggle's ECG heartbeat tables (from MIT-BIH and PTB): 187 samples of one beat each, every
# beat scaled to [0, 1] by the set's authors, then the class as a number (0-4 in MIT-BIH, 0 or
# 1 in PTB); no header.
_BEAT = [(0.0, 1.0, 0.2)] * 187
_MITBIH = _measured("the MIT-BIH heartbeat table (Kaggle's ECG set)", [*_BEAT, (0.0, 4.0, 0.5)], 0)
_PTBDB = _measured("the PTB heartbeat table (Kaggle's ECG set)", [*_BEAT, (0.0, 1.0, 0.7)], 0)
_PUBLIC_FILES = {
    "mitbih_train.csv": _MITBIH,
    "mitbih_test.csv": _MITBIH,
    "ptbdb_normal.csv": _PTBDB,
    "ptbdb_abnormal.csv": _PTBDB,
    "iris.csv": _IRIS,
    "iris.data": _IRIS,
    "iris.txt": _IRIS,
    "ionosphere.csv": _IONOSPHERE,
    "ionosphere.data": _IONOSPHERE,
    "sonar.csv": _SONAR,
    "abalone_train.csv": _ABALONE,
    "abalone_test.csv": _ABALONE,
    "sonar.data": _SONAR,
    "sonar.all-data": _SONAR,
    "sonar.all-data.csv": _SONAR,
}


def public_file_scale(written: str, columns: frozenset[int] | None = None) -> FileScale | None:
    """The scale of a well-known public table named by the path typed in the code, when it is
    not on disk beside it; the `columns` read (0-based), if the code picks some."""
    name = re.split(r"[/\\]", written)[-1].lower()
    # A copy numbered by a course (`iris3.csv`, `sonar_2.csv`) is the same table.
    known = _PUBLIC_FILES.get(name) or _PUBLIC_FILES.get(
        re.sub(r"[_-]?\d+(?=\.)", "", name, count=1)
    )
    if known is None or columns is None:
        return known
    kept = tuple(c for c in known.columns if c.number - 1 in columns)
    return FileScale(known.name, kept, known.text_columns, known.rows) if kept else None


def _column_numbers(node: cst.BaseExpression) -> frozenset[int] | None:
    """`usecols=(0, 2, 3)` or `usecols=[1, 2]`: the column numbers; None for anything else."""
    if isinstance(node, cst.Integer):
        return frozenset({node.evaluated_value})
    if not isinstance(node, (cst.Tuple, cst.List)):
        return None
    numbers = [e.value for e in node.elements]
    if not numbers or not all(isinstance(n, cst.Integer) for n in numbers):
        return None
    return frozenset(n.evaluated_value for n in numbers if isinstance(n, cst.Integer))


# The start of a line that sets the labels: `y = `, `Y_train = `, `target = `, `labels = `.
# Spaces within the line only: `^\s*` would read every run of blank lines once per line in it.
_LABELS_SET = r"^[ \t]*(?:y\w*|Y\w*|\w*_y|target\w*|labels?)[ \t]*=[ \t]*"
# A column picked by its number, of all rows or some: `[:, 8]`, `[..., 7]`, `[:700, -1]`.
_COLUMN_INDEX = r"\[[^,\[\]]*,\s*(-?\d+)\s*\]"

# `y = df["quality"]`, `Y_train = data.loc[:, "target"]`, `labels = df[["price"]]`.
_LABEL_COLUMN = re.compile(
    _LABELS_SET + r"[\w.]+?(?:\.loc)?\[\s*(?::\s*,\s*)?\[?\s*['\"]([^'\"]+)['\"]",
    re.MULTILINE,
)


# `y = df.Income`, `labels = data.target.values`: a column taken as an attribute.
_LABEL_ATTRIBUTE = re.compile(
    _LABELS_SET + r"[A-Za-z_]\w*\.([A-Za-z_]\w*)(?:\.values|\.to_numpy\(\))?[ \t]*(?:#.*)?$",
    re.MULTILINE,
)
# `y = dataset[:, 8]`, `Y = dat[..., 7]`, `y = df.iloc[:, -1].values`, `y = data[:700, -1]`: a
# column by its number, of all rows or some.
_LABEL_NUMBER = re.compile(
    _LABELS_SET + r"[\w.]+?(?:\.values|\.to_numpy\(\))?(?:\.iloc)?" + _COLUMN_INDEX,
    re.MULTILINE,
)
_COLUMN_PICKED = re.compile(_COLUMN_INDEX)
# Attributes of a DataFrame that an attribute-style label line may name: not columns.
_FRAME_ATTRIBUTES = frozenset({"values", "T", "shape", "columns", "index", "iloc", "loc"})


def label_columns(statements: Sequence[str]) -> frozenset[str]:
    """The columns the code takes as its labels by name (`y = df["price"]`, `y = df.price`)."""
    code = list(code_only(statements))
    named = {m.group(1) for text in code for m in _LABEL_COLUMN.finditer(text)}
    attributes = {m.group(1) for text in code for m in _LABEL_ATTRIBUTE.finditer(text)}
    return frozenset(named | (attributes - _FRAME_ATTRIBUTES))


def label_column_numbers(statements: Sequence[str], width: int) -> frozenset[int]:
    """The columns (1-based) of a table `width` columns wide that the code takes as its labels
    by number (`y = dataset[:, 8]`, `y = df.iloc[:, -1]`)."""
    numbers = {
        int(m.group(1)) for text in code_only(statements) for m in _LABEL_NUMBER.finditer(text)
    }
    return frozenset(n + 1 if n >= 0 else width + n + 1 for n in numbers)


def column_touched(statements: Sequence[str], name: str) -> bool:
    """Whether a line of the code mentions the column `name` other than to take it as the labels
    (`y = df["Dataset"]`) or to drop it from the features: `df["Dataset"].replace(2, 0)`,
    `df.loc[df["Dataset"] == 2, "Dataset"] = 0` may recode it before it is read."""
    quoted = re.compile(rf"""['"]{re.escape(name)}['"]""")
    for code in code_only(statements):
        for line in code.splitlines():
            if quoted.search(line) and not _LABEL_COLUMN.match(line) and "drop" not in line:
                return True
    return False


def column_number_touched(statements: Sequence[str], number: int, width: int) -> bool:
    """Whether a line of the code indexes column `number` (1-based) of a table `width` columns
    wide other than to take it as the labels (`y = data[:, 7]`): `data[:, 7] -= 1` may recode
    it before it is read."""
    indices = {number - 1, number - 1 - width}
    for code in code_only(statements):
        for line in code.splitlines():
            if _LABEL_NUMBER.match(line):
                continue
            if any(int(m.group(1)) in indices for m in _COLUMN_PICKED.finditer(line)):
                return True
    return False
