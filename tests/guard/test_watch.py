"""The guard's rules on looks given as numbers: what is likely, what is certain."""

from __future__ import annotations

from defib.guard.watch import LayerLook, Look, Watch


def look(epoch: float, ratios: list[float], constant: list[float] | None = None) -> Look:
    constant = constant or [0.0] * len(ratios)
    layers = [
        LayerLook(f"dense_{i}", "Dense", "tanh", None, update_ratio=r, constant=c, units=16)
        for i, (r, c) in enumerate(zip(ratios, constant, strict=True))
    ]
    return Look(step=int(epoch * 32), epoch=epoch, spread=1e-6, finite=True, layers=layers)


def test_a_flat_output_whose_layers_move_is_likely_then_certain_once_they_freeze() -> None:
    watch = Watch(planned_epochs=20)
    assert watch.observe(look(0.5, [1e-3, 1e-3])) is None  # the stretch starts
    likely = watch.observe(look(1.5, [1e-3, 1e-3]))
    assert likely is not None and likely.confidence == "likely" and not likely.certain
    assert likely.to_json()["severity"] == "warning"
    certain = watch.observe(look(2.5, [1e-7, 1e-7]))  # the layers froze
    assert certain is not None and certain.certain and certain.layer == "dense_0"
    assert "constant output confirmed" in certain.message


def test_a_first_layer_frozen_while_a_later_one_moves_is_not_certain() -> None:
    """Tiny initial weights: the first layer's updates round away in float32 while the layers
    after it grow, and the gradient it gets grows with them."""
    watch = Watch(planned_epochs=20)
    watch.observe(look(0.5, [1e-3, 1e-3]))
    watch.observe(look(1.5, [1e-3, 1e-3]))
    moving = watch.observe(look(2.5, [0.0, 1e-3]))
    assert moving is None or not moving.certain


def test_layers_frozen_by_a_dead_layer_that_still_moves_are_not_a_cause() -> None:
    """The layers before and after a dead layer stop moving for that reason alone; while the
    dead layer moves it may revive, and they with it."""
    watch = Watch(planned_epochs=20)
    watch.observe(look(0.5, [1e-7, 1e-3, 1e-7], [0.0, 1.0, 1.0]))
    moving = watch.observe(look(1.5, [1e-7, 1e-3, 1e-7], [0.0, 1.0, 1.0]))
    assert moving is not None and moving.confidence == "likely"
    falling = watch.observe(look(2.0, [1e-8, 1e-8, 1e-9], [0.0, 1.0, 1.0]))
    assert falling is not None and not falling.certain  # falling once: maybe a transient
    settled = watch.observe(look(2.5, [1e-10, 1e-10, 1e-11], [0.0, 1.0, 1.0]))
    assert settled is not None and settled.certain  # and again: the updates die away


def test_a_steady_trickle_through_a_layer_dead_on_the_sample_is_not_certain() -> None:
    """Frozen by the probe's threshold, but the update does not die away: some training inputs
    outside the sample still pass a gradient, so the output is not constant on all of them."""
    watch = Watch(planned_epochs=20)
    for epoch in (7.0, 8.0, 9.0, 10.0):
        diagnosis = watch.observe(look(epoch, [9e-8, 3e-8, 1e-9], [0.0, 1.0, 1.0]))
    assert diagnosis is not None and diagnosis.confidence == "likely"
