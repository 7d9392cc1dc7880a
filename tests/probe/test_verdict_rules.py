"""The verdict as a reader of measurements: thresholds stated as examples (no TensorFlow)."""

from __future__ import annotations

from defib.probe.worker.main import _projected
from defib.probe.worker.measure import Checkpoint, LayerTrace, Measurement
from defib.probe.worker.verdict import decide, inconclusive, projected_spread, settled


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


def measurement(
    start: float,
    end: float,
    *layers: LayerTrace,
    finite: bool = True,
    losses: list[float] | None = None,
) -> Measurement:
    return Measurement(
        steps=30,
        losses=losses or [1.0] * 29 + [1.0 if finite else float("nan")],
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


def test_loss_exploding_tenfold_is_diverged_even_while_finite() -> None:
    losses = [12.0] + [2000.0] * 29
    verdict, findings = decide(
        measurement(0.1, 16.0, layer(0, 0.1), layer(1, 0.2), losses=losses), 1
    )
    assert verdict == "diverged"
    assert findings[0].code == "DF902"
    assert "loss exploded from 12 to 2e+03 in 30 steps" in findings[0].message


def test_a_brief_loss_spike_that_settles_is_not_diverged() -> None:
    losses = [12.0] + [500.0] * 5 + [20.0] * 24
    verdict, _ = decide(measurement(0.1, 0.5, layer(0, 1e-2), layer(1, 1e-2), losses=losses), 1)
    assert verdict == "healthy"


def test_loss_growth_just_under_tenfold_is_not_diverged() -> None:
    losses = [10.0] + [99.0] * 29
    verdict, _ = decide(measurement(0.1, 0.5, layer(0, 1e-2), layer(1, 1e-2), losses=losses), 1)
    assert verdict == "healthy"


def watched(
    start: float, base: float, end: float, *layers: LayerTrace, planned: int | None = 1280
) -> Measurement:
    """Watched from step 30 to step 300, looking at the spread at both ends."""
    m = measurement(start, end, *layers)
    m.steps, m.base_steps, m.spread_base, m.planned_steps = 300, 30, base, planned
    m.history = [look(30, base, len(layers)), look(300, end, len(layers))]
    return m


def look(step: int, spread: float, layers: int) -> Checkpoint:
    return Checkpoint(step, spread, 1.0, [None] * layers, [0.0] * layers, [1.0] * layers)


def test_a_small_flat_spread_is_inconclusive_after_the_first_steps() -> None:
    m = measurement(3e-4, 3e-4, layer(0, 1e-3, grad=0.01), layer(1, 1e-3))
    assert decide(m, 1)[0] == "healthy"
    assert inconclusive(m)


def test_a_small_growing_spread_or_a_varied_output_is_conclusive() -> None:
    assert not inconclusive(measurement(1e-5, 5e-4, layer(0, 1e-3), layer(1, 1e-3)))
    assert not inconclusive(measurement(0.2, 0.3, layer(0, 1e-3), layer(1, 1e-3)))


def test_steps_that_move_a_layer_by_a_twentieth_of_its_weights_are_watched_longer() -> None:
    # ReLU classifiers under SGD at 3 learn well in the first steps, at 0.1 of their weights per
    # step, and some die a few hundred steps later: a reading at step 30 cannot tell.
    learning = [0.8] + [0.2] * 29
    m = measurement(0.15, 0.9, layer(0, 0.1), layer(1, 0.06), losses=learning)
    assert decide(m, 1)[0] == "healthy"
    assert inconclusive(m)
    assert not inconclusive(measurement(0.15, 0.9, layer(0, 0.04), layer(1, 0.04), losses=learning))


def test_an_exploding_but_finite_loss_is_watched_longer() -> None:
    # Adam or RMSprop at a high rate often blows the loss up and then settles.
    m = measurement(0.1, 16.0, layer(0, 0.1), layer(1, 0.2), losses=[12.0] + [2000.0] * 29)
    assert inconclusive(m)


def test_a_fading_gradient_alone_waits_for_the_longer_watch() -> None:
    # Under Adam a faint gradient still moves the first layer; it may escape later.
    early = measurement(2e-6, 2e-6, layer(0, 3e-4, grad=1e-5), layer(1, 3e-4, grad=1.0))
    assert decide(early, 1)[0] == "healthy"
    assert inconclusive(early)
    later = watched(2e-6, 2e-6, 2e-6, layer(0, 3e-4, grad=1e-5), layer(1, 3e-4, grad=1.0))
    assert decide(later, 1)[0] == "collapsed"


def test_a_dead_layer_that_momentum_still_moves_is_not_yet_collapsed() -> None:
    moving = layer(0, 5e-3, grad=0.0, constant=1.0, dead=1.0)
    early = measurement(1e-10, 0.0, moving, layer(1, 1e-3))
    assert decide(early, 1)[0] == "healthy"
    assert inconclusive(early)


def test_an_output_that_stayed_constant_through_the_longer_watch_is_collapsed() -> None:
    verdict, findings = decide(
        watched(3e-4, 3e-4, 2e-4, layer(0, 1e-3, grad=0.01), layer(1, 1e-3, grad=2.0)), 1
    )
    assert verdict == "collapsed"
    assert "stayed nearly constant from step 30 to step 300" in findings[0].message
    assert "weakest at layer 'dense_0'" in findings[0].message
    assert findings[0].line == 10


def test_an_output_that_starts_to_vary_during_the_longer_watch_is_not_collapsed() -> None:
    # It shrank in the first steps (5e-4 -> 3e-4), then grew 3x during the watch.
    m = watched(5e-4, 3e-4, 9.5e-4, layer(0, 1e-3, grad=0.01), layer(1, 1e-3, grad=2.0))
    assert decide(m, 1)[0] == "healthy"


def test_an_output_constant_from_the_very_start_is_watched_and_then_collapsed() -> None:
    # A spread of exactly 0 has not "grown back" to 3x its starting 0.
    moving = layer(0, 5e-3, grad=0.0, constant=1.0, dead=1.0)
    assert inconclusive(measurement(0.0, 0.0, moving, layer(1, 1e-3)))
    later = watched(0.0, 0.0, 0.0, layer(0, 5e-3, grad=1.0), layer(1, 1e-3))
    assert decide(later, 1)[0] == "collapsed"


def test_a_spread_that_falls_in_the_first_steps_is_watched_longer() -> None:
    # A heavy L2 penalty: the output still varies (0.12 -> 0.09) but is losing its spread.
    m = measurement(0.12, 0.09, layer(0, 5e-3), layer(1, 5e-3))
    assert decide(m, 1)[0] == "healthy"
    assert inconclusive(m)
    assert not inconclusive(measurement(0.12, 0.11, layer(0, 5e-3), layer(1, 5e-3)))


def test_a_relu_layer_losing_a_quarter_of_its_units_is_watched_longer() -> None:
    dying = layer(0, 2e-2, dead=0.3)
    dying.dead_start = 0.0
    m = measurement(0.1, 0.5, dying, layer(1, 2e-2))
    assert decide(m, 1)[0] == "healthy"
    assert inconclusive(m)
    dying.dead_start = 0.1
    assert not inconclusive(m)


def test_an_output_losing_its_spread_during_the_watch_is_a_projected_collapse() -> None:
    # 0.09 -> 0.005 in 270 steps: at that rate about 1e-6 by step 1280.
    m = watched(0.12, 0.09, 0.005, layer(0, 5e-3), layer(1, 5e-3))
    verdict, findings = decide(m, 1)
    assert verdict == "collapsed"
    assert findings[0].code == "DF901"
    assert findings[0].severity == "warning"  # a projection, not a measured constant
    assert findings[0].message.startswith("constant output projected: the output spread falls")
    assert "by the end of training (step 1280)" in findings[0].message
    horizon, spread = projected_spread(m) or (0, 1.0)
    assert horizon == 1280
    assert 1e-7 < spread < 1e-5


def test_a_projection_stops_where_the_scripts_own_training_ends() -> None:
    # The same fall, but fit() trains for only 320 steps: the spread is still 4e-3 there.
    m = watched(0.12, 0.09, 0.005, layer(0, 5e-3), layer(1, 5e-3), planned=320)
    assert decide(m, 1)[0] == "healthy"
    assert (projected_spread(m) or (0, 0.0))[0] == 320
    # No fit() call: the projection goes to a default horizon, and says so.
    m = watched(0.12, 0.09, 0.005, layer(0, 5e-3), layer(1, 5e-3), planned=None)
    verdict, findings = decide(m, 1)
    assert verdict == "collapsed"
    assert "by step 1000 (no fit() call says how long training runs)" in findings[0].message


def test_a_plateau_the_output_is_growing_out_of_fast_enough_is_not_collapsed() -> None:
    # Fading gradient and a tiny spread. Doubling every 270 steps reaches 2.5e-3 by step 1280;
    # growing by half only 6.6e-4: still nearly constant when training ends.
    fading = (layer(0, 3e-4, grad=1e-5), layer(1, 3e-4, grad=1.0))
    assert decide(watched(1e-4, 1e-4, 2e-4, *fading), 1)[0] == "healthy"
    assert decide(watched(1e-4, 1e-4, 1.5e-4, *fading), 1)[0] == "collapsed"


def test_a_frozen_cause_stays_a_collapse_whatever_the_projection() -> None:
    m = watched(1e-5, 2e-5, 9e-5, layer(0, 1e-3), layer(1, 1e-3))
    assert decide(m, 1)[0] == "healthy"
    m.unreachable = "below"
    assert decide(m, 1)[0] == "collapsed"


def looked(step: int, spread: float, loss: float, dead: float | None) -> Checkpoint:
    return Checkpoint(step, spread, loss, [dead, None], [0.0, 0.0], [1.0, 1.0])


def first_steps(update_ratio: float = 1e-3) -> Measurement:
    """The first 30 steps the watch starts from: the first step's loss was 2.36."""
    return measurement(
        0.015, 0.03, layer(0, update_ratio, dead=0.56), layer(1, 1e-3), losses=[2.36] * 30
    )


def test_a_watch_settles_once_the_output_varies_the_loss_halved_and_no_units_die() -> None:
    # A healthy CNN: near-uniform softmax at step 30, clearly learning at step 120.
    history = [looked(30, 0.03, 2.24, 0.56), looked(120, 0.81, 0.32, 0.53)]
    assert settled(history, first_steps())


def test_a_watch_does_not_settle_while_anything_it_waits_for_is_unresolved() -> None:
    first = first_steps()
    still_dying = [looked(30, 0.03, 2.24, 0.30), looked(120, 0.81, 0.32, 0.40)]
    shrinking = [looked(30, 0.9, 2.24, 0.5), looked(120, 0.5, 0.32, 0.5)]
    barely_varied = [looked(30, 0.01, 2.24, 0.5), looked(120, 0.05, 0.32, 0.5)]
    loss_still_high = [looked(30, 0.03, 2.24, 0.5), looked(120, 0.81, 1.5, 0.5)]
    non_finite = [looked(30, 0.03, 2.24, 0.5), looked(120, 0.81, float("nan"), 0.5)]
    for history in (still_dying, shrinking, barely_varied, loss_still_high, non_finite):
        assert not settled(history, first)
    assert not settled(still_dying[1:], first)  # one look: nothing to compare


def test_a_watch_of_large_steps_never_settles_early() -> None:
    # Steps moving a layer by a tenth of its weights can still kill it after the 120-step look.
    history = [looked(30, 0.03, 2.24, 0.56), looked(120, 0.81, 0.32, 0.53)]
    assert not settled(history, first_steps(update_ratio=0.1))


def test_a_projection_is_reported_only_where_the_spread_heads_down() -> None:
    # Growing: 0.9 at the last look, 5e21 at step 130,000 says nothing.
    assert _projected((130_000, 5.15e21), 130_000, 0.9) is None
    assert _projected((1_000, 2.5e-6), 1_000, 0.01) == {
        "step": 1_000,
        "spread_ratio": 2.5e-6,
        "planned": True,
    }
