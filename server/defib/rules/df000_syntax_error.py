"""DF000 syntax-error."""

from __future__ import annotations

from defib.engine.diagnostics import Severity
from defib.engine.rules import Rule, RuleContext


class SyntaxErrorRule(Rule):
    """A file that Python cannot parse.

    ## What it does
    Reports the first syntax error of a file, as Python's own parser finds it (a malformed
    escape such as the Windows path `"C:\\Users\\..."` included); nothing else is checked in
    that file. An f-string that only Pythons before 3.12 refuse (`f"{row["key"]}"`, valid since
    PEP 701) is not an error when defib runs on one of them and libcst reads the file. A notebook
    is read as Jupyter runs it: Jupyter compiles each cell on its own, so a cell that does not
    compile (an exercise's `x = # YOUR CODE HERE`, a Python 2 `print`) fails alone while the
    others run. Each such cell is reported, and the rest of the notebook is checked without it;
    every name the broken cell may bind or change (an assignment, `model.add(...)`, an import)
    is then unknown, so a model or data it touches is not judged on what came before it. In
    the editor, a cell broken while it is typed keeps the notebook's last findings until it
    compiles again. An unresolved merge
    conflict is named as one, at its first marker (`<<<<<<<`), rather than where Python first
    stumbles over the markers, and a line that is an IPython command (`!pip install ...`,
    `%matplotlib inline`, kept by a notebook exported as a script) is named as one, as is a
    line of program output pasted as code (a Keras model summary, fit()'s log). A `.ipynb`
    file that is not a notebook (broken JSON, or a script saved under a notebook's name) is
    reported the same way, where its JSON breaks.

    Code written for Python 2 is named as such ("this is Python 2 code (a `print`
    statement)"). Where the only statements Python 3 refuses are the four that 2to3 rewrites
    one line at a time (`print x`, `except E, e:`, `exec "code"`, `raise E, "message"`, each
    whole on its line), the file, or the whole notebook, gets one such error, and the rules
    read it with those lines rewritten, every line kept in its place: the old Keras script's
    model is still checked. A fix is not offered on a rewritten line. Other Python 2 code
    (a tuple parameter `lambda (x, y):`, backquotes, `0777`, `10L`, `<>`, `ur""`, a `print`
    continued on the next line) stops the file as any syntax error does; the error names it,
    and says at which line it keeps the file from being read. Indentation that mixes tabs and
    spaces, which Python 2 accepted, is told as such, with the fix: spaces only.

    ## Why is this bad?
    Defib reads model code without running it, and it cannot read code that does not parse.
    The editor's Python extension already shows syntax errors, so the language server does not
    repeat them; `defib check` reports them so a CI run never passes a file silently.

    ## Example
    ```python
    model = keras.Sequential([Dense(10)
    ```

    ## Use instead
    ```python
    model = keras.Sequential([Dense(10)])
    ```

    ## Fix safety
    No fix.
    """

    code = "DF000"
    name = "syntax-error"
    severity = Severity.ERROR
    message = "The file does not parse"

    def check(self, ctx: RuleContext) -> None:
        """Reported by the engine itself, before any model is read."""
