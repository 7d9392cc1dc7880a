"""Write the extension's TypeScript types for the probe report from its one definition.

    python scripts/gen_report_types.py          # rewrite client/src/report/types.ts
    python scripts/gen_report_types.py --check  # exit 1 if it is out of date

The definition is `server/defib/probe/worker/schema.py`; this reads its source (not the
module) so that the comments above each field become the TypeScript documentation.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "server" / "defib" / "probe" / "worker" / "schema.py"
OUTPUT = ROOT / "client" / "src" / "report" / "types.ts"

HEADER = """\
// The probe report as `defib.probe` returns it.
// Generated from server/defib/probe/worker/schema.py by scripts/gen_report_types.py.
// Do not edit: change the definition there and run the script.
// Every field is optional here, whatever the definition says: a report is JSON from another
// process, and the webview must render whatever a server version sends.
"""

SCALARS = {"int": "number", "float": "number", "str": "string", "bool": "boolean", "Any": "unknown"}


def main(argv: list[str]) -> int:
    text = generate(SCHEMA.read_text())
    if "--check" in argv:
        if OUTPUT.read_text() != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run {Path(__file__).name}")
            return 1
        return 0
    OUTPUT.write_text(text)
    return 0


def generate(source: str) -> str:
    lines = source.splitlines()
    tree = ast.parse(source)
    blocks = [HEADER]
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and _is_typed_dict_class(node):
            blocks.append(_interface(node, lines))
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            name = node.targets[0]
            if not isinstance(name, ast.Name):
                continue
            value = node.value
            if isinstance(value, ast.Call) and _name(value.func) == "TypedDict":
                blocks.append(_functional_interface(name.id, node, value, lines))
            elif isinstance(value, ast.Subscript) and _name(value.value) == "Literal":
                blocks.append(_comment(node.lineno, lines, "") + _alias(name.id, value))
    return "\n".join(blocks)


def _is_typed_dict_class(node: ast.ClassDef) -> bool:
    return bool(node.bases)


def _interface(node: ast.ClassDef, lines: list[str]) -> str:
    bases = [_name(base) for base in node.bases if _name(base) != "TypedDict"]
    extends = f" extends {', '.join(bases)}" if bases else ""
    out = _docstring(node)
    out += f"export interface {node.name}{extends} {{\n"
    for item in node.body:
        if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            out += _field(item.target.id, item.annotation, item.lineno, lines)
    return out + "}\n"


def _functional_interface(name: str, node: ast.Assign, call: ast.Call, lines: list[str]) -> str:
    fields = call.args[1]
    assert isinstance(fields, ast.Dict)
    out = _comment(node.lineno, lines, "")
    out += f"export interface {name} {{\n"
    for key, value in zip(fields.keys, fields.values, strict=True):
        assert isinstance(key, ast.Constant) and value is not None
        out += _field(str(key.value), value, key.lineno, lines)
    return out + "}\n"


def _field(name: str, annotation: ast.expr, lineno: int, lines: list[str]) -> str:
    if isinstance(annotation, ast.Subscript) and _name(annotation.value) == "NotRequired":
        annotation = annotation.slice
    return _comment(lineno, lines, "  ") + f"  {name}?: {_type(annotation)};\n"


def _type(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return "null" if node.value is None else repr(node.value)
    if isinstance(node, ast.Name):
        return SCALARS.get(node.id, node.id)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return f"{_type(node.left)} | {_type(node.right)}"
    if isinstance(node, ast.Subscript):
        outer = _name(node.value)
        args = _args(node)
        if outer == "list":
            inner = _type(args[0])
            return f"({inner})[]" if "|" in inner else f"{inner}[]"
        if outer == "dict":
            return f"Record<string, {_type(args[1])}>"
        if outer == "Literal":
            return " | ".join(_type(arg) for arg in args)
    raise ValueError(f"no TypeScript for {ast.unparse(node)}")


def _alias(name: str, node: ast.Subscript) -> str:
    one_line = f"export type {name} = {_type(node)};\n"
    if len(one_line) <= 100:
        return one_line
    options = "".join(f"\n  | {_type(arg)}" for arg in _args(node))
    return f"export type {name} ={options};\n"


def _args(node: ast.Subscript) -> list[ast.expr]:
    return list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]


def _docstring(node: ast.ClassDef) -> str:
    doc = ast.get_docstring(node)
    return f"/** {' '.join(doc.split())} */\n" if doc else ""


def _comment(lineno: int, lines: list[str], indent: str) -> str:
    """The `#` comment lines right above line `lineno` (1-based), as a doc comment."""
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].strip().startswith("#"):
        found.insert(0, lines[index].strip().lstrip("#").strip())
        index -= 1
    return f"{indent}/** {' '.join(found)} */\n" if found else ""


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
