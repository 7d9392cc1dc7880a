"""PyTorch: gradients from `torch.autograd.grad`, the step run eagerly (as Keras's fit())."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from . import StatefulStep, stateful_step_body

FRAMEWORK = "torch"


def configure() -> None:
    pass


def initialise() -> None:
    import torch

    torch.zeros(1) + 1.0


@contextmanager
def no_gradient() -> Iterator[None]:
    import torch

    with torch.no_grad():
        yield


def value_and_gradients(
    compute_loss: Callable[[], Any], variables: Sequence[Any]
) -> tuple[Any, list[Any]]:
    import torch

    loss = compute_loss()
    gradients = torch.autograd.grad(loss, [v.value for v in variables], allow_unused=True)
    return loss.detach(), list(gradients)


def make_step(
    keras: Any,
    model: Any,
    optimizer: Any,
    variables: Sequence[Any],
    kernel_index: Sequence[int],
    x: Any,
    y: Any,
) -> StatefulStep:
    body = stateful_step_body(
        keras, model, optimizer, variables, kernel_index, value_and_gradients, no_gradient
    )
    return StatefulStep(body, keras.ops.convert_to_numpy)
