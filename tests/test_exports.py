"""Real exports as they come (issue 13): outcomes on the lead, no dates, no ids, yes/no values, leaks.

The files here are small and written by the test, shaped like the public exports the
issue was tried on (a Lead Scoring export with a 0/1 ``Converted`` column and no
dates; a ``;``-separated bank-marketing export with no id and a ``y`` yes/no label),
plus variants of the real files in ``../shared/data/real/``. The "Done when" of the
issue runs as CLI tests through :func:`analytics.cli.main.main` (the argv of
``python -m analytics``).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.cli.main import main
from analytics.criteria import FitRule, load_criteria
from analytics.errors import InputError
from analytics.metrics.definitions import (
    OutcomeSource,
    lead_outcome_expr,
    outcome_source,
    require_outcome,
    with_outcome,
)
from analytics.metrics.leakguard import is_outcome_column
from analytics.metrics.profile import propose_points
from analytics.metrics.proposal import holdout_split, propose_profile, score_points
from analytics.scoring.features import fit_index_expr, unmatched_criteria, value_keys
from analytics.store.db import Workspace
from analytics.store.ingest import import_file, resolve_mapping
from analytics.store.ingest.convert import parse_lifecycle
from analytics.store.ingest.mapping import _values_fit
from tests.test_pages import empty_db  # noqa: F401  (fixture)

# --------------------------------------------------------------------------- the files


def lead_scoring_csv(n: int = 400, seed: int = 1) -> str:
    """A Lead Scoring style export: Prospect ID, 0/1 Converted, no dates, sales-entered Tags."""
    rng = random.Random(seed)
    rows = [
        "Prospect ID,Lead Origin,Lead Source,TotalVisits,Tags,Lead Quality,Specialization,Converted"
    ]
    for i in range(n):
        source = rng.choice(["Google", "Direct Traffic", "Olark Chat", "Organic Search"])
        visits = rng.randint(0, 10)
        p = min(0.1 + 0.05 * visits + (0.2 if source == "Google" else 0), 0.95)
        won = rng.random() < p
        tag = (
            ("Will revert after reading the email" if won else "Ringing")
            if rng.random() < 0.8
            else ""
        )
        quality = ("High in Relevance" if won else "Not Sure") if rng.random() < 0.5 else ""
        spec = rng.choice(["Select", "Finance Management", "IT Projects Management"])
        rows.append(
            f"id-{i:04d},Landing Page Submission,{source},{visits},{tag},{quality},{spec},{int(won)}"
        )
    return "\n".join(rows) + "\n"


def bank_csv(n: int = 300, seed: int = 2) -> str:
    """A ``;``-separated bank-marketing export: no id, a numeric ``campaign`` count, ``y`` yes/no."""
    rng = random.Random(seed)
    rows = ["age;job;marital;balance;campaign;y"]
    for _ in range(n):
        y = "yes" if rng.random() < 0.15 else "no"
        rows.append(
            f"{rng.randint(20, 70)};{rng.choice(['admin.', 'technician', 'management'])};"
            f"{rng.choice(['married', 'single'])};{rng.randint(-100, 5000)};{rng.randint(1, 6)};{y}"
        )
    rows.append(rows[1])  # one contact exported twice: two rows, two leads, two ids
    return "\n".join(rows) + "\n"


def worked_csv(n: int = 400, seed: int = 3) -> str:
    """Leads with a first contact for some and a ``Sales Rating`` filled only once sales called."""
    rng = random.Random(seed)
    rows = ["Lead ID,Industry,Employees,First Contact Date,Sales Rating,Converted"]
    for i in range(n):
        industry = rng.choice(["IT", "Retail", "Manufacturing"])
        won = rng.random() < (0.35 if industry == "IT" else 0.12)
        contacted = won or rng.random() < 0.3
        contact = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}" if contacted else ""
        rating = rng.choice(["A", "B", "C"]) if contacted else ""
        rows.append(
            f"L{i},{industry},{rng.randint(5, 900)},{contact},{rating},{'yes' if won else 'no'}"
        )
    return "\n".join(rows) + "\n"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``python -m analytics ARGV`` in process: (exit code, stdout, stderr).

    An import creates its workspace (``--create``): each test starts from an empty folder.
    """
    code = main([*argv, "--create"] if argv[0] == "import" else list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def cli_json(capsys, *argv: str):
    code, out, err = cli(capsys, *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out), err


@pytest.fixture
def converted_db(tmp_path: Path, capsys) -> tuple[str, str]:
    """(db, file text) after ``import leads FILE --preset auto`` of the Lead Scoring export."""
    text = lead_scoring_csv()
    path = tmp_path / "Leads.csv"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "w.duckdb")
    summary, _ = cli_json(capsys, "import", "leads", str(path), "--db", db, "--preset", "auto")
    assert (summary["inserted"], summary["rejected"]) == (400, 0)
    return db, text


# --------------------------------------------------------------------------- Done when (1)
def test_leads_only_export_with_converted_and_no_dates(converted_db, capsys) -> None:
    db, text = converted_db
    converted = sum(line.endswith(",1") for line in text.splitlines())
    with Workspace.open(db) as ws:
        assert ws.columns("leads")["converted"] == "BOOLEAN"
        assert ws.scalar("SELECT count(*) FROM leads WHERE converted") == converted
        assert ws.scalar("SELECT count(*) FROM leads WHERE created_at IS NOT NULL") == 0
        # placeholders are missing, not a category
        assert ws.scalar("SELECT count(*) FROM leads WHERE specialization = 'Select'") == 0

    bands, err = cli_json(capsys, "bands", "--db", db, "--outcome", "won")
    assert sum(b["converted"] for b in bands) == converted
    assert sum(b["leads"] for b in bands) == 400
    assert (
        f"outcome: the leads' Converted column · 400 of 400 leads carry one, {converted:,}" in err
    )

    sweep, err = cli_json(capsys, "whatif", "--db", db, "--sweep")
    first = sweep[0]
    assert (first["mql"], first["mql_per_month"], first["expected_won"]) == (400, None, None)
    assert first["precision"] == pytest.approx(converted / 400)
    assert "need a creation date" in err and "no leads" not in err.lower()

    profile, _ = cli_json(capsys, "profile", "--db", db)
    assert profile["outcome"] == "won"
    assert profile["outcome_source"]["converted"] == converted
    by_source = {r["value"]: r for r in profile["rows"] if r["attribute"] == "source"}
    assert sum(r["converted"] for r in by_source.values()) == converted
    assert not any(is_outcome_column(p["rule"]) for p in profile["proposed"])
    assert {f["column"] for f in profile["flagged"]} >= {"tags"}  # AUC ≈ 0.9: sales' tags
    assert "tags" not in {p["rule"] for p in profile["proposed"]}
    assert profile["holdout_auc"] is not None and 0.5 < profile["holdout_auc"] <= 1


def test_profile_include_and_exclude(converted_db, capsys) -> None:
    db, _ = converted_db
    included, _ = cli_json(
        capsys, "profile", "--db", db, "--include", "tags", "--exclude", "source"
    )
    assert "tags" in included["columns"] and "source" not in included["columns"]
    assert "source" not in {p["rule"] for p in included["proposed"]}
    # an outcome column never comes back
    again, _ = cli_json(capsys, "profile", "--db", db, "--include", "converted")
    assert "converted" not in again["columns"]


def test_pages_give_conversion_by_band_from_a_converted_column(converted_db) -> None:
    from tests.test_pages import run_page, texts

    at = run_page("pages/bands.py", Path(converted_db[0]))
    assert not at.exception
    captions = " ".join(texts(at, "caption"))
    assert "the leads' Converted column" in captions and "creation date" in captions
    at = run_page("pages/profile.py", Path(converted_db[0]))
    assert not at.exception
    assert any("AUC" in c for c in texts(at, "caption"))


# --------------------------------------------------------------------------- Done when (2)
def test_semicolon_export_without_ids_and_a_yes_no_label(tmp_path: Path, capsys) -> None:
    text = bank_csv()
    path = tmp_path / "bank.csv"
    path.write_text(text, encoding="utf-8")
    db = str(tmp_path / "b.duckdb")
    code, _, err = cli(capsys, "import", "leads", str(path), "--db", db, "--preset", "auto")
    assert (
        code == 2 and "no id column" in err and "--id-from-row" in err and "did you mean" not in err
    )

    args = ("import", "leads", str(path), "--db", db, "--preset", "auto", "--id-from-row")
    first, _ = cli_json(capsys, *args)
    rows = len(text.splitlines()) - 1
    assert (first["delimiter"], first["inserted"], first["rejected"]) == (";", rows, 0)
    again, _ = cli_json(capsys, *args)  # idempotent: same ids, nothing new
    assert (again["inserted"], again["updated"]) == (0, 0)
    yes = sum(line.endswith(";yes") for line in text.splitlines())
    with Workspace.open(db) as ws:
        assert ws.scalar("SELECT count(*) FROM leads") == rows
        assert ws.scalar("SELECT count(*) FROM leads WHERE converted") == yes
        types = ws.columns("leads")
        assert types["campaign_attr"] == "BIGINT"  # a count, not the text column campaign
        assert ws.scalar("SELECT count(*) FROM leads WHERE campaign IS NOT NULL") == 0
    bands, _ = cli_json(capsys, "bands", "--db", db, "--outcome", "won")
    assert sum(b["converted"] for b in bands) == yes
    profile, _ = cli_json(capsys, "profile", "--db", db)
    assert profile["outcome_source"]["converted"] == yes
    assert not any(is_outcome_column(p["rule"]) for p in profile["proposed"])


def test_id_from_row_in_a_mapping_file(tmp_path: Path) -> None:
    mapping = '[options]\nid = "row"\nplaceholders = ["n/a", "?"]\n'
    data = b"name;rating;y\nA;?;no\nB;3;yes\nA;?;no\n"
    with Workspace.open(tmp_path / "m.duckdb") as ws:
        result = import_file(ws, "leads", data, file_name="x.csv", mapping=mapping)
        assert result.inserted == 3
        ids = ws.query("SELECT lead_id FROM leads ORDER BY lead_id")["lead_id"].to_list()
        assert len(set(ids)) == 3 and sum(i.endswith("-2") for i in ids) == 1
        assert ws.scalar("SELECT count(*) FROM leads WHERE rating IS NULL") == 2
        assert ws.columns("leads")["rating"] == "BIGINT"  # typed once the placeholders are gone
        assert any("placeholder" in n and "'?'" in n for n in result.notes)


# --------------------------------------------------------------------------- Done when (3)
def test_profile_flags_a_sales_filled_column_and_reports_holdout(tmp_path: Path, capsys) -> None:
    path = tmp_path / "worked.csv"
    path.write_text(worked_csv(), encoding="utf-8")
    db = str(tmp_path / "p.duckdb")
    cli_json(capsys, "import", "leads", str(path), "--db", db)
    profile, _ = cli_json(capsys, "profile", "--db", db, "--min-n", "20")
    flagged = {f["column"]: f["reason"] for f in profile["flagged"]}
    assert flagged.get("sales_rating") == "filled_after_contact"
    assert "sales_rating" not in profile["columns"]
    assert {p["rule"] for p in profile["proposed"]} <= {"industry", "employee_band"}
    assert not any(is_outcome_column(p["rule"]) for p in profile["proposed"])
    assert profile["holdout"]["leads"] == 120 and profile["holdout_auc"] is not None


def test_no_outcome_says_what_to_import(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "n.duckdb")
    path = tmp_path / "plain.csv"
    path.write_text("Lead ID,Industry\nL1,IT\nL2,Retail\n", encoding="utf-8")
    cli_json(capsys, "import", "leads", str(path), "--db", db)
    for command in (("bands", "--outcome", "won"), ("profile",)):
        code, _, err = cli(capsys, *command, "--db", db)
        assert code == 2 and "needs an outcome" in err and "import deals" in err
    code, _, err = cli(capsys, "bands", "--db", db, "--outcome", "sql")
    assert code == 0 and "outcome: none" in err


def test_import_rejecting_every_row_exits_2(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("lead_id,employees\nL1,many\nL2,lots\n", encoding="utf-8")
    db = str(tmp_path / "r.duckdb")
    for extra in ((), ("--dry-run",)):
        code, _, err = cli(capsys, "import", "leads", str(path), "--db", db, *extra)
        assert code == 2 and "every row of 'bad.csv' was rejected (2 rows)" in err
    with Workspace.open(db) as ws:
        assert ws.scalar("SELECT count(*) FROM imports") == 0


# --------------------------------------------------------------------------- the outcome definition
@pytest.mark.parametrize(
    ("deal", "converted", "stage", "expected"),
    [
        (True, None, None, True),
        (True, False, "lead", True),  # a won deal wins
        (False, True, None, True),
        (False, False, "customer", False),  # the Converted flag, where set, is the lead's word
        (False, None, "customer", True),
        (False, None, "opportunity", False),
        (None, None, None, False),
    ],
)
def test_lead_outcome_expr(deal, converted, stage, expected) -> None:
    f = pl.DataFrame(
        {"is_won": [deal], "converted": [converted], "lifecycle_stage": [stage]},
        schema={"is_won": pl.Boolean, "converted": pl.Boolean, "lifecycle_stage": pl.String},
    )
    assert f.select(lead_outcome_expr(f.columns)).item() is expected


def test_outcome_source_and_its_line() -> None:
    deals = pl.DataFrame({"is_won": [True, False, False], "is_lost": [False, True, False],
                          "opportunity_at": [None, None, None], "converted": [None, None, None]})  # fmt: skip
    assert outcome_source(deals) == OutcomeSource(("deals",), 3, 3, 1)
    both = with_outcome(deals.with_columns(converted=pl.Series([None, None, True])))
    source = outcome_source(both)
    assert source == OutcomeSource(("deals", "converted"), 3, 3, 2)
    assert str(source.text()) == (
        "outcome: won deals and the leads' Converted column · 3 of 3 leads carry one, 2 converted"
    )
    assert "成果" in source.text().localized("ja")
    none = outcome_source(pl.DataFrame({"is_won": [False], "lead_id": ["a"]}))
    assert not none.known
    with pytest.raises(InputError, match="needs an outcome"):
        require_outcome(none, what="bands")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.sampled_from([None, True, False])), max_size=40))
def test_with_outcome_never_loses_a_win(rows) -> None:
    f = pl.DataFrame(rows, schema={"is_won": pl.Boolean, "converted": pl.Boolean}, orient="row")
    out = with_outcome(f)
    assert out.height == f.height and out["is_won"].null_count() == 0
    assert (out["is_won"] | ~f["is_won"]).all()  # every deal win stays a win
    expected = f.select(pl.col("is_won") | pl.col("converted").fill_null(False)).to_series()
    assert out["is_won"].to_list() == expected.to_list()
    assert outcome_source(out).converted == int(expected.sum())


# --------------------------------------------------------------------------- mapping and values
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["Prospect ID", "Converted"], {"Converted": ("converted",)}),
        (["id", "成約"], {"成約": ("converted",)}),
        (["id", "受注"], {"受注": ("converted",)}),
        (["id", "y"], {"y": ("converted",)}),
        (["id", "target"], {"target": ("converted",)}),
        (["id", "is_converted"], {"is_converted": ("converted",)}),
        (["id", "Lifecycle Stage"], {"Lifecycle Stage": ("lifecycle_stage",)}),
        (["id", "Lead Status"], {"Lead Status": ("status",)}),
    ],
)
def test_outcome_header_synonyms(headers, expected) -> None:
    _, mapping, _ = resolve_mapping(headers, "leads")
    assert {h: mapping[h] for h in expected} == expected


@pytest.mark.parametrize(
    ("values", "target", "fits"),
    [
        (["1", "2", "10"], "campaign", False),
        (["spring", "2"], "campaign", True),
        (["0", "1"], "converted_at", False),
        (["2025-01-02"], "converted_at", True),
        (["yes", "no"], "converted", True),
        (["はい", "いいえ"], "converted", True),
        (["maybe", "perhaps"], "converted", False),
        (["1,234", "10億円"], "employees", True),
    ],
)
def test_values_fit_the_canonical_type(values, target, fits) -> None:
    assert _values_fit(pl.Series(values), "leads", target) is fits


def test_a_mapping_file_maps_an_outcome_onto_leads(tmp_path: Path) -> None:
    data = b"Prospect ID,Converted\na,1\nb,0\n"
    with Workspace.open(tmp_path / "o.duckdb") as ws:
        for target in ("converted", "is_won"):
            mapping = f'[columns]\n"Converted" = "{target}"\n'
            result = import_file(ws, "leads", data, file_name="o.csv", mapping=mapping)
            assert result.rejected == 0
        assert ws.rows("SELECT lead_id, converted FROM leads ORDER BY 1") == [
            ("a", True),
            ("b", False),
        ]
        status = b"Prospect ID,Lead Status\nc,Closed - Converted\n"
        import_file(ws, "leads", status, file_name="s.csv",
                    mapping='[columns]\n"Lead Status" = "lead_status"\n')  # fmt: skip
        assert ws.rows("SELECT status, converted FROM leads WHERE lead_id = 'c'") == [
            ("Closed - Converted", True)
        ]
        with pytest.raises(InputError, match=r"every row of 'o\.csv' was rejected"):
            import_file(ws, "leads", data, file_name="o.csv", dry_run=True,
                        mapping='[columns]\n"Converted" = "converted_at"\n')  # fmt: skip


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["a;1", "b;2", "a;1", "c;"]), min_size=1, max_size=12))
def test_row_ids_survive_rows_added_elsewhere(rows) -> None:
    """Ids from rows: the same file gives the same ids; a row added at the end changes no other."""
    from analytics.store.ingest.pipeline import ROW_ID, _with_row_ids
    from analytics.store.ingest.read import RawTable

    def ids(lines: list[str]) -> list[str]:
        cells = [line.split(";") for line in lines]
        frame = pl.DataFrame({"k": [c[0] for c in cells], "v": [c[1] or None for c in cells],
                              "__row": list(range(2, len(cells) + 2))})  # fmt: skip
        table, _ = _with_row_ids(RawTable(frame, ["k", "v"], "utf-8", ";", []), {}, "lead_id")
        return table.frame[ROW_ID].to_list()

    first = ids(rows)
    assert first == ids(rows) and len(set(first)) == len(first)
    assert ids([*rows, "d;9"])[: len(rows)] == first


def test_yes_no_values_map_to_the_boolean(tmp_path: Path) -> None:
    data = "id,Converted\na,1\nb,0\nc,yes\nd,no\ne,はい\nf,いいえ\ng,TRUE\nh,false\n".encode()
    with Workspace.open(tmp_path / "y.duckdb") as ws:
        import_file(ws, "leads", data, file_name="y.csv")
        got = ws.rows("SELECT lead_id, converted FROM leads ORDER BY lead_id")
    assert [v for _, v in got] == [True, False] * 4


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("subscriber", "lead"), ("Lead", "lead"), ("marketingqualifiedlead", "mql"),
        ("Marketing Qualified Lead", "mql"), ("salesqualifiedlead", "sql"), ("SQL", "sql"),
        ("Opportunity", "opportunity"), ("商談", "opportunity"), ("customer", "customer"),
        ("Evangelist", "customer"), ("Closed - Converted", "customer"), ("顧客", "customer"),
        ("受注", "customer"), ("新規", "lead"),
    ],
)  # fmt: skip
def test_lifecycle_vocabulary(text, stage) -> None:
    assert parse_lifecycle(pl.Series([text])).item() == stage


def test_lifecycle_and_status_import(tmp_path: Path) -> None:
    hubspot = b"Record ID,Lifecycle Stage\n1,customer\n2,lead\n3,opportunity\n4,who knows\n"
    sf = b"Lead ID,Lead Status\nA,Closed - Converted\nB,Working - Contacted\nC,\n"
    with Workspace.open(tmp_path / "l.duckdb") as ws:
        result = import_file(ws, "leads", hubspot, file_name="hs.csv")
        assert (result.inserted, result.rejected) == (3, 1)
        assert "unknown lifecycle stage 'who knows'" in result.rejects[0].reason
        result = import_file(ws, "leads", sf, file_name="sf.csv")
        assert any("converted derived from the lead status" in n for n in result.notes)
        got = dict(ws.rows("SELECT lead_id, converted FROM leads WHERE lead_id IN ('A','B','C')"))
    assert got == {"A": True, "B": False, "C": None}


# --------------------------------------------------------------------------- criteria values
def test_yes_no_criteria_values_match_a_boolean_column() -> None:
    rule = FitRule("opt", "opted_out", "values", values=(("Yes", -15.0), ("いいえ", 5.0)))
    frame = pl.DataFrame({"opted_out": [True, False, None]})
    assert frame.select(fit_index_expr(rule)).to_series().to_list() == [0, 1, 3]
    assert value_keys(rule) == (["Yes", "いいえ", "true", "false"], [0, 1, 0, 1])


def test_unmatched_criteria_values_warn_with_the_values_in_the_data(tmp_path: Path, capsys) -> None:
    db = tmp_path / "u.duckdb"
    with Workspace.open(db) as ws:
        import_file(ws, "leads", b"id,industry,employees,opt\na,IT,5,yes\nb,Retail,7,no\n",
                    file_name="u.csv")  # fmt: skip
        criteria = load_criteria(
            '[[fit]]\nname = "ind"\nfield = "industry"\nvalues = {IT = 5, Manufacturing = 9}\n'
            '[[fit]]\nname = "size"\nfield = "employees"\nbands = [{min = 500, points = 9}]\n'
            '[[fit]]\nname = "opt"\nfield = "opt"\nvalues = {Yes = -15, No = 0}\n'
        )
        found = unmatched_criteria(ws, criteria)
    assert [str(u.text()) for u in found] == [
        "fit rule 'ind': no lead has 'Manufacturing' (values in the data: 'IT', 'Retail')",
        "fit rule 'size': no lead falls in ≥ 500 (the data runs 5–7)",
    ]
    toml = tmp_path / "c.toml"
    toml.write_text(
        '[[fit]]\nname = "ind"\nfield = "industry"\nvalues = {Manufacturing = 9}\n', "utf-8"
    )
    code, _, err = cli(capsys, "score", "--db", str(db), "--criteria", str(toml))
    assert code == 0 and "warning: fit rule 'ind': no lead has 'Manufacturing'" in err


# --------------------------------------------------------------------------- proposals
@settings(max_examples=60, deadline=None)
@given(st.floats(0.05, 8.0), st.integers(30, 5000), st.integers(1, 3000))
def test_shrinkage_gives_small_groups_fewer_points(lift, n, more) -> None:
    def points(leads: int) -> float:
        p = pl.DataFrame({"attribute": ["a"], "value": ["x"], "leads": [leads], "rate": [0.1 * lift],
                          "ci_low": [0.5 if lift > 1 else 0.0], "ci_high": [1.0 if lift > 1 else 0.01],
                          "lift": [lift]})  # fmt: skip
        out = propose_points(p)
        return out["points"].item() if out.height else 0.0

    assert abs(points(n)) <= abs(points(n + more))


def test_holdout_split_is_stratified_and_seeded() -> None:
    y = pl.Series([True] * 20 + [False] * 80)
    held = holdout_split(y, seed=4)
    assert held.sum() == 30 and held[:20].sum() == 6
    assert (holdout_split(y, seed=4) == held).all()


def test_score_points_and_the_proposal_never_reads_outcomes() -> None:
    rng = random.Random(5)
    rows = []
    for i in range(300):
        industry = rng.choice(["IT", "Retail"])
        won = rng.random() < (0.4 if industry == "IT" else 0.1)
        rows.append(
            (str(i), industry, won, won, "customer" if won else "lead", "yes" if won else "no")
        )
    leads = pl.DataFrame(
        rows, schema=["lead_id", "industry", "is_won", "converted", "lifecycle_stage", "y"],
        orient="row",
    ).with_columns(pl.lit(None, pl.Datetime("us")).alias(c) for c in ("sql_at", "opportunity_at", "mql_at"))  # fmt: skip
    run = propose_profile(leads)
    assert run.candidates == ["industry"] and run.columns == ["industry"]
    assert set(run.proposed["attribute"]) == {"industry"}
    assert run.holdout["auc"] is not None and run.holdout["auc"] > 0.6
    scores = score_points(leads, run.proposed)
    it = leads["industry"] == "IT"
    assert scores.filter(it).min() > scores.filter(~it).max()


# --------------------------------------------------------------------------- schema and real data
def test_older_workspace_gets_the_outcome_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    with Workspace.open(db) as ws, ws.transaction() as cur:
        cur.execute("ALTER TABLE leads DROP COLUMN converted")
        cur.execute("ALTER TABLE leads DROP COLUMN lifecycle_stage")
        cur.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with Workspace.open(db) as ws:
        assert {"converted", "lifecycle_stage"} <= set(ws.columns("leads"))
        assert ws.scalar("SELECT value FROM meta WHERE key = 'schema_version'") == "4"


def test_real_olist_as_a_leads_only_export(real_data: Path, tmp_path: Path, capsys) -> None:
    """Olist's MQLs with the won deals folded in as a 0/1 Converted column, dates dropped."""
    folder = real_data / "olist-funnel"
    leads = pl.read_csv(folder / "olist_marketing_qualified_leads_dataset.csv", infer_schema=False)
    won = set(pl.read_csv(folder / "olist_closed_deals_dataset.csv", infer_schema=False)["mql_id"])
    export = leads.select(
        pl.col("mql_id").alias("Prospect ID"),
        pl.col("origin").alias("Lead Origin"),
        pl.col("mql_id").is_in(list(won)).cast(pl.Int8).alias("Converted"),
    )
    path = tmp_path / "olist_leads_only.csv"
    export.write_csv(path)
    db = str(tmp_path / "o.duckdb")
    summary, _ = cli_json(capsys, "import", "leads", str(path), "--db", db, "--preset", "auto")
    assert summary["inserted"] == 8000
    bands, err = cli_json(capsys, "bands", "--db", db, "--outcome", "won")
    assert sum(b["converted"] for b in bands) == 842 and "8,000 of 8,000 leads carry one" in err
    profile, _ = cli_json(capsys, "profile", "--db", db)
    by_origin = {r["value"]: (r["converted"], r["leads"]) for r in profile["rows"]
                 if r["attribute"] == "source"}  # fmt: skip
    assert by_origin["organic_search"] == (271, 2296) and by_origin["social"] == (75, 1350)
    assert not any(is_outcome_column(p["rule"]) for p in profile["proposed"])


def test_real_maven_pipeline_without_ids_and_a_yes_no_label(
    real_data: Path, tmp_path: Path, capsys
) -> None:
    """Maven's opportunities as a ``;`` export with no id column and ``y`` = yes for Won."""
    raw = pl.read_csv(real_data / "maven-crm" / "sales_pipeline.csv", infer_schema=False)
    export = raw.select(
        "sales_agent", "product", "account",
        y=pl.when(pl.col("deal_stage") == "Won").then(pl.lit("yes")).otherwise(pl.lit("no")),
    )  # fmt: skip
    path = tmp_path / "pipeline.csv"
    export.write_csv(path, separator=";")
    db = str(tmp_path / "m.duckdb")
    args = ("import", "leads", str(path), "--db", db, "--preset", "auto", "--id-from-row")
    summary, _ = cli_json(capsys, *args)
    assert (summary["inserted"], summary["rejected"]) == (8800, 0)
    bands, _ = cli_json(capsys, "bands", "--db", db, "--outcome", "won")
    assert sum(b["converted"] for b in bands) == 4238  # the count of yes (Won)
    again, _ = cli_json(capsys, *args)
    assert again["inserted"] == 0


def test_apptest_import_page_offers_ids_from_rows(empty_db: Path) -> None:  # noqa: F811
    from tests.test_pages import run_page, table_counts, upload

    at = upload(run_page("pages/import_data.py", empty_db), ("bank.csv", bank_csv(20).encode()))
    assert not at.exception
    boxes = [b for b in at.checkbox if str(b.key).startswith("import.id_from_row")]
    assert len(boxes) == 1
    boxes[0].check().run()
    at.button(key="import.run").click().run()
    assert not at.exception
    assert table_counts(empty_db)["leads"] == 21


@pytest.fixture(scope="module")
def snapshot_db(tmp_path_factory) -> Path:
    """The Lead Scoring export imported once for the page checks (no dates, a Converted column)."""
    db = tmp_path_factory.mktemp("snapshot") / "s.duckdb"
    with Workspace.open(db) as ws:
        import_file(ws, "leads", lead_scoring_csv(200).encode(), file_name="Leads.csv")
    return db


@pytest.mark.parametrize("path", ["pages/overview.py", "pages/scoring.py", "pages/whatif.py",
                                  "pages/funnel.py", "pages/model.py", "pages/stages.py"])  # fmt: skip
def test_pages_run_on_a_snapshot_export(snapshot_db: Path, path: str) -> None:
    """Every page works on totals and never claims there are no leads."""
    from analytics.text.catalog import t
    from tests.test_pages import run_page, texts

    at = run_page(path, snapshot_db)
    assert not at.exception, at.exception
    shown = " ".join(texts(at, "info") + texts(at, "warning") + texts(at, "caption"))
    assert t("whatif.empty", "en") not in shown


@pytest.mark.parametrize("path", ["pages/bands.py", "pages/profile.py", "pages/model.py"])
def test_pages_without_an_outcome_say_what_to_import(empty_db: Path, path: str) -> None:  # noqa: F811
    """No deals and no Converted column: the page says so instead of showing zeros."""
    from analytics.text.catalog import t
    from tests.test_pages import run_page, texts

    with Workspace.open(empty_db) as ws:
        import_file(ws, "leads", b"Lead ID,Industry\nL1,IT\nL2,Retail\n", file_name="p.csv")
    at = run_page(path, empty_db)
    if path == "pages/bands.py":  # bands default to SQL (from BANT): choose won
        at.radio(key="bands.outcome.en").set_value("won").run()
    assert not at.exception
    assert t("common.no_outcome", "en") in texts(at, "info")
    assert not at.dataframe
