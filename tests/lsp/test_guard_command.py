"""`defib.runWithGuard` through the server: a real (tiny) training in a subprocess."""

from __future__ import annotations

import asyncio
import textwrap
import time
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from .helpers import open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio

COLLAPSING = """
import numpy as np
import keras

rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = x @ rng.standard_normal(8)
model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu", kernel_initializer="zeros"),
    keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=20, batch_size=32, verbose=0)
"""


def guard_params(uri: str) -> lsp.ExecuteCommandParams:
    return lsp.ExecuteCommandParams(command="defib.runWithGuard", arguments=[{"uri": uri}])


async def test_refused_in_an_untrusted_workspace(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(COLLAPSING).lstrip())
    async with session(root=tmp_path) as client:  # no workspaceTrusted: untrusted
        uri = open_document(client, path)
        with pytest.raises(JsonRpcException, match="not trusted"):
            await client.workspace_execute_command_async(guard_params(uri))


@pytest.mark.tensorflow
@pytest.mark.timeout(300)
async def test_a_collapsing_training_is_stopped_and_diagnosed(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(COLLAPSING).lstrip())
    async with session(options={"workspaceTrusted": True}, root=tmp_path) as client:
        uri = open_document(client, path)
        await wait_for_diagnostics(client, uri)
        outcome = await client.workspace_execute_command_async(guard_params(uri))
        assert outcome["outcome"] == "stopped" and outcome["exit_code"] == 1, outcome
        [diagnosis] = outcome["diagnoses"]
        assert diagnosis["verdict"] == "collapsed" and diagnosis["epoch"] < 20

        (reports,) = client.progress_reports.values()
        assert isinstance(reports[0], lsp.WorkDoneProgressBegin) and reports[0].cancellable
        assert isinstance(reports[-1], lsp.WorkDoneProgressEnd)
        assert any(
            "Defib guard stopped the training of train.py" in m.message for m in client.messages
        )

        found = await wait_for_diagnostics(
            client, uri, lambda ds: any(d.source == "defib guard" for d in ds)
        )
        [guarded] = [d for d in found if d.source == "defib guard"]
        assert guarded.code == "DF901" and guarded.range.start.line == 8  # the zero-init Dense
        assert guarded.severity == lsp.DiagnosticSeverity.Error


SLOW_SCRIPT = """
import os, time
with open({pid_file!r}, "w") as handle:
    handle.write(str(os.getpid()))
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except OSError:
        return False


@pytest.mark.timeout(120)
async def test_cancelling_ends_the_training_process(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    path = tmp_path / "slow.py"
    path.write_text(textwrap.dedent(SLOW_SCRIPT.format(pid_file=str(pid_file))).lstrip())
    async with session(options={"workspaceTrusted": True}, root=tmp_path) as client:
        uri = open_document(client, path)
        pending = asyncio.ensure_future(client.workspace_execute_command_async(guard_params(uri)))
        deadline = time.monotonic() + 60
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline, "the script never started"
            await asyncio.sleep(0.1)
        pid = int(pid_file.read_text())
        (token,) = client.progress_reports
        client.window_work_done_progress_cancel(lsp.WorkDoneProgressCancelParams(token=token))
        outcome = await asyncio.wait_for(pending, 30)
        assert outcome["outcome"] == "cancelled"
        assert not _alive(pid)
