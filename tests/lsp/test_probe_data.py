"""The probe's data findings (DF91x) reach the editor as diagnostics on the fit() line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from .helpers import open_document, session, wait_for_diagnostics
from .test_probe import TRUSTED, probe_params

pytestmark = [pytest.mark.asyncio, pytest.mark.tensorflow]

# Integer labels under categorical_crossentropy: Keras refuses the training step; the data
# finding says why, on the fit() line (0-based line 13).
INTEGER_LABELS = """
import numpy as np
import keras
rng = np.random.default_rng(0)
x = rng.standard_normal((512, 8)).astype("float32")
y = rng.integers(0, 3, 512)

model = keras.Sequential([
    keras.Input(shape=(8,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x, y, epochs=3)
"""


async def test_a_data_finding_is_a_diagnostic_on_the_fit_line(tmp_path: Path) -> None:
    path = tmp_path / "train.py"
    path.write_text(textwrap.dedent(INTEGER_LABELS).lstrip())
    async with session(options=TRUSTED, root=tmp_path) as client:
        uri = open_document(client, path)
        await client.workspace_execute_command_async(probe_params(uri, 12))
        found = await wait_for_diagnostics(
            client, uri, lambda ds: any(d.code == "DF911" for d in ds)
        )
        (diagnostic,) = [d for d in found if d.code == "DF911"]
        assert diagnostic.range.start.line == 12
        assert diagnostic.severity == lsp.DiagnosticSeverity.Error
        assert "class indices" in diagnostic.message
