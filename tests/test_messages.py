"""Error messages and reject reasons in English and Japanese (analytics/messages.py).

- the catalog: every key has both languages with the same placeholders;
- every error raised in the converted modules carries a key (AST scan);
- real failures: ``str(exc)`` is the unchanged English line (the CLI prints it),
  ``exc.localized("ja")`` is Japanese and names the same file/row/column/value;
- reject reasons are stored with their key and shown in the user's language;
- the Import page in Japanese shows Japanese errors and reject reasons.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics.criteria import load_criteria
from analytics.errors import CriteriaError, InputError, KakehashiError, WorkspaceError
from analytics.metrics.bands import parse_edges, summarise_bands
from analytics.metrics.buying_stages import load_stage_rules
from analytics.metrics.stats import wilson_interval
from analytics.scoring.features import check_fields
from analytics.scoring.points import parse_as_of
from analytics.store.db import Workspace
from analytics.store.ingest import import_file, list_rejects, localize_rejects, rejects_frame
from analytics.text.catalog import CATALOG, MESSAGES, Text, localize_column, placeholders, render
from tests.test_pages import demo_db, empty_db, run_page, texts  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parent.parent
ANALYTICS = ROOT / "analytics"
ERRORS = {"InputError", "CriteriaError", "WorkspaceError", "KakehashiError"}
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")

# Modules (paths under analytics/; a folder means every module in it) whose every raised
# error must carry a message key.
CONVERTED = (
    "store",
    "criteria",
    "scoring",
    "metrics",
    "cli/whatif.py",
    "cli/metrics.py",
    "cli/criteria.py",
)
# Modules not converted yet, with the reason (their errors still show in English):
NOT_CONVERTED = {
    "cli/command.py": "CLI plumbing",
    "text/catalog.py": "programming error: a column template with a format spec",
}
# Keys built from parts (ingest.mapping.missing_error adds "_other" / "_hint").
DYNAMIC_KEYS = {
    "ingest.missing_column_other",
    "ingest.missing_column_hint",
    "ingest.missing_column_other_hint",
}


def _error_calls(path: Path) -> list[tuple[int, str, bool]]:
    """(line, class, keyed) for every call of an error class (keyed = ``Cls.make(...)``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in ERRORS:
            found.append((node.lineno, func.id, False))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "make"
            and isinstance(func.value, ast.Name)
            and func.value.id in ERRORS
        ):
            found.append((node.lineno, func.value.id, True))
    return found


def _string_constants() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "analytics").rglob("*.py"):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


# --------------------------------------------------------------------------- the catalog
@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) == {"en", "ja"}, key
    assert entry["en"].strip() and entry["ja"].strip(), key
    assert placeholders(entry["en"]) == placeholders(entry["ja"]), key
    if not key.startswith("criteria.where.key") and key != "criteria.in_source":
        assert JAPANESE.search(entry["ja"]), f"{key}: no Japanese text"


@pytest.mark.parametrize("key", sorted(k for k in MESSAGES if k.startswith("reject.")))
def test_reject_templates_use_plain_placeholders(key: str) -> None:
    """Stored reasons are rendered by polars (localize_column): no !r or format specs."""
    import string

    for template in MESSAGES[key].values():
        for _, name, spec, conversion in string.Formatter().parse(template):
            assert not spec and not conversion, (key, name)


def test_every_key_is_used_and_every_used_key_exists() -> None:
    constants = _string_constants()
    unused = sorted(set(MESSAGES) - constants - DYNAMIC_KEYS)
    assert not unused, f"catalog keys no module uses: {unused}"
    keyish = {
        c
        for c in constants
        if re.fullmatch(
            r"(ingest|criteria|reject|db|schema|demo|export|metrics|features|points|whatif)\.[a-z_.]+",
            c,
        )
    }
    missing = sorted(k for k in keyish if k not in CATALOG and not k.endswith("."))
    assert not missing, f"keys used but not in the catalog: {missing}"


def _modules(entry: str) -> list[Path]:
    """The modules of a CONVERTED / NOT_CONVERTED entry (a file, or every file of a folder)."""
    path = ANALYTICS / entry
    return sorted(path.rglob("*.py")) if path.is_dir() else [path]


@pytest.mark.parametrize("entry", [*CONVERTED, *NOT_CONVERTED])
def test_listed_modules_exist(entry: str) -> None:
    assert all(path.is_file() for path in _modules(entry)), f"analytics/{entry} does not exist"


@pytest.mark.parametrize("entry", CONVERTED)
def test_converted_modules_raise_only_keyed_errors(entry: str) -> None:
    plain = [
        (path.relative_to(ANALYTICS).as_posix(), line, cls)
        for path in _modules(entry)
        for line, cls, keyed in _error_calls(path)
        if not keyed
    ]
    assert not plain, f"analytics/{entry}: errors without a message key at {plain}"


def test_unconverted_modules_are_documented() -> None:
    """A module that raises un-keyed errors must be listed in NOT_CONVERTED with a reason."""
    plain = {
        path.relative_to(ANALYTICS).as_posix()
        for path in ANALYTICS.rglob("*.py")
        if path.name != "errors.py" and any(not keyed for _, _, keyed in _error_calls(path))
    }
    documented = {
        path.relative_to(ANALYTICS).as_posix() for e in NOT_CONVERTED for path in _modules(e)
    }
    assert plain <= documented, sorted(plain - documented)
    assert not set(CONVERTED) & set(NOT_CONVERTED)


def test_fragments_render_in_the_language_of_the_message() -> None:
    where = Text(
        "criteria.where.band", {"rule": Text("criteria.where.fit_rule", {"name": "規模"}), "n": 2}
    )
    assert str(where) == "fit rule '規模' band #2"
    assert render("criteria.band_no_points", "ja", {"where": where}).startswith(
        "属性ルール '規模' の区分 #2:"
    )
    assert render("criteria.band_no_points", "fr", {"where": where}) == render(
        "criteria.band_no_points", "en", {"where": where}
    )


def test_error_without_key_falls_back_to_english() -> None:
    exc = InputError("plain English")
    assert (str(exc), exc.localized("ja"), exc.key, exc.values) == ("plain English",) * 2 + (
        None,
        {},
    )


# --------------------------------------------------------------------------- real failures
def _raised(call) -> KakehashiError:  # type: ignore[no-untyped-def]
    with pytest.raises(KakehashiError) as info:
        call()
    return info.value


def test_undecodable_cp932_file() -> None:
    ws = Workspace.open(":memory:")
    exc = _raised(
        lambda: import_file(
            ws, "leads", b"lead_id,company\nL1,\x80\x81\xff\n", file_name="顧客.csv"
        )
    )
    assert isinstance(exc, InputError) and exc.key == "ingest.undecodable"
    assert str(exc) == (
        "file '顧客.csv' cannot be decoded as UTF-8 or CP932 (bytes b'\\x81\\xff\\n' at byte 20, "
        "line 2); save it as 'CSV UTF-8' (or CP932 'CSV') and import again"
    )
    ja = exc.localized("ja")
    assert JAPANESE.search(ja) and "'顧客.csv'" in ja and "2 行目" in ja and "20 バイト目" in ja
    assert "CSV UTF-8" in ja


def test_missing_id_column() -> None:
    ws = Workspace.open(":memory:")
    data = b"LeadIdentifier,company\nL1,Acme\n"
    exc = _raised(lambda: import_file(ws, "leads", data, file_name="leads.csv"))
    assert exc.key == "ingest.missing_column_hint"
    assert str(exc) == (
        "file 'leads.csv' has no column for required leads column 'lead_id'; did you mean "
        '\'LeadIdentifier\'? pass --mapping with [columns] "<your header>" = "lead_id" '
        "(headers: 'LeadIdentifier', 'company')"
    )
    ja = exc.localized("ja")
    assert "'leads.csv'" in ja and "'lead_id'" in ja and "'LeadIdentifier' のことですか" in ja
    assert "必須列" in ja


# (call, key, English line (unchanged; prefix), Japanese prefix)
METRIC_ERRORS = [
    (
        lambda: parse_edges("0,abc"),
        "metrics.bands.edge_not_number",
        "band edge 'abc' (position 2 in '0,abc') is not a number; "
        "give comma-separated scores such as 0,50,70,90",
        "帯の境界 'abc'（'0,abc' の 2 番目）は数値ではありません。",
    ),
    (
        lambda: load_stage_rules("[[rule]]\nname = 'x'"),
        "metrics.stages.missing_keys",
        "stage rule 1 ('x'): missing key(s) ['stage', 'priority', 'action', 'types']; "
        "every rule needs ('name', 'stage', 'priority', 'action', 'types')",
        "検討段階ルール 1（'x'）: キー ['stage', 'priority', 'action', 'types'] がありません。",
    ),
    (
        lambda: summarise_bands(pl.DataFrame({"peak_total": [1.0]}), outcome="lost"),
        "metrics.not_one_of",
        "band outcome 'lost' is not one of ('sql', 'won')",
        "スコア帯の成果 'lost' は ('sql', 'won') のいずれでもありません。",
    ),
    (
        lambda: wilson_interval(3, 2),
        "metrics.stats.counts",
        "counts converted=3, n=2 need 0 <= converted <= n",
        "件数 converted=3, n=2 は",
    ),
    (
        lambda: parse_as_of("last week"),
        "points.bad_as_of",
        "--as-of 'last week' is not a date; write it as YYYY-MM-DD, e.g. 2025-08-31",
        "--as-of 'last week' は日付ではありません。",
    ),
    (
        lambda: check_fields(
            Workspace.open(":memory:"),
            load_criteria('[[fit]]\nname = "size"\nfield = "staff"\nbands = [{points = 1}]'),
        ),
        "features.unknown_column",
        "fit rule 'size' field 'field': lead column 'staff' does not exist; use one of: ",
        "属性ルール 'size' の項目 'field': リードの列 'staff' はありません。",
    ),
]


@pytest.mark.parametrize(
    ("call", "key", "english", "japanese"), METRIC_ERRORS, ids=[case[1] for case in METRIC_ERRORS]
)
def test_metric_and_scoring_errors_are_keyed(call, key, english, japanese) -> None:  # type: ignore[no-untyped-def]
    exc = _raised(call)
    assert exc.key == key
    assert str(exc).startswith(english)  # the English line is unchanged (tests match it)
    assert exc.localized("ja").startswith(japanese)


def test_bad_criteria_field() -> None:
    text = '[[fit]]\nname = "size"\nfield = "employees"\nbands = [{min = 500, points = "many"}]'
    exc = _raised(lambda: load_criteria(text))
    assert isinstance(exc, CriteriaError)
    assert str(exc) == (
        "criteria field fit rule 'size' band #1 field 'points': 'many' is not a number; "
        "write a number such as points = 10"
    )
    assert exc.localized("ja") == (
        "判定基準の属性ルール 'size' の区分 #1 の項目 'points': 'many' は数値ではありません。"
        "points = 10 のように数値を書いてください。"
    )


def test_bad_criteria_file_wraps_the_inner_error(tmp_path: Path) -> None:
    path = tmp_path / "基準.toml"
    path.write_text('[[fit]]\nname = "size"\nfeild = "employees"\n', encoding="utf-8")
    exc = _raised(lambda: load_criteria(path))
    assert (
        str(exc)
        == f"criteria file {str(path)!r}: fit rule 'size': unknown key 'feild'; did you mean 'field'?"
    )
    assert exc.localized("ja") == (
        f"判定基準ファイル {str(path)!r}: 属性ルール 'size': 不明なキー 'feild' があります。"
        "'field' のことですか？"
    )
    assert isinstance(exc.__cause__, CriteriaError)


def test_locked_workspace(held_workspace: tuple[Path, int]) -> None:
    path, pid = held_workspace
    exc = _raised(lambda: Workspace.open(path))
    assert isinstance(exc, WorkspaceError) and exc.key == "db.locked_pid"
    assert str(exc) == (
        f"workspace {str(path)!r} is in use by process {pid} (an import or another write); "
        "try again when it has finished, or pass --db with another file"
    )
    ja = exc.localized("ja")
    assert f"プロセス {pid} が使用中" in ja and repr(str(path)) in ja
    assert exc.__cause__ is not None


# --------------------------------------------------------------------------- reject reasons
BAD_LEADS = (
    b"lead_id,created_at,employees,company\n"
    b"L1,2025-01-01,10,A\n"
    b"L2,not a date,10,B\n"
    b"L3,2025-01-02,-5,C\n"
    b"L1,2025-01-03,3,D\n"
    b",2025-01-04,3,E\n"
)


def test_rejects_carry_keys_and_render_in_both_languages() -> None:
    ws = Workspace.open(":memory:")
    result = import_file(ws, "leads", BAD_LEADS, file_name="bad.csv")
    keys = [(r.row, r.key) for r in result.rejects]
    assert keys == [
        (3, "reject.bad_date"),
        (4, "reject.negative"),
        (5, "reject.duplicate"),
        (6, "reject.empty"),
    ]
    for reject in result.rejects:
        assert reject.localized("en") == reject.reason  # English templates = today's reasons
        assert JAPANESE.search(reject.localized("ja"))
    assert result.rejects[0].localized("ja") == (
        "列 'created_at' の日付 'not a date' を読めません。"
        "2025-08-05、2025/8/5、2025年8月5日 のような日付にしてください"
    )
    assert result.rejects[2].localized("ja") == "lead_id 'L1' が重複しています（最初は 2 行目）"
    assert result.to_dict()["rejects"][0] == {
        "row": 3,
        "column": "created_at",
        "reason": result.rejects[0].reason,
    }  # the CLI's JSON shape is unchanged
    # stored with key and values; rendered vectorised, same text as the Reject objects
    stored = ws.query("SELECT reason_key, reason_values FROM import_rejects ORDER BY row_number")
    assert stored["reason_key"].to_list() == [k for _, k in keys]
    assert json.loads(stored["reason_values"][0]) == {"value": "not a date", "column": "created_at"}
    import_id = result.import_id
    assert import_id is not None
    assert list_rejects(ws, import_id)["reason"].to_list() == [r.reason for r in result.rejects]
    assert list_rejects(ws, import_id, lang="en")["reason"].to_list() == [
        r.reason for r in result.rejects
    ]
    assert list_rejects(ws, import_id, lang="ja")["reason"].to_list() == [
        r.localized("ja") for r in result.rejects
    ]
    shown = localize_rejects(rejects_frame(result), "ja")
    assert shown.columns == ["row", "column", "reason"]
    assert shown["reason"].to_list() == [r.localized("ja") for r in result.rejects]


@pytest.mark.parametrize(
    ("kind", "data", "key"),
    [
        # a second, valid row: an import that rejects every row is refused whole (issue 13)
        (
            "bant",
            b"lead_id,assessed_at,budget\nL1,2025-01-01,zz\nL2,2025-01-01,1\n",
            "reject.bad_level",
        ),
        (
            "feedback",
            b"lead_id,given_at,verdict\nL1,2025-01-01,zz\nL2,2025-01-01,accepted\n",
            "reject.bad_verdict",
        ),
        ("costs", b"month,channel,amount\nzz,web,1\n2025-04,web,1\n", "reject.bad_month"),
        ("deals", b"deal_id,is_won\nD1,maybe\nD2,yes\n", "reject.not_bool"),
        ("deals", b"deal_id,amount\nD1,lots\nD2,5\n", "reject.not_number"),
        ("leads", b"lead_id,employees\nL1,1.5\nL2,3\n", "reject.not_whole"),
    ],
)
def test_every_value_reject_has_a_key(kind: str, data: bytes, key: str) -> None:
    result = import_file(Workspace.open(":memory:"), kind, data, dry_run=True)
    (reject,) = result.rejects
    assert reject.key == key and reject.localized("en") == reject.reason
    assert JAPANESE.search(reject.localized("ja"))


def test_localize_column_keeps_rows_without_a_key() -> None:
    frame = pl.DataFrame(
        {
            "reason": ["old English reason", "empty lead_id in column 'ID'"],
            "reason_key": [None, "reject.empty"],
            "reason_values": [None, '{"name": "lead_id", "column": "ID"}'],
        }
    )
    out = localize_column(frame, "ja", text="reason", key="reason_key", values="reason_values")
    assert out["reason"].to_list() == ["old English reason", "列 'ID' の lead_id が空です"]
    assert localize_rejects(frame.head(1), "ja")["reason"].to_list() == ["old English reason"]


def test_constant_that_cannot_be_read_is_localized() -> None:
    mapping = '[constants]\nemployees = "many"\n'
    exc = _raised(
        lambda: import_file(Workspace.open(":memory:"), "leads", b"lead_id\nL1\n", mapping=mapping)
    )
    assert str(exc).startswith(
        "mapping [constants] employees = 'many' cannot be read: not a number"
    )
    assert "列 '[constants] employees' の 'many' は数値ではありません" in exc.localized("ja")


# --------------------------------------------------------------------------- the Import page
# Besides the real upload-and-import flow, the page's results are also seeded in session
# state the way the page stores them after its import button, to switch languages on them.
def _upload(at, name: str, data: bytes):  # type: ignore[no-untyped-def]
    at.file_uploader(key="import.files").set_value([(name, data, "text/csv")])
    return at.run()


def _page_with_results(db: Path, results: list[dict], lang: str):  # type: ignore[no-untyped-def]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["app.db"] = str(db)
    at.session_state["app.lang"] = lang
    at.session_state["import.results"] = results
    at.switch_page("pages/import_data.py")
    return at.run()


def test_import_page_shows_japanese_file_errors(empty_db: Path) -> None:  # noqa: F811
    at = _upload(run_page("pages/import_data.py", empty_db, lang="ja"), "空.csv", b"")
    assert not at.exception
    errors = texts(at, "error")
    assert errors == [render("ingest.empty_file", "ja", {"file": "空.csv"})], errors


def test_import_page_shows_japanese_reject_reasons(empty_db: Path) -> None:  # noqa: F811
    with Workspace.open(empty_db) as ws:
        result = import_file(ws, "leads", BAD_LEADS, file_name="bad.csv")
    stored = {
        "file_name": "bad.csv",
        **result.to_dict(),
        "notes": result.notes,
        "rejects_frame": rejects_frame(result),
    }
    at = _page_with_results(empty_db, [stored], "ja")
    assert not at.exception and not at.error, texts(at, "error")
    expected = [r.localized("ja") for r in result.rejects]
    assert expected[0] == (
        "列 'created_at' の日付 'not a date' を読めません。"
        "2025-08-05、2025/8/5、2025年8月5日 のような日付にしてください"
    )
    frames = [frame.value for frame in at.dataframe]
    just_run = [f for f in frames if list(f.columns) == ["row", "column", "reason"]]
    history = [f for f in frames if "row_number" in f.columns and "reason" in f.columns]
    assert just_run and just_run[0]["reason"].tolist() == expected
    assert history and history[0]["reason"].tolist() == expected
    # the same page in English shows the stored English reasons (nothing re-imported)
    at = _page_with_results(empty_db, [stored], "en")
    frames = [frame.value for frame in at.dataframe]
    english = [r.reason for r in result.rejects]
    assert any(
        list(f.columns) == ["row", "column", "reason"] and f["reason"].tolist() == english
        for f in frames
    )
    assert any("row_number" in f.columns and f["reason"].tolist() == english for f in frames)


def test_import_page_error_after_run_follows_the_language(empty_db: Path) -> None:  # noqa: F811
    data = "company,industry\n架け橋商事,製造業\n".encode()
    with pytest.raises(InputError) as info, Workspace.open(empty_db) as ws:
        import_file(ws, "leads", data, file_name="no_id.csv")
    results = [{"file_name": "no_id.csv", "error": info.value}]
    at = _page_with_results(empty_db, results, "ja")
    assert not at.exception
    errors = texts(at, "error")
    assert len(errors) == 1 and "'no_id.csv'" in errors[0] and "ID 列がありません" in errors[0]
    at = _page_with_results(empty_db, results, "en")
    assert texts(at, "error") == [str(info.value)]


def test_bands_page_shows_japanese_edge_error(demo_db: Path) -> None:  # noqa: F811
    at = run_page("pages/bands.py", demo_db, lang="ja")
    at.radio(key="bands.method.ja").set_value("custom").run()
    at.text_input(key="bands.edges").set_value("0,abc").run()
    assert not at.exception
    expected = render(
        "metrics.bands.edge_not_number", "ja", {"part": "abc", "position": 2, "text": "0,abc"}
    )
    assert any(expected in error for error in texts(at, "error")), texts(at, "error")


def test_keyed_errors_survive_pickle_and_copy() -> None:
    import copy
    import pickle

    where = Text("ingest.where.mapping_file", {"path": "m.toml"})
    exc = InputError.make("ingest.mapping_not_found", where=where)
    for again in (pickle.loads(pickle.dumps(exc)), copy.copy(exc)):
        assert type(again) is InputError and str(again) == str(exc)
        assert (
            again.localized("ja")
            == exc.localized("ja")
            == ("対応付けファイル 'm.toml' が見つかりません。--mapping のパスを確認してください。")
        )


def test_import_page_flow_in_japanese(empty_db: Path) -> None:  # noqa: F811
    at = _upload(run_page("pages/import_data.py", empty_db, lang="ja"), "bad.csv", BAD_LEADS)
    assert not at.exception and not at.error, texts(at, "error")
    at.button(key="import.run").click().run()
    assert not at.exception
    with Workspace.open(empty_db) as ws:
        expected = list_rejects(ws, 1, lang="ja")["reason"].to_list()
    assert len(expected) == 4 and all(JAPANESE.search(reason) for reason in expected)
    frames = [frame.value for frame in at.dataframe]
    assert any(
        list(f.columns) == ["row", "column", "reason"] and f["reason"].tolist() == expected
        for f in frames
    ), "the rejects of the import just run are not in Japanese"
    assert any("row_number" in f.columns and f["reason"].tolist() == expected for f in frames), (
        "the rejects of the chosen import (history) are not in Japanese"
    )
