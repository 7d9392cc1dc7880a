"""A statement whose indentation mixes tabs and spaces in a way Python accepts and libcst's
tokenizer does not is read with its tabs expanded, and reported and fixed in the text as
written. Seen on a held-out SRGAN generator: a method body indented with a tab and four spaces
under a `def` indented with four spaces."""

from __future__ import annotations

import ast

from defib.engine import analyse_source
from defib.engine.fixes import apply_fixes

# Lines 7-15 of the method body open with a tab and four spaces; line 10 and 11 with two tabs.
PROGRAM = (
    "import keras\n"
    "from keras.layers import Dense, Input\n"
    "from keras.models import Model\n"
    "\n"
    "class Generator(object):\n"
    "    def generator(self):\n"
    "\t    inp = Input(shape=(8,))\n"
    "\t    x = Dense(16, activation='relu')(inp)\n"
    "\t    out = Dense(\n"
    "\t\t    1,\n"
    "\t\t    activation='softmax',\n"
    "\t    )(x)\n"
    "\t    model = Model(inp, out)\n"
    "\t    model.compile(optimizer='adam', loss='binary_crossentropy')\n"
    "\t    return model\n"
)


def test_the_statement_is_read_and_the_finding_placed_in_the_line_as_written() -> None:
    ast.parse(PROGRAM)  # Python accepts the mix
    analysis = analyse_source(PROGRAM, "srgan.py")
    assert analysis.skipped_statements == []
    (finding,) = [d for d in analysis.diagnostics if d.code == "DF401"]
    start, end = finding.range.start, finding.range.end
    line = PROGRAM.splitlines()[start.line - 1]
    assert (start.line, line[start.column : end.column]) == (11, "'softmax'")


def test_fixes_edit_the_text_as_written_and_keep_its_tabs() -> None:
    analysis = analyse_source(PROGRAM, "srgan.py")
    fixed = apply_fixes(PROGRAM, analysis.diagnostics, unsafe=True)
    assert fixed == PROGRAM.replace("'softmax'", "'sigmoid'")
    # A fix that adds an argument to a call spread over tab-indented lines.
    linear = PROGRAM.replace("\t\t    activation='softmax',\n", "")
    found = analyse_source(linear, "srgan.py").diagnostics
    assert [d.code for d in found if d.fix is not None] == ["DF404"]
    fixed = apply_fixes(linear, found, unsafe=True)
    assert "\t\t    1, activation='sigmoid',\n\t    )(x)\n" in fixed
    ast.parse(fixed)
