"""Defib never runs the user's code unless asked, in a trusted workspace, without a shell.

A "booby-trapped" script writes a marker file the moment it is executed; an interpreter
setting points at a fake interpreter that writes another marker when started. Neither
marker may appear from opening, editing, saving, hovering, lenses or code actions, nor from
a probe command in an untrusted workspace.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .rpc import RawServer

pytestmark = pytest.mark.timeout(120)
REQUEST_FAILED = -32803


def trapped_script(marker: Path) -> str:
    return (
        f"open({str(marker)!r}, 'w').write('ran')\n"
        "from tensorflow import keras\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1, "
        "activation='softmax')])\n"
        "model.compile(optimizer=keras.optimizers.SGD(learning_rate=50.0), loss='mse')\n"
    )


def fake_interpreter(directory: Path, marker: Path) -> Path:
    """An executable that records that it was started, then fails like a broken Python."""
    path = directory / "fake-python"
    path.write_text(f"#!/bin/sh\necho started >> '{marker}'\nexit 3\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.script_marker = root.parent / "script-ran"
        self.interpreter_marker = root.parent / "interpreter-started"
        self.interpreter = fake_interpreter(root.parent, self.interpreter_marker)
        self.script = root / "train.py"
        self.script.write_text(trapped_script(self.script_marker))
        self.uri = self.script.as_uri()

    def settings(self, trusted: bool | None) -> dict[str, object]:
        options: dict[str, object] = {
            "settings": {"interpreter": [str(self.interpreter)], "probe": {"warmOnStart": True}}
        }
        if trusted is not None:
            options["workspaceTrusted"] = trusted
        return options

    def nothing_ran(self) -> bool:
        return not self.script_marker.exists() and not self.interpreter_marker.exists()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    root = tmp_path / "project"
    root.mkdir()
    return Workspace(root)


@pytest.fixture
def started() -> Iterator[list[RawServer]]:
    servers: list[RawServer] = []
    yield servers
    for server in servers:
        server.kill()


def serve(started: list[RawServer], workspace: Workspace, trusted: bool | None) -> RawServer:
    server = RawServer(cwd=workspace.root)
    started.append(server)
    server.initialize(workspace.settings(trusted))
    return server


def edit_save_and_ask_everything(server: RawServer, workspace: Workspace) -> None:
    text = workspace.script.read_text()
    server.open(workspace.uri, text)
    server.replace(workspace.uri, text + "\n# edited\n", 2)
    server.notify("textDocument/didSave", {"textDocument": {"uri": workspace.uri}, "text": text})
    document = {"textDocument": {"uri": workspace.uri}}
    position = {"line": 2, "character": 70}
    for method, params in [
        ("textDocument/hover", {**document, "position": position}),
        ("textDocument/codeLens", document),
        (
            "textDocument/codeAction",
            {
                **document,
                "range": {"start": {"line": 0, "character": 0}, "end": position},
                "context": {"diagnostics": []},
            },
        ),
    ]:
        reply = server.call(method, params)
        assert "result" in reply, reply
    server.notify("workspace/didChangeConfiguration", {"settings": {"defib": {"enable": True}}})
    server.settled_diagnostics(workspace.uri)


def probe(server: RawServer, workspace: Workspace) -> dict[str, object]:
    return server.call(
        "workspace/executeCommand",
        {"command": "defib.probe", "arguments": [{"uri": workspace.uri, "line": 2}]},
        timeout=60,
    )


@pytest.mark.parametrize("trusted", [False, None, True], ids=["untrusted", "unsaid", "trusted"])
def test_editing_never_runs_the_script_or_the_interpreter(
    workspace: Workspace, started: list[RawServer], trusted: bool | None
) -> None:
    server = serve(started, workspace, trusted)
    edit_save_and_ask_everything(server, workspace)
    time.sleep(0.5)
    if trusted:
        # warmOnStart is set: a trusted workspace may start the interpreter, never the script.
        assert not workspace.script_marker.exists()
    else:
        assert workspace.nothing_ran()


@pytest.mark.parametrize("trusted", [False, None], ids=["untrusted", "unsaid"])
def test_probe_command_is_refused_when_untrusted(
    workspace: Workspace, started: list[RawServer], trusted: bool | None
) -> None:
    server = serve(started, workspace, trusted)
    server.open(workspace.uri, workspace.script.read_text())
    reply = probe(server, workspace)
    assert reply.get("error", {}).get("code") == REQUEST_FAILED, reply
    assert "trust" in reply["error"]["message"]
    assert workspace.nothing_ran()


def test_trust_withdrawn_by_configuration_refuses_the_probe(
    workspace: Workspace, started: list[RawServer]
) -> None:
    server = serve(started, workspace, trusted=True)
    server.notify(
        "workspace/didChangeConfiguration",
        {"settings": {"defib": {"interpreter": [str(workspace.interpreter)]}}},
    )
    server.notify(
        "workspace/didChangeConfiguration", {"settings": {"defib": {"workspaceTrusted": False}}}
    )
    reply = probe(server, workspace)
    assert reply.get("error", {}).get("code") == REQUEST_FAILED, reply
    assert not workspace.script_marker.exists()


def test_trusted_probe_uses_the_interpreter_setting(
    workspace: Workspace, started: list[RawServer]
) -> None:
    """The control for the tests above: trusted, the same setting does start that program."""
    server = serve(started, workspace, trusted=True)
    reply = probe(server, workspace)
    assert "result" in reply, reply
    assert reply["result"]["verdict"] == "error"
    assert workspace.interpreter_marker.exists()
    assert not workspace.script_marker.exists()  # the fake interpreter never runs it


# --- the probe runner itself, with real TensorFlow --------------------------------------------

HOSTILE_NAME = "py thon;$(touch pwned)`touch pwned2`"


def hostile_interpreter(directory: Path) -> Path:
    """A working Python whose path has spaces and shell syntax (a venv lookalike)."""
    env = directory / "env; $(touch pwned) x"
    (env / "bin").mkdir(parents=True)
    base = Path(sys.prefix)
    (env / "pyvenv.cfg").write_text((base / "pyvenv.cfg").read_text())
    (env / "lib").symlink_to(base / "lib")
    python = env / "bin" / HOSTILE_NAME
    python.symlink_to(os.path.realpath(sys.executable))
    return python


def tree(root: Path) -> dict[str, tuple[int, float]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture(scope="module")
def hostile_probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not (Path(sys.prefix) / "pyvenv.cfg").exists():
        pytest.skip("needs the tests to run from a virtual environment")
    pytest.importorskip("tensorflow")
    from defib.probe.runner import ProbeRequest, run_probe

    base = tmp_path_factory.mktemp("hostile")
    python = hostile_interpreter(base)
    workspace = base / "workspace"
    workspace.mkdir()
    (workspace / "helpers.py").write_text("UNITS = 1\n")
    (workspace / "train.py").write_text(
        "import numpy as np\nfrom tensorflow import keras\nfrom helpers import UNITS\n\n"
        "x = np.random.rand(64, 4).astype('float32')\ny = np.random.randint(0, 2, 64)\n"
        "model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, "
        "activation='relu'), keras.layers.Dense(UNITS, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='binary_crossentropy')\n"
        "model.fit(x, y, epochs=5)\n"
    )
    before = tree(workspace)
    cwd_before = set(os.listdir(os.getcwd()))
    report = run_probe(
        ProbeRequest(path=str(workspace / "train.py"), python=str(python), steps=5, timeout=90)
    )
    return {
        "report": report,
        "before": before,
        "after": tree(workspace),
        "base": base,
        "cwd_new": set(os.listdir(os.getcwd())) - cwd_before,
    }


@pytest.mark.tensorflow
def test_interpreter_path_with_shell_syntax_is_an_argument_not_a_command(
    hostile_probe: dict[str, object],
) -> None:
    report = hostile_probe["report"]
    assert isinstance(report, dict)
    assert report["verdict"] == "collapsed", report.get("error")
    base = hostile_probe["base"]
    assert isinstance(base, Path)
    pwned = [p for p in base.rglob("pwned*")] + [
        Path(name)
        for name in hostile_probe["cwd_new"]
        if "pwned" in name  # type: ignore[attr-defined]
    ]
    assert not pwned, pwned


@pytest.mark.tensorflow
def test_probe_writes_nothing_into_the_workspace(hostile_probe: dict[str, object]) -> None:
    before, after = hostile_probe["before"], hostile_probe["after"]
    assert after == before, {
        "added": sorted(set(after) - set(before)),  # type: ignore[arg-type]
        "changed": sorted(k for k in before if k in after and before[k] != after[k]),  # type: ignore[index,operator,union-attr]
    }
