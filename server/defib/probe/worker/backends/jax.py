"""JAX: gradients from `jax.value_and_grad` of the model's stateless loss, the step jitted.

JAX arrays are immutable, so the step is stateless, as in Keras's own JAX trainer: it takes
and returns the variables' values (`Model.stateless_call`, `Model.stateless_compute_loss`,
`Optimizer.stateless_apply`), and `sync()` writes them back into the model when the probe
looks at its outputs.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from . import step_numbers

if TYPE_CHECKING:
    import numpy as np

FRAMEWORK = "jax"


def configure() -> None:
    pass


def initialise() -> None:
    import jax.numpy as jnp

    (jnp.zeros(1) + 1.0).block_until_ready()


@contextmanager
def no_gradient() -> Iterator[None]:
    yield  # only jax.grad records


class StatelessStep:
    """The jitted step and the state it carries from one step to the next."""

    def __init__(self, keras: Any, model: Any, optimizer: Any, kernel_index: Sequence[int]):
        import jax

        self.model = model
        self.optimizer = optimizer
        self.state = (
            [v.value for v in model.trainable_variables],
            [v.value for v in model.non_trainable_variables],
            [v.value for v in optimizer.variables],
        )
        metrics = [v.value for v in model.metrics_variables]
        ops = keras.ops
        training = {"training": True} if getattr(model, "_call_has_training_arg", True) else {}

        def loss_of(trainable: Any, non_trainable: Any, x: Any, y: Any) -> Any:
            prediction, non_trainable, losses = model.stateless_call(
                trainable, non_trainable, x, return_losses=True, **training
            )
            # Losses added in call() (add_loss) count once, as in Keras's JAX trainer.
            overridden = bool(losses) and hasattr(model, "_losses_override")
            if overridden:
                model._losses_override = losses
            try:
                loss, (_, non_trainable, _) = model.stateless_compute_loss(
                    trainable, non_trainable, metrics, x=x, y=y, y_pred=prediction
                )
            finally:
                if overridden:
                    model._losses_override = []
            return loss, non_trainable

        def step(state: Any, x: Any, y: Any) -> Any:
            trainable, non_trainable, optimizer_values = state
            (loss, non_trainable), gradients = jax.value_and_grad(loss_of, has_aux=True)(
                trainable, non_trainable, x, y
            )
            new_trainable, optimizer_values = optimizer.stateless_apply(
                optimizer_values, gradients, trainable
            )
            numbers = step_numbers(
                ops,
                loss,
                [gradients[i] for i in kernel_index],
                [trainable[i] for i in kernel_index],
                [new_trainable[i] for i in kernel_index],
            )
            return numbers, (new_trainable, non_trainable, optimizer_values)

        self.function = jax.jit(step)

    def __call__(self, x: Any, y: Any) -> np.ndarray:
        import numpy as np

        numbers, self.state = self.function(self.state, x, y)
        return np.asarray(numbers)

    def sync(self) -> None:
        trainable, non_trainable, optimizer_values = self.state
        for variables, values in (
            (self.model.trainable_variables, trainable),
            (self.model.non_trainable_variables, non_trainable),
            (self.optimizer.variables, optimizer_values),
        ):
            for variable, value in zip(variables, values, strict=True):
                variable.assign(value)


def make_step(
    keras: Any,
    model: Any,
    optimizer: Any,
    variables: Sequence[Any],
    kernel_index: Sequence[int],
    x: Any,
    y: Any,
) -> StatelessStep:
    # kernel_index counts in `variables`, which are the model's trainable variables in order.
    return StatelessStep(keras, model, optimizer, kernel_index)
