"""The CLI surface: every command has working help and the shared options."""

from __future__ import annotations

import pytest

from analytics.cli.main import Output, build_parser, main, render


def test_top_level_help(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for name in ("demo", "import", "score", "bands", "whatif", "bench"):
        assert name in out


@pytest.mark.parametrize("name", sorted(build_parser()[1]))
def test_every_command_help(name, capsys):
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert "--format" in capsys.readouterr().out


def test_render_formats():
    out = Output(data=[{"a": 1, "b": "東京"}], text="a=1")
    assert render(out, "text") == "a=1"
    assert '"b": "東京"' in render(out, "json")
    assert render(out, "csv") == "a,b\n1,東京"


def test_bad_input_exits_2_with_one_line(tmp_path, capsys):
    code = main(
        ["import", "leads", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "w.duckdb"),
         "--create"]
    )  # fmt: skip
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "missing.csv" in err and "\n" not in err
