"""How much `defib check` costs over bare libcst parsing, measured side by side in one run.

Prints, for the test corpus and a generated 1,000-line Keras file:
- analysis time / libcst parse time of the same files (target: at most 1.5);
- the time to re-analyse the 1,000-line file after a one-line edit, as the language server
  does on each keystroke (target: under 30 ms).

Times are medians of repeated runs, interleaved so that machine noise hits both sides alike.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import libcst as cst

sys.path.insert(0, str(Path(__file__).parent))
from defib.engine import StatementCache, analyse_source
from keras_file import keras_script

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 7


def _parses(source: str) -> bool:
    try:
        cst.parse_module(source)
    except cst.ParserSyntaxError:
        return False
    return True


def _time(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def side_by_side(sources: list[str]) -> tuple[float, float]:
    """Median seconds for (analysing all sources with a cold cache, parsing them with libcst)."""
    analyse_times: list[float] = []
    parse_times: list[float] = []
    for _ in range(REPEATS):
        analyse_times.append(
            _time(lambda: [analyse_source(s, "bench.py", cache=StatementCache()) for s in sources])
        )
        parse_times.append(_time(lambda: [cst.parse_module(s) for s in sources]))
    return statistics.median(analyse_times), statistics.median(parse_times)


def keystroke(source: str) -> tuple[float, float]:
    """Median and worst ms to re-analyse `source` after editing one line, warm cache."""
    cache = StatementCache()
    analyse_source(source, "bench.py", cache=cache)
    lines = source.splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if "Dropout(0.2)" in line)
    times: list[float] = []
    for n in range(30):
        lines[target] = f"        layers.Dropout(0.{n % 9 + 1}),\n"
        edited = "".join(lines)
        times.append(
            _time(lambda text=edited: analyse_source(text, "bench.py", cache=cache)) * 1000
        )
    return statistics.median(times), max(times)


def main() -> None:
    corpus = sorted((ROOT / "tests" / "corpus").glob("*.py")) + sorted(
        (ROOT / "examples").glob("*.py")
    )
    sources = [p.read_text(encoding="utf-8") for p in corpus]
    sources = [s for s in sources if _parses(s)]  # the DF000 samples measure nothing here
    big = keras_script(1000)

    analysed, parsed = side_by_side(sources)
    print(f"corpus: {len(sources)} Keras files, {sum(s.count(chr(10)) for s in sources):,} lines")
    print(
        f"  defib analysis {analysed * 1000:7.1f} ms   libcst parse {parsed * 1000:7.1f} ms   ratio {analysed / parsed:.2f} (target <= 1.5)"
    )

    analysed, parsed = side_by_side([big])
    print(f"1,000-line Keras file ({big.count(chr(10))} lines), cold cache:")
    print(
        f"  defib analysis {analysed * 1000:7.1f} ms   libcst parse {parsed * 1000:7.1f} ms   ratio {analysed / parsed:.2f} (target <= 1.5)"
    )

    median, worst = keystroke(big)
    print("1,000-line Keras file, re-analysis after a one-line edit (warm cache):")
    print(f"  median {median:.1f} ms   worst {worst:.1f} ms   (target < 30 ms)")


if __name__ == "__main__":
    main()
