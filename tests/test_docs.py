"""The README stays true: commands, pages, CLI, presets and every criteria field are documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analytics.cli.main import build_parser
from analytics.criteria import criteria_reference
from analytics.store.presets import PRESET_HELP
from analytics.text.catalog import t
from tests.test_pages import PAGES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_kpi_definition_documented():
    from analytics.metrics.definitions import kpi_reference

    assert kpi_reference() in README


def test_every_criteria_field_documented():
    assert criteria_reference() in README


@pytest.mark.parametrize("command", sorted(build_parser()[1]))
def test_every_cli_command_documented(command):
    assert f"python -m analytics {command}" in README


@pytest.mark.parametrize("preset", sorted(PRESET_HELP))
def test_every_preset_documented(preset):
    assert f"| `{preset}` | {PRESET_HELP[preset]} |" in README


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path)
def test_every_page_documented(page):
    assert f"| {t(page.title_key, 'en')} {t(page.title_key, 'ja')} |" in README


@pytest.mark.parametrize(
    "keys",
    [
        "import_id kind encoding delimiter preset rows_read inserted updated rejected rejects",
        "lead_id fit engagement total mql_at",
        "band low high leads converted rate ci_low ci_high lift",
        "threshold mql mql_per_month mql_rate precision recall expected_won expected_revenue "
        "capacity_per_month",
        "machine leads activities steps name seconds floor_seconds ratio peak_rss_mb",
        "criteria_id name version status sha256 created_at created_by signoffs team signed_by "
        "signed_at note",
        "a b rules rule field change becomes_mql stops_mql difference metric diff ci_low ci_high "
        "p_value",
    ],
)
def test_json_keys_documented(keys):
    for key in keys.split():
        assert f'"{key}"' in README, key
