"""The verdict as a reader of measurements: thresholds stated as examples (no TensorFlow)."""

from __future__ import annotations

from defib.probe.worker.measure import LayerTrace, Measurement
from defib.probe.worker.verdict import decide


def layer(
    index: int, ratio: float, grad: float = 1.0, constant: float = 0.0, dead: float | None = None
) -> LayerTrace:
    return LayerTrace(
        index=index,
        name=f"dense_{index}",
        cls="Dense",
        line=10 + index,
        activation="relu" if dead is not None else "sigmoid",
        units=8,
        has_kernel=True,
        grad_norms=[grad] * 30,
        update_ratios=[ratio] * 30,
        dead_end=dead,
        constant_end=constant,
    )


def measurement(start: float, end: float, *layers: LayerTrace, finite: bool = True) -> Measurement:
    return Measurement(
        steps=30,
        losses=[1.0] * 29 + [1.0 if finite else float("nan")],
        loss_finite=[True] * 29 + [finite],
        spread_start=start,
        spread_end=end,
        layers=list(layers),
        output_activation=None,
        output_units=1,
        seconds=0.1,
    )


def test_non_finite_loss_is_diverged() -> None:
    verdict, findings = decide(measurement(0.5, 0.5, layer(0, 1e-3), finite=False), 1)
    assert verdict == "diverged"
    assert findings[0].code == "DF902"


def test_flat_tiny_spread_with_a_frozen_first_layer_is_collapsed() -> None:
    verdict, findings = decide(measurement(2e-7, 1e-7, layer(0, 1e-8), layer(1, 1e-2)), 1)
    assert verdict == "collapsed"
    assert [f.code for f in findings] == ["DF901", "DF903"]
    assert findings[0].line == 10


def test_tiny_spread_that_is_growing_back_is_not_collapsed() -> None:
    verdict, _ = decide(measurement(1e-11, 1e-9, layer(0, 1e-3), layer(1, 1e-3, constant=1.0)), 1)
    assert verdict == "healthy"


def test_vanishing_gradient_norm_counts_even_when_adam_equalises_updates() -> None:
    verdict, _ = decide(
        measurement(2e-6, 2e-6, layer(0, 3e-4, grad=1e-5), layer(1, 3e-4, grad=1.0)), 1
    )
    assert verdict == "collapsed"


def test_tiny_spread_without_a_cause_is_not_collapsed() -> None:
    verdict, _ = decide(measurement(5e-5, 5e-5, layer(0, 1e-3), layer(1, 1e-3)), 1)
    assert verdict == "healthy"


def test_spread_above_the_threshold_is_not_collapsed_even_with_a_frozen_layer() -> None:
    verdict, findings = decide(measurement(0.2, 0.2, layer(0, 1e-8), layer(1, 1e-2)), 1)
    assert verdict == "stalled"
    assert findings[0].code == "DF903"


def test_whole_dead_layer_is_reported_as_dead_units() -> None:
    verdict, findings = decide(
        measurement(0.0, 0.0, layer(0, 0.0, grad=0.0, constant=1.0, dead=1.0), layer(1, 1e-3)), 1
    )
    assert verdict == "collapsed"
    assert "DF904" in [f.code for f in findings]
    assert "dead" in findings[0].message
