"""Configuration: editor settings (initialization options, didChangeConfiguration) over
pyproject.toml `[tool.defib]`, which is re-read when it changes."""

from __future__ import annotations

import asyncio
import os
import shutil
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from .helpers import EXAMPLES, open_document, session, wait_for_diagnostics

pytestmark = pytest.mark.asyncio


def project(tmp_path: Path, pyproject: str | None) -> Path:
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    target = tmp_path / "train.py"
    shutil.copy(EXAMPLES / "seed_1_learning_rate.py", target)
    return target


async def test_pyproject_ignore_silences_a_rule(tmp_path: Path) -> None:
    path = project(tmp_path, '[tool.defib]\nignore = ["DF101"]\n')
    async with session(root=tmp_path) as client:
        uri = open_document(client, path)
        assert await wait_for_diagnostics(client, uri) == []


async def test_a_changed_pyproject_applies_on_the_next_analysis(tmp_path: Path) -> None:
    path = project(tmp_path, "[tool.defib]\n")
    async with session(root=tmp_path) as client:
        uri = open_document(client, path)
        assert [d.code for d in await wait_for_diagnostics(client, uri)] == ["DF101"]
        pyproject = tmp_path / "pyproject.toml"
        pyproject.write_text('[tool.defib]\nseverity = { DF101 = "error" }\n')
        stat = pyproject.stat()
        os.utime(pyproject, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10_000_000))
        client.diagnostics.pop(uri)
        client.workspace_did_change_watched_files(
            lsp.DidChangeWatchedFilesParams(
                changes=[lsp.FileEvent(uri=pyproject.as_uri(), type=lsp.FileChangeType.Changed)]
            )
        )
        (found,) = await wait_for_diagnostics(client, uri)
        assert found.severity == lsp.DiagnosticSeverity.Error


async def test_initialization_settings_override_pyproject(tmp_path: Path) -> None:
    path = project(tmp_path, '[tool.defib]\nseverity = { DF101 = "error" }\n')
    options = {"settings": {"severity": {"DF101": "information"}}}
    async with session(options=options, root=tmp_path) as client:
        uri = open_document(client, path)
        (found,) = await wait_for_diagnostics(client, uri)
        assert found.severity == lsp.DiagnosticSeverity.Information


async def test_did_change_configuration_reanalyses_open_documents() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 1)
        client.diagnostics.pop(uri)
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"defib": {"select": ["DF2"]}})
        )
        assert await wait_for_diagnostics(client, uri) == []


async def test_disabling_clears_diagnostics() -> None:
    async with session() as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri, lambda found: len(found) == 1)
        client.diagnostics.pop(uri)
        client.workspace_did_change_configuration(
            lsp.DidChangeConfigurationParams(settings={"defib": {"enable": False}})
        )
        assert await wait_for_diagnostics(client, uri) == []


async def test_a_malformed_setting_is_logged_and_the_rest_still_applies() -> None:
    options = {"settings": {"lintOnType": "yes", "ignore": ["DF101"], "logLevel": "info"}}
    async with session(options=options) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        assert await wait_for_diagnostics(client, uri) == []
        await asyncio.sleep(0.1)
        assert any("lintOnType" in m.message for m in client.log_messages)


async def test_a_file_over_the_size_limit_is_skipped_with_one_message() -> None:
    async with session(options={"settings": {"maxFileSize": 1000}}) as client:
        big = EXAMPLES / "seed_1_learning_rate.py"
        text = big.read_text() + "# padding\n" * 200
        uri = open_document(client, big, text)
        assert await wait_for_diagnostics(client, uri) == []
        small = open_document(client, EXAMPLES / "seed_2_vanishing_gradients.py")
        assert [d.code for d in await wait_for_diagnostics(client, small)] == ["DF201"]
        skipped = [m for m in client.log_messages if "skipped" in m.message]
        assert len(skipped) == 1 and "max-file-size" in skipped[0].message


async def test_log_level_debug_reports_each_analysis_and_error_silences_info() -> None:
    async with session(options={"settings": {"logLevel": "debug"}}) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri)
        await asyncio.sleep(0.2)
        assert any(m.message.startswith("analysed ") for m in client.log_messages)
        assert all(
            m.type != lsp.MessageType.Log or "analysed" in m.message for m in client.log_messages
        )
    async with session(options={"settings": {"logLevel": "error"}}) as client:
        uri = open_document(client, EXAMPLES / "seed_1_learning_rate.py")
        await wait_for_diagnostics(client, uri)
        await asyncio.sleep(0.2)
        assert client.log_messages == []


async def test_each_workspace_folder_gets_its_own_settings(tmp_path: Path) -> None:
    quiet, loud = tmp_path / "quiet", tmp_path / "loud"
    quiet.mkdir()
    loud.mkdir()
    folders = {quiet: {"ignore": ["DF101"]}, loud: {}}
    async with session(folders=folders) as client:
        quiet_uri = open_document(client, project(quiet, None))
        loud_uri = open_document(client, project(loud, None))
        assert [d.code for d in await wait_for_diagnostics(client, loud_uri)] == ["DF101"]
        assert await wait_for_diagnostics(client, quiet_uri, lambda found: not found) == []
