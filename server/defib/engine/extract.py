"""From parsed statements to `ModelSpec`s, by reading the code the way Python would run it.

Three rooms do the work: the interpreter (interpreter.py) reads the statements without running
them, and hands the calls it meets to Keras model building (keras_build.py) and to data
magnitude estimation (data_scale.py). This module wires them together. User code never runs:
every value not understood is `UNKNOWN`, and rules stay silent on unknowns.
"""

from __future__ import annotations

from collections.abc import Sequence

from defib.engine.cli_args import ArgumentCalls
from defib.engine.data_scale import DataCalls
from defib.engine.interpreter import BudgetExceeded, Interpreter
from defib.engine.keras_build import KerasCalls
from defib.engine.model import BatchFunction, DataSpec, FitSpec, ModelSpec, TrainingFunction
from defib.engine.source import Chunk
from defib.engine.values import DataValue


class Extractor:
    """Reads a file's statements and collects the Keras models they build."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.interpreter = Interpreter(chunks)
        self.data = DataCalls(self.interpreter)
        self.keras = KerasCalls(self.interpreter, self.data)
        self.arguments = ArgumentCalls(self.interpreter)
        # Keras first: a Keras name that is both a model piece and data is a model piece.
        self.interpreter.libraries = (self.keras, self.data, self.arguments)

    def run(self) -> list[ModelSpec]:
        """Read the whole file and return the models it builds, in order."""
        try:
            self.interpreter.run()
            self.keras.build_uninstantiated_models()
        except (BudgetExceeded, RecursionError):
            # A file too big or too deep to read: keep what was found, knowing that the
            # rest of the file may use those models in any way.
            for model in self.keras.found_models():
                model.handled_elsewhere = True
                model.given_away = True
        return self.keras.found_models()

    def unknown_model_fits(self) -> list[FitSpec]:
        """fit() calls on models not understood, whose data is a tf.data pipeline of arrays
        in memory."""
        return self.keras.unknown_model_fits

    def training_functions(self) -> list[TrainingFunction]:
        """The file's functions that run in every training step (custom losses, Lambda
        layers' functions, and what they call)."""
        return self.keras.used_in_training()

    def batch_functions(self) -> list[BatchFunction]:
        """The file's functions that make the batches fit() trains on (generators, Sequences'
        `__getitem__`), and the functions of the file they call."""
        return self.keras.used_in_batches()

    def module_data(self) -> list[tuple[str, DataSpec]]:
        """Arrays bound at module level, for models whose fit() is not written yet; not those
        the file already passes on (to a fit(), a tf.data pipeline or a scaled copy)."""
        return [
            (name, value.spec)
            for name, value in self.interpreter.module_scope.names.items()
            if isinstance(value, DataValue)
            and (value.spec.origin is None or value.spec.origin.key not in self.data.passed_on)
        ]
