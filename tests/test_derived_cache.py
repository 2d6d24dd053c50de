"""What pages derive, kept beside the workspace: the feature matrix and the model lab read back
exactly what a fresh computation returns, and a change of data or criteria is a miss."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria
from analytics.metrics.model import prepare_workspace, run_model
from analytics.metrics.model.kept import KINDS, cached_model_data, cached_model_result
from analytics.metrics.proposal import ProfileProposal, propose_profile
from analytics.scoring.cache import cache_dir
from analytics.scoring.derived import (
    cached_features,
    cached_value,
    decode,
    derived_key,
    encode,
    kept,
)
from analytics.scoring.features import build_features
from analytics.store.db import Workspace
from tests.test_pages import demo_db  # noqa: F401


@pytest.fixture
def ws(demo_db: Path, tmp_path: Path):  # noqa: F811
    """A private copy of the demo workspace (its sidecar starts empty)."""
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    with Workspace.open(path) as workspace:
        yield workspace


def _entries(ws: Workspace, kind: str) -> list[str]:
    root = cache_dir(ws)
    return sorted(p.name for p in root.iterdir() if p.name.startswith(kind + "-"))


def _encoded(value, kinds=KINDS) -> tuple[str, dict[str, pl.DataFrame]]:
    frames: dict[str, pl.DataFrame] = {}
    return json.dumps(encode(value, frames, kinds)), frames


def test_derived_key_follows_data_criteria_and_parts(ws: Workspace) -> None:
    criteria = default_criteria()
    key = derived_key(ws, criteria, "features")
    assert key == derived_key(ws, criteria, "features")
    assert key != derived_key(ws, replace(criteria, threshold=criteria.threshold + 1), "features")
    assert key != derived_key(ws, criteria, "features", "won")
    assert key != derived_key(ws, criteria, "model")
    with ws.transaction() as cur:
        cur.execute("DELETE FROM feedback WHERE lead_id = (SELECT min(lead_id) FROM feedback)")
        ws.bump_data_version(cur)
    assert key != derived_key(ws, criteria, "features")


def test_kept_builds_once_then_reads_back(ws: Workspace) -> None:
    calls = []

    def build():
        calls.append(1)
        return {"a": pl.DataFrame({"x": [1, 2]})}, {"n": 2}

    first = kept(ws, "test-k", ("a",), build)
    second = kept(ws, "test-k", ("a",), build)
    assert calls == [1]
    assert_frame_equal(first[0]["a"], second[0]["a"]) and second[1] == {"n": 2}


def test_features_read_back_equal_a_fresh_build(ws: Workspace) -> None:
    criteria = default_criteria()
    fresh = build_features(ws, criteria)
    first = cached_features(ws, criteria)
    assert len(_entries(ws, "features")) == 1
    again = cached_features(ws, criteria)
    for got in (first, again):
        assert_frame_equal(got.frame, fresh.frame)
        assert got.as_of == fresh.as_of and got.structure == fresh.structure


def test_model_result_round_trips_exactly(ws: Workspace) -> None:
    result = run_model(prepare_workspace(ws, default_criteria()))
    text, frames = _encoded(result)
    back = decode(json.loads(text), frames, KINDS)
    assert _encoded(back)[0] == text
    assert back.criteria is not None and back.criteria.sha256 == result.criteria.sha256
    assert_frame_equal(back.scorecard, result.scorecard)
    assert back.validation == result.validation and back.comparisons == result.comparisons


def test_model_lab_kept_per_choice(ws: Workspace) -> None:
    criteria = default_criteria()
    data = cached_model_data(ws, criteria)
    fresh_data = prepare_workspace(ws, criteria)
    assert_frame_equal(data.frame, fresh_data.frame)
    assert (data.attributes, data.as_of, data.immature, data.maturity_days) == (
        fresh_data.attributes,
        fresh_data.as_of,
        fresh_data.immature,
        fresh_data.maturity_days,
    )
    assert data.behaviours == fresh_data.behaviours
    fresh = _encoded(run_model(fresh_data))[0]
    assert _encoded(cached_model_result(ws, data))[0] == fresh
    assert _encoded(cached_model_result(ws, cached_model_data(ws, criteria)))[0] == fresh
    exclude = (data.attributes[0],)
    assert _encoded(cached_model_result(ws, data, exclude=exclude))[0] != fresh
    assert len(_entries(ws, "model-result")) == 2


def test_profile_proposal_kept(ws: Workspace) -> None:
    from analytics.metrics.definitions import replay_with_outcome
    from analytics.scoring.cache import cached_replay

    leads = replay_with_outcome(cached_replay(ws, default_criteria())).leads
    kinds = {"ProfileProposal": ProfileProposal}
    calls = []

    def build():
        calls.append(1)
        return propose_profile(leads)

    first = cached_value(ws, "profile-test", kinds, build)
    again = cached_value(ws, "profile-test", kinds, build)
    assert calls == [1] and isinstance(again, ProfileProposal)
    assert _encoded(again, kinds)[0] == _encoded(first, kinds)[0]
    assert_frame_equal(again.proposed, first.proposed)


def test_encode_refuses_what_it_cannot_read_back(ws: Workspace) -> None:
    with pytest.raises(TypeError):
        encode({"a": object()}, {}, KINDS)
    with pytest.raises(TypeError):
        encode(Path("x"), {}, KINDS)
    with pytest.raises(TypeError):  # a dataclass the caller did not name
        encode(default_criteria(), {}, {})
    back = decode(encode([date(2025, 1, 1), (1, 2.5)], {}, {}), {}, {})
    assert back == [date(2025, 1, 1), (1, 2.5)]
    # a value that cannot be kept is still returned, every time
    assert cached_value(ws, "x-test", {}, lambda: Path("x")) == Path("x")
    assert load_frames_absent(ws, "x-test")


def load_frames_absent(ws: Workspace, key: str) -> bool:
    from analytics.scoring.cache import load_frames

    return load_frames(ws, key, ()) is None


def test_derived_entries_are_bounded_and_leave_the_replay(ws: Workspace) -> None:
    from analytics.scoring.cache import cached_replay
    from analytics.scoring.derived import MAX_DERIVED

    cached_replay(ws, default_criteria())
    for i in range(MAX_DERIVED + 3):
        kept(
            ws,
            derived_key(ws, default_criteria(), "test", i),
            ("a",),
            lambda: ({"a": pl.DataFrame({"x": [1]})}, {}),
        )
    names = [p.name for p in cache_dir(ws).iterdir() if p.is_dir()]
    assert len([n for n in names if n.startswith("test-")]) == MAX_DERIVED
    assert any("-" not in n for n in names)  # the replay is kept


def test_criteria_mark_changes_with_any_stored_criteria_change(ws: Workspace) -> None:
    from analytics.criteria.agreement import save_version
    from ui.cache import criteria_mark

    before = criteria_mark(ws)
    assert criteria_mark(ws) == before
    new_id = save_version(ws, default_criteria(), by="Aoki")
    saved = criteria_mark(ws)
    assert saved != before
    with ws.transaction() as cur:  # changed outside the product: no event, no version bump
        cur.execute("UPDATE criteria SET body = body || ' ' WHERE criteria_id = ?", [new_id])
    assert criteria_mark(ws) != saved


def test_model_fits_and_results_kept_by_content_have_their_own_bounds(ws: Workspace) -> None:
    """Pages (and imports) rebuilding per data version push out neither the model lab's
    earlier fit nor a result kept by content (the Profile page's proposal)."""
    from analytics.scoring.derived import MAX_CONTENT, MAX_DERIVED, MAX_MODEL_RESULTS, content_key

    for i in range(MAX_MODEL_RESULTS + 2):
        cached_value(ws, derived_key(ws, default_criteria(), "model-result", i), {}, lambda i=i: i)
    for i in range(MAX_CONTENT + 2):
        cached_value(ws, content_key("profile", i), {}, lambda i=i: i)
    for i in range(MAX_DERIVED + 2):
        kept(ws, derived_key(ws, default_criteria(), "test", i), ("a",),
             lambda: ({"a": pl.DataFrame({"x": [1]})}, {}))  # fmt: skip
    names = [p.name for p in cache_dir(ws).iterdir() if p.is_dir()]
    assert len([n for n in names if n.startswith("model-result-")]) == MAX_MODEL_RESULTS
    assert len([n for n in names if n.startswith("content-profile-")]) == MAX_CONTENT
    assert len([n for n in names if n.startswith("test-")]) == MAX_DERIVED


def test_previous_model_result_is_the_newest_earlier_fit_of_the_same_choices(
    ws: Workspace,
) -> None:
    from analytics.metrics.model.kept import (
        kept_model_result,
        model_result_key,
        previous_model_result,
    )
    from analytics.store.ingest import import_file

    data = cached_model_data(ws, default_criteria())
    first = model_result_key(ws, data)
    assert previous_model_result(ws, first) is None  # nothing kept yet
    fitted = cached_model_result(ws, data)
    same = lambda a, b: (a.columns, a.train, a.logistic_auc) == (b.columns, b.train, b.logistic_auc)  # noqa: E731
    assert same(kept_model_result(ws, first), fitted)
    other = cached_model_result(ws, data, exclude=[data.attributes[0]])  # other choices
    assert not same(other, fitted)
    lead = ws.scalar("SELECT lead_id FROM leads ORDER BY lead_id LIMIT 1")
    import_file(ws, "activities", f"lead_id,occurred_at,type\n{lead},2026-01-05,webinar\n".encode(),
                file_name="one.csv")  # fmt: skip
    now = model_result_key(ws, cached_model_data(ws, default_criteria()))
    assert now.key != first.key and now.choice == first.choice
    assert kept_model_result(ws, now) is None
    previous, version = previous_model_result(ws, now)
    assert version == first.data_version < now.data_version
    assert same(previous, fitted)
    assert previous_model_result(ws, first) is None  # only earlier versions count


def test_profile_kept_by_content_survives_an_import_of_activities(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proposal and attribute table read no activity: after an import of activities
    both are read back (no rebuild) and equal a fresh build; a changed attribute or
    outcome is a miss."""
    from analytics.metrics import profile_kept
    from analytics.metrics.definitions import replay_with_outcome
    from analytics.metrics.profile import profile_attributes
    from analytics.metrics.proposal import candidate_columns
    from analytics.scoring.cache import cached_replay
    from analytics.store.ingest import import_file

    calls = {"proposal": 0, "attributes": 0}

    def counted(name, real):
        def run(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(profile_kept, "propose_profile", counted("proposal", propose_profile))
    monkeypatch.setattr(
        profile_kept, "profile_attributes", counted("attributes", profile_attributes)
    )
    kinds = {"ProfileProposal": ProfileProposal}
    leads = lambda: replay_with_outcome(cached_replay(ws, default_criteria())).leads  # noqa: E731
    before = leads()
    first = profile_kept.cached_proposal(ws, before)
    profile_kept.cached_attributes(ws, before)
    assert calls == {"proposal": 1, "attributes": 1}
    # activities of a lead with a score: its score moves, the proposal's inputs do not
    lead = before.filter(pl.col("total").is_not_null())["lead_id"][0]
    import_file(ws, "activities", f"lead_id,occurred_at,type\n{lead},2026-01-05,webinar\n".encode(),
                file_name="one.csv")  # fmt: skip
    after = leads()
    assert not after.equals(before)  # the import moved a score
    again = profile_kept.cached_proposal(ws, after)
    table = profile_kept.cached_attributes(ws, after)
    assert calls == {"proposal": 1, "attributes": 1}  # both read back
    fresh = propose_profile(after)
    assert _encoded(again, kinds)[0] == _encoded(fresh, kinds)[0] == _encoded(first, kinds)[0]
    assert_frame_equal(
        table, profile_attributes(after, attributes=candidate_columns(after), outcome="won")
    )
    # an attribute or an outcome that changes is a miss (and a fresh result)
    column = fresh.candidates[0]
    changed = after.with_columns(pl.lit(None, after.schema[column]).alias(column))
    assert (
        _encoded(profile_kept.cached_proposal(ws, changed), kinds)[0]
        == (_encoded(propose_profile(changed), kinds)[0])
    )
    lost = after.with_columns(is_won=pl.lit(False))
    profile_kept.cached_attributes(ws, lost)
    assert calls == {"proposal": 2, "attributes": 2}
    # other choices are other entries
    profile_kept.cached_proposal(ws, after, min_n=5)
    assert calls["proposal"] == 3


def test_decision_features_kept_and_updated_for_the_changed_leads_only(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept per data and cuts; after an import of activities the frame is the fresh build's,
    built again for the lead with new rows (and a lead whose cut moved) only."""
    from datetime import timedelta

    from analytics.scoring import decision_kept
    from analytics.scoring.decision_features import build_decision_features
    from analytics.store.ingest import import_file

    built: list[int] = []

    def counted(part, criteria, cuts, **kwargs):
        built.append(cuts.height)
        return build_decision_features(part, criteria, cuts, **kwargs)

    monkeypatch.setattr(decision_kept, "build_decision_features", counted)
    criteria = default_criteria()
    leads = ws.query("SELECT lead_id, created_at FROM leads ORDER BY lead_id")
    cuts = leads.select("lead_id", cut=pl.col("created_at") + pl.duration(days=60))
    first = decision_kept.cached_decision_features(ws, criteria, cuts)
    assert_frame_equal(first.frame, build_decision_features(ws, criteria, cuts).frame)
    assert built == [cuts.height]
    decision_kept.cached_decision_features(ws, criteria, cuts)
    assert built == [cuts.height]  # read back
    lead = leads["lead_id"][0]
    start = leads["created_at"][0] + timedelta(days=1)
    import_file(ws, "activities", f"lead_id,occurred_at,type\n{lead},{start:%Y-%m-%d},webinar\n".encode(),
                file_name="one.csv")  # fmt: skip
    moved = cuts.with_columns(
        cut=pl.when(pl.col("lead_id") == leads["lead_id"][1])
        .then(pl.col("cut") + pl.duration(days=7))
        .otherwise(pl.col("cut"))
    )
    after = decision_kept.cached_decision_features(ws, criteria, moved)
    assert built == [cuts.height, 2]  # the lead with a new activity and the lead whose cut moved
    assert_frame_equal(after.frame, build_decision_features(ws, criteria, moved).frame)
    assert not after.frame.equals(first.frame)
    assert after.as_of == moved["cut"].max()
