"""Editor settings in every shape editors send them."""

from __future__ import annotations

from defib.lsp.settings import parse_settings, unwrap


def test_initialization_options_carry_settings_and_trust() -> None:
    raw, trusted = unwrap({"settings": {"lintOnType": False}, "workspaceTrusted": True})
    assert trusted is True
    assert parse_settings(raw).lint_on_type is False


def test_did_change_configuration_nests_settings_under_defib() -> None:
    raw, trusted = unwrap({"defib": {"enable": False, "workspaceTrusted": False}})
    assert trusted is False
    assert parse_settings(raw).enable is False


def test_a_flat_dict_without_trust_leaves_trust_unsaid() -> None:
    raw, trusted = unwrap({"ignore": ["DF101"]})
    assert trusted is None
    assert parse_settings(raw).engine == {"ignore": ["DF101"]}


def test_probe_settings_may_be_nested_or_dotted() -> None:
    assert parse_settings({"probe": {"steps": 5, "timeout": 9}}).probe_steps == 5
    assert parse_settings({"probe.steps": 7}).probe_steps == 7
    assert parse_settings({"probe": {"warmOnStart": True}}).probe_warm_on_start is True


def test_empty_lists_mean_not_set_and_engine_keys_are_kebab_case() -> None:
    settings = parse_settings(
        {"select": [], "ignore": [], "maxFileSize": 10, "severity": {"DF101": "information"}}
    )
    assert settings.engine == {"max-file-size": 10, "severity": {"DF101": "info"}}


def test_malformed_values_fall_back_to_defaults_and_are_named() -> None:
    settings = parse_settings(
        {"enable": "yes", "probe": {"steps": True}, "logLevel": "loud", "interpreter": 3}
    )
    assert settings.enable is True and settings.probe_steps == 30
    assert settings.log_level == "info" and settings.interpreter == ()
    assert set(settings.problems) == {"enable", "probe.steps", "logLevel", "interpreter"}


def test_interpreter_accepts_a_string_or_a_list() -> None:
    assert parse_settings({"interpreter": "/usr/bin/python3"}).interpreter == ("/usr/bin/python3",)
    assert parse_settings({"interpreter": ["/venv/bin/python"]}).interpreter == (
        "/venv/bin/python",
    )
