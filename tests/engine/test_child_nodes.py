"""`child_nodes` must give exactly what libcst's `children` gives, in the same order: every
walk of the engine uses it in place of `children`, and the order decides which of two
matches a walk finds first."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from defib.engine.source import child_nodes

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# Every kind of node the corpus may lack: decorators, f-strings with conversions and format
# specs, star imports, match statements, walrus, async, try/except*, type hints.
EVERY_KIND = """
from a import *
from b import (c as d, e)
import f.g as h, i
@decorator(1)
async def k(x: int, /, y=2, *args: str, z, **kw) -> "T":
    async with a as (b, c), d:
        async for e in f:
            yield e
    await g
    return [m async for m in n if m] or {o: p for o, p in q} or {*r} or (s for s in t)
class U(V, metaclass=W):
    x: int = 1
    def f(self): return lambda a, *b, c=1, **d: (a if b else c)
match command:
    case [Point(x=0, y=0), *rest] if rest:
        pass
    case {"k": v, **more} | str() as name:
        pass
try:
    pass
except* ValueError as err:
    raise err from None
finally:
    del a[1:2, ::3], b.c
while (n := n - 1) > 0:
    global q
    nonlocal_name = f"{n!r:>{width}} {n=}" + rb"x" rb"y"
    x += ~-n ** 2 @ m // 3
    assert x, "msg"
else:
    print(*a, **b, sep="")
"""


def _sources() -> list[str]:
    sources = [EVERY_KIND]
    sources += [path.read_text() for path in sorted(CORPUS.glob("*.py"))]
    return sources


@pytest.mark.parametrize("index", range(len(_sources())))
def test_child_nodes_are_children_in_order(index: int) -> None:
    try:
        module = cst.parse_module(_sources()[index])
    except cst.ParserSyntaxError:
        pytest.skip("a corpus file written not to parse")
    stack: list[cst.CSTNode] = [module]
    kinds = 0
    while stack:
        node = stack.pop()
        expected = list(node.children)
        got = child_nodes(node)
        assert len(got) == len(expected), type(node).__name__
        assert all(a is b for a, b in zip(got, expected, strict=True)), type(node).__name__
        stack.extend(expected)
        kinds += 1
    assert kinds > 1
