"""How sure a verdict is, as a reader of measurements (no TensorFlow)."""

from __future__ import annotations

from defib.probe.worker.confidence import judge
from defib.probe.worker.measure import LayerTrace
from defib.probe.worker.verdict import decide, inconclusive

from .test_verdict_rules import layer, measurement, watched


def primary(findings: list, code: str):  # type: ignore[no-untyped-def]
    (found,) = [f for f in findings if f.code == code]
    return found


def test_a_non_finite_loss_is_a_confirmed_divergence_shown_as_an_error() -> None:
    j = judge(measurement(0.5, 0.5, layer(0, 1e-3), finite=False), 1)
    assert (j.verdict, j.confidence) == ("diverged", "confirmed")
    assert primary(j.findings, "DF902").severity == "error"


def test_a_loss_that_explodes_but_stays_finite_is_a_likely_divergence() -> None:
    m = watched(0.1, 16.0, 16.0, layer(0, 0.1), layer(1, 0.2))
    m.losses = [12.0] + [2000.0] * 299
    m.loss_finite = [True] * 300
    j = judge(m, 1)
    assert (j.verdict, j.confidence) == ("diverged", "likely")
    assert primary(j.findings, "DF902").severity == "warning"


def test_a_softmax_over_one_unit_is_a_confirmed_collapse() -> None:
    output = LayerTrace(1, "dense_1", "Dense", 11, "softmax", 1, True, [0.0] * 30, [0.0] * 30)
    output.constant_end = 1.0
    j = judge(measurement(0.0, 0.0, layer(0, 1e-3), output), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "confirmed")
    assert primary(j.findings, "DF901").severity == "error"


def test_a_layer_without_weights_that_maps_varied_inputs_to_one_value_is_confirmed() -> None:
    # A softmax over one unit inside a Lambda: its input varies, its output never does.
    lam = LayerTrace(2, "lambda", "Lambda", 12, None, None, False)
    lam.constant_end = 1.0
    j = judge(measurement(0.0, 0.0, layer(0, 1e-3), layer(1, 1e-3), lam), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "confirmed")


def test_a_frozen_first_layer_under_a_constant_output_is_confirmed() -> None:
    j = judge(measurement(2e-7, 1e-7, layer(0, 1e-8), layer(1, 1e-2)), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "confirmed")


def test_targets_out_of_the_outputs_reach_are_a_confirmed_collapse() -> None:
    m = watched(1e-5, 2e-5, 9e-5, layer(0, 1e-3), layer(1, 1e-3))
    m.unreachable = "below"
    assert (judge(m, 1).verdict, judge(m, 1).confidence) == ("collapsed", "confirmed")


def test_a_collapse_projected_from_a_falling_spread_is_likely() -> None:
    # 0.09 -> 0.005 in 270 steps: at that rate about 1e-6 by step 1280, but not there yet.
    j = judge(watched(0.12, 0.09, 0.005, layer(0, 5e-3), layer(1, 5e-3)), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "likely")
    assert primary(j.findings, "DF901").severity == "warning"


def test_a_collapse_projected_from_an_output_that_overshot_the_targets_is_inconclusive() -> None:
    # Nadam at 2: the output varied 77x as much as the targets at step 30 and still 1.4x at step
    # 300; at that rate it is constant by step 1280, but a spread falling back from above the
    # targets' may stop at theirs (it did on the benchmark) or not.
    m = watched(0.1, 77.0, 1.4, layer(0, 5e-3), layer(1, 5e-3))
    assert decide(m, 1)[0] == "collapsed"
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "still varies more than the targets (1.4 of their spread" in j.findings[0].message
    # The same fall from below the targets' spread is a likely collapse.
    j = judge(watched(0.1, 0.9, 0.005, layer(0, 5e-3), layer(1, 5e-3)), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "likely")


def test_a_model_read_as_healthy_whose_output_varies_at_float_rounding_is_inconclusive() -> None:
    # Eight tanh layers initialised at 0.01: the output varies by 4e-10 of the targets' spread
    # and grew 3x in the first steps, which reads as healthy; at that level the growth is float32
    # rounding, and such stacks escaped on some seeds and stayed constant on others.
    m = measurement(1.2e-10, 4.1e-10, layer(0, 1e-3), layer(1, 1e-3))
    assert decide(m, 1)[0] == "healthy"
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "at the rounding of 32-bit floats" in j.findings[0].message
    m = measurement(1.2e-6, 4.1e-6, layer(0, 1e-3), layer(1, 1e-3))
    assert (judge(m, 1).verdict, judge(m, 1).confidence) == ("healthy", "likely")


def test_a_collapse_already_measured_at_the_end_of_the_watch_is_confirmed() -> None:
    # Below 1e-4 of the targets' spread and still falling at step 300.
    j = judge(watched(0.12, 0.02, 4e-5, layer(0, 5e-3), layer(1, 5e-3)), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "confirmed")
    # Below 1e-3 only: sigmoid stacks still escaped their plateau later on the benchmark.
    j = judge(watched(0.12, 0.02, 4e-4, layer(0, 5e-3), layer(1, 5e-3)), 1)
    assert (j.verdict, j.confidence) == ("collapsed", "likely")


def test_a_learning_model_is_likely_healthy_never_confirmed() -> None:
    losses = [1.0] + [0.3] * 29
    j = judge(measurement(0.3, 0.8, layer(0, 1e-2), layer(1, 1e-2), losses=losses), 1)
    assert (j.verdict, j.confidence) == ("healthy", "likely")


def test_a_plateau_at_the_untrained_loss_after_the_watch_is_inconclusive() -> None:
    # The output barely varies (5e-3 of the targets' spread) and holds there; the loss
    # stays where the untrained model's was: stuck, or about to leave the plateau.
    m = watched(5e-3, 5e-3, 5e-3, layer(0, 1e-3), layer(1, 1e-3))
    m.losses = [0.72] + [0.70] * 299
    j = judge(m, 7, "/work/train_pixels.py")
    assert (j.verdict, j.confidence) == ("inconclusive", None)
    (advice,) = [f for f in j.findings if f.code == "DF900"]
    assert advice.severity == "info"
    assert advice.line == 7
    assert "the output spread went from 0.005 of the target's to 0.005 at step 30 and 0.005" in (
        advice.message
    )
    assert "the loss from 0.72 to 0.7" in advice.message
    assert "may be stuck on this plateau or about to leave it" in advice.message
    # The same plateau with a loss that has fallen well below the untrained model's is read.
    m.losses = [0.72] + [0.40] * 299
    assert judge(m, 7).verdict == "healthy"
    assert "`defib run train_pixels.py`" in advice.message


def test_a_projection_too_close_to_the_constant_line_is_inconclusive() -> None:
    # 0.02 -> 0.005 in 270 steps and still falling: about 1e-3 by step 700, too close to call.
    m = watched(0.03, 0.02, 0.005, layer(0, 5e-3), layer(1, 5e-3), planned=700)
    m.losses = [1.0] + [0.5] * 299
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "0.005 at step 300, still falling (75% over the last 270 steps)" in j.findings[0].message


def test_first_steps_that_cannot_tell_with_the_watch_off_are_inconclusive() -> None:
    m = measurement(3e-4, 3e-4, layer(0, 1e-3, grad=0.01), layer(1, 1e-3))
    assert inconclusive(m)
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "the longer watch was off" in j.findings[0].message


def test_a_near_constant_output_with_the_loss_at_its_untrained_value_is_watched_longer() -> None:
    # Saturated sigmoids on unscaled inputs: 1.9e-3 of the targets' spread at both ends of the
    # first steps, the loss at chance. Not a collapse yet, but not healthy either.
    flat = [0.723] + [0.70] * 28 + [0.697]
    m = measurement(1.9e-3, 1.9e-3, layer(0, 1e-3), layer(1, 1e-3), losses=flat)
    assert inconclusive(m)
    learning = [0.723] + [0.5] * 29
    assert not inconclusive(
        measurement(1.9e-3, 1.9e-3, layer(0, 1e-3), layer(1, 1e-3), losses=learning)
    )


def test_an_exploded_loss_still_falling_fast_at_the_last_look_is_inconclusive() -> None:
    # Adagrad at 3: the loss blew up to thousands and then fell 5129 -> 817 -> 345; it may
    # settle before training ends (it did on the benchmark), or not.
    m = watched(0.12, 26.0, 7.5, layer(0, 0.1), layer(1, 0.2))
    m.losses = [2.85] + [345.0] * 299
    for look, loss in zip(m.history, (5129.0, 345.0), strict=True):
        look.loss = loss
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "the loss exploded (from 2.85 to 345) but is still falling fast" in j.findings[0].message
    m.history[-1].loss = 4000.0  # not falling: a likely divergence
    assert (judge(m, 1).verdict, judge(m, 1).confidence) == ("diverged", "likely")


def test_a_stall_whose_output_was_nearly_constant_at_a_look_is_inconclusive() -> None:
    frozen_first = (layer(0, 1e-8), layer(1, 1e-2))
    m = watched(0.27, 0.0036, 0.047, *frozen_first)
    j = judge(m, 1)
    assert j.verdict == "inconclusive"
    assert "nearly constant at step 30 (0.0036 of the target's)" in j.findings[0].message
    steady = watched(0.27, 0.2, 0.2, *frozen_first)
    assert (judge(steady, 1).verdict, judge(steady, 1).confidence) == ("stalled", "likely")


def test_the_end_of_a_training_the_probe_ran_whole_is_measured_not_watched_for() -> None:
    # The same plateau as above, but the script's fit() trains 300 steps in all and the probe
    # ran every one of them: a collapse read there is the training's own end, and nothing is
    # left to watch, so nothing is inconclusive.
    m = watched(0.12, 0.02, 4e-4, layer(0, 5e-3), layer(1, 5e-3), planned=300)
    assert (judge(m, 1).verdict, judge(m, 1).confidence) == ("collapsed", "confirmed")
    m = watched(5e-3, 5e-3, 5e-3, layer(0, 1e-3), layer(1, 1e-3), planned=300)
    m.losses = [0.72] + [0.70] * 299
    assert judge(m, 1).verdict != "inconclusive"
    m.planned_steps = 1000  # the same readings with 700 steps still to come
    assert judge(m, 1).verdict == "inconclusive"
