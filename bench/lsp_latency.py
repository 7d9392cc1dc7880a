"""Keystroke-to-diagnostics latency of the language server, and cold vs warm probe time.

Drives the real server (`python -m defib serve`) over stdio with pygls's client: opens a
generated 1,000-line Keras program, types ~100 characters into it with a typist's pacing
(default settings, so the 100 ms debounce is included) and measures, for every published
version, the time from that keystroke to its `textDocument/publishDiagnostics`. Then probes a
small model through `defib.probe`: the first pays the warm worker's start, the second follows
at once (the spare child still warming), and --repeats more come IDLE_SECONDS apart, as in an
editor (their median is the warm probe latency). Each probe prints where its time went, and
when the verdict came (`defib/probeVerdict`, sent before the what-ifs are tried).

    .venv/bin/python bench/lsp_latency.py [--seed 0] [--no-probe | --probe-only] [--repeats 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

IDLE_SECONDS = 3.0  # between warm probes, as in an editor

MODEL_FUNCTION = '''

def build_model_{i}(input_dim={dim}, hidden={hidden}):
    """Model variant {i}."""
    model = keras.Sequential([
        keras.Input(shape=(input_dim,)),
        layers.Dense(hidden, activation="{activation}"),
        layers.Dropout({dropout}),
        layers.Dense(hidden // 2, activation="{activation}"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate={lr}),
        loss="binary_crossentropy",
        metrics=["accuracy"],
    )
    return model


def prepare_data_{i}(n={n}):
    rng = np.random.default_rng({i})
    x = rng.normal(size=(n, {dim})).astype("float32")
    x = (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-7)
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype("float32")
    split = int(0.8 * n)
    return (x[:split], y[:split]), (x[split:], y[split:])
'''

TYPED = (
    "    x_scaled = x_train / 255.0  # rescale before fitting\n"
    "    model.fit(x_scaled, y_train, epochs=3, batch_size=64)\n"
)

SMALL_MODEL = """from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
"""


def generate_program(lines: int = 1000) -> str:
    """A realistic Keras module of about `lines` lines: many model builders and data prep."""
    rng = random.Random(0)
    parts = [
        "import numpy as np\nfrom tensorflow import keras\nfrom tensorflow.keras import layers\n"
    ]
    i = 0
    while sum(part.count("\n") for part in parts) < lines - 30:
        parts.append(
            MODEL_FUNCTION.format(
                i=i,
                dim=rng.choice([8, 16, 32]),
                hidden=rng.choice([32, 64, 128]),
                activation=rng.choice(["relu", "relu", "tanh", "sigmoid"]),
                dropout=rng.choice([0.1, 0.2, 0.5]),
                lr=rng.choice([0.001, 0.0005, 0.01, 1.0]),
                n=rng.choice([512, 1024]),
            )
        )
        i += 1
    parts.append(
        "\n\ndef main():\n    (x_train, y_train), _ = prepare_data_0()\n"
        "    model = build_model_0()\n    model.fit(x_train, y_train, epochs=1)\n"
    )
    return "".join(parts)


class Bench:
    def __init__(self) -> None:
        self.client = LanguageClient("defib-bench", "1")
        self.sent: dict[int, float] = {}
        self.latencies: list[float] = []
        self.published = asyncio.Event()
        self.verdict_at: float | None = None  # when the last probe's verdict notification came

        @self.client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            now = time.perf_counter()
            if params.version in self.sent:
                self.latencies.append(now - self.sent.pop(params.version))
            self.published.set()

        @self.client.feature("defib/probeVerdict")
        def on_verdict(params: Any) -> None:  # (annotated `object`, pygls would pass the client)
            self.verdict_at = time.perf_counter()

        @self.client.feature(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def on_progress_create(params: lsp.WorkDoneProgressCreateParams) -> None:
            return None

        @self.client.feature(lsp.PROGRESS)
        def on_progress(params: lsp.ProgressParams) -> None:
            return None

        @self.client.feature(lsp.WINDOW_LOG_MESSAGE)
        def on_log(params: lsp.LogMessageParams) -> None:
            return None

    async def start(self, root: Path) -> None:
        await self.client.start_io(sys.executable, "-m", "defib", "serve")
        await self.client.initialize_async(
            lsp.InitializeParams(
                capabilities=lsp.ClientCapabilities(
                    window=lsp.WindowClientCapabilities(work_done_progress=True)
                ),
                root_uri=root.as_uri(),
                initialization_options={"workspaceTrusted": True},
            )
        )
        self.client.initialized(lsp.InitializedParams())

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()

    async def typing(self, path: Path, seed: int) -> list[float]:
        rng = random.Random(seed)
        text = path.read_text()
        uri = path.as_uri()
        self.published.clear()
        self.client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(
                    uri=uri, language_id="python", version=1, text=text
                )
            )
        )
        await asyncio.wait_for(self.published.wait(), 30)
        line = text.count("\n") - 1  # inside main(), the last function
        version, column = 1, 0
        for char in TYPED:
            version += 1
            position = lsp.Position(line=line, character=column)
            self.sent = {version: time.perf_counter()}  # only the newest can still publish
            self.client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[
                        lsp.TextDocumentContentChangePartial(
                            range=lsp.Range(start=position, end=position), text=char
                        )
                    ],
                )
            )
            if char == "\n":
                line, column = line + 1, 0
            else:
                column += 1
            # A typist: 60-140 ms between keys, a longer pause after a word.
            pause = rng.uniform(0.06, 0.14) if char != " " else rng.uniform(0.25, 0.7)
            await asyncio.sleep(pause)
        await asyncio.sleep(1.0)
        return self.latencies

    async def probe(self, path: Path) -> tuple[float, float | None]:
        """The times to the complete report and to the verdict ahead of it (None: none came)."""
        self.verdict_at = None
        started = time.perf_counter()
        report: Any = await self.client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(
                command="defib.probe", arguments=[{"uri": path.as_uri(), "line": None}]
            )
        )
        elapsed = time.perf_counter() - started
        timings = report.get("timings") or {}
        stages = ", ".join(
            f"{stage} {timings[stage]:.2f}"
            for stage in ("script", "build", "probe", "what_if", "worker_total", "total")
            if stage in timings
        )
        outside = elapsed - timings.get("total", 0.0)
        verdict = None if self.verdict_at is None else self.verdict_at - started
        early = "no early verdict" if verdict is None else f"verdict shown at {verdict:.2f} s"
        print(
            f"  verdict {report['verdict']!r} in {elapsed:.2f} s, {early} ({stages};"
            f" server and client outside the runner {outside:.2f})"
        )
        return elapsed, verdict


async def bench_typing(bench: Bench, program: Path, seed: int) -> None:
    lines = program.read_text().count("\n")
    print(f"typing {len(TYPED)} characters into a {lines}-line Keras file")
    latencies = await bench.typing(program, seed)
    ms = [value * 1000 for value in latencies]
    print(
        f"  {len(ms)} publishes: p50 {statistics.median(ms):.0f} ms, "
        f"p95 {percentile(ms, 0.95):.0f} ms, max {max(ms):.0f} ms "
        "(keystroke to diagnostics, default debounce included)"
    )


async def warm_probes(bench: Bench, small: Path, repeats: int) -> None:
    """As in an editor, where probes are seconds apart: the spare child has warmed up."""
    print(f"probing it {repeats} more times, {IDLE_SECONDS:.0f} s apart (the spare warmed up)")
    idle, verdicts = [], []
    for _ in range(repeats):
        await asyncio.sleep(IDLE_SECONDS)
        elapsed, verdict = await bench.probe(small)
        idle.append(elapsed)
        verdicts.append(verdict if verdict is not None else elapsed)
    print(
        f"  warm probe after idle: verdict shown median {statistics.median(verdicts):.2f} s"
        f" (target <= 0.5 s), complete report median {statistics.median(idle):.2f} s"
    )


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


async def run(seed: int, probe: bool, typing: bool, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        program = root / "models.py"
        program.write_text(generate_program())
        small = root / "small.py"
        small.write_text(SMALL_MODEL)
        bench = Bench()
        await bench.start(root)
        try:
            if typing:
                await bench_typing(bench, program, seed)
            if probe:
                print("probing a small model through defib.probe")
                cold, _ = await bench.probe(small)
                warm, _ = await bench.probe(small)
                print(
                    f"  first (cold, starts the warm worker) {cold:.2f} s, second (warm) {warm:.2f} s, ratio {cold / warm:.1f}x"
                )
                await warm_probes(bench, small, repeats)
        finally:
            await bench.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-probe", action="store_true")
    parser.add_argument("--probe-only", action="store_true", help="skip the typing")
    parser.add_argument("--repeats", type=int, default=5, help="warm probes after idle (default 5)")
    args = parser.parse_args()
    asyncio.run(run(args.seed, not args.no_probe, not args.probe_only, args.repeats))


if __name__ == "__main__":
    main()
