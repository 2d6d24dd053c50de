"""After an import, what the pages read is brought up to date (analytics.metrics.after_import)."""

from __future__ import annotations

from unittest import mock

import polars as pl
from polars.testing import assert_frame_equal

from analytics.criteria import default_criteria
from analytics.metrics.after_import import refresh_after_import
from analytics.metrics.feedback import kept as feedback_kept
from analytics.metrics.feedback.rules import load_rule_points
from analytics.metrics.model import kept as model_kept
from analytics.metrics.model.data import prepare_workspace
from analytics.metrics.outcome import replay_with_outcome
from analytics.metrics.whatif import cached as whatif_cached
from analytics.scoring import derived
from analytics.scoring.cache import CacheStats, cached_replay
from analytics.scoring.features import build_features
from analytics.scoring.replay import replay
from analytics.store import demo
from tests.test_replay_cache import _import, _imported_first


def _sorted(points: pl.DataFrame) -> pl.DataFrame:
    return points.sort("lead_id", "rule", "layer")


def test_the_pages_in_use_find_their_results_up_to_date():
    """With the replay, the feature matrix, the rule points and the model lab's data kept
    from before, an import of activities leaves all of them up to date: the pages' own calls
    read them back without building anything, and they equal fresh builds."""
    frames = demo.generate_demo(leads=150, seed=21)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    with _imported_first(frames, 21, 0.1) as (ws, folder, _held, later, _end):
        leads = replay_with_outcome(cached_replay(ws, criteria)).leads
        derived.cached_features(ws, criteria)  # the pages were used before the import
        feedback_kept.cached_rule_points(ws, criteria, leads)
        replayed = replay_with_outcome(cached_replay(ws, criteria))
        model_kept.cached_model_data(ws, criteria, outcome="won", replayed=replayed)
        whatif_cached.cached_sweep(ws, criteria, replay=replayed)
        _import(ws, folder, {"activities": later["activities"]}, "later")
        done = refresh_after_import(ws)
        assert done == ["replay", "features", "rule-points", "sweep", "model-data"]
        stats: list[CacheStats] = []
        with (
            mock.patch.object(derived, "build_features", wraps=build_features) as features,
            mock.patch.object(feedback_kept, "load_rule_points", wraps=load_rule_points) as points,
            mock.patch.object(model_kept, "prepare_workspace", wraps=prepare_workspace) as model,
            mock.patch.object(
                whatif_cached, "prepare_workspace", wraps=whatif_cached.prepare_workspace
            ) as sweep,
        ):
            replayed = replay_with_outcome(cached_replay(ws, criteria, stats=stats))
            leads = replayed.leads
            got_features = derived.cached_features(ws, criteria)
            got_points = feedback_kept.cached_rule_points(ws, criteria, leads)
            got_model = model_kept.cached_model_data(ws, criteria, outcome="won", replayed=replayed)
            got_sweep = whatif_cached.cached_sweep(ws, criteria, replay=replayed)
        assert stats == [CacheStats("hit", 0)]
        assert features.call_count == points.call_count == model.call_count == 0
        assert sweep.call_count == 0
        fresh = replay(ws, criteria)
        assert_frame_equal(leads, replay_with_outcome(fresh).leads)
        assert_frame_equal(got_features.frame, build_features(ws, criteria).frame)
        want = load_rule_points(ws, criteria, replay_with_outcome(fresh).leads)
        assert_frame_equal(_sorted(got_points), _sorted(want))
        fresh_model = prepare_workspace(ws, criteria, outcome="won")
        assert_frame_equal(got_model.frame, fresh_model.frame)
        fresh_sweep = whatif_cached.prepare_workspace(ws, criteria, replay=replayed).sweep
        assert_frame_equal(got_sweep.by_month, fresh_sweep.by_month)
        assert_frame_equal(got_sweep.cohorts, fresh_sweep.cohorts)


def test_results_no_page_used_are_left_alone():
    """Only what was kept before is brought up to date: a workspace whose feature matrix and
    rule points were never built gets its replay updated and nothing else written."""
    frames = demo.generate_demo(leads=100, seed=4)
    frames["deals"] = frames["deals"].filter(pl.col("lead_id").is_not_null())
    criteria = default_criteria()
    with _imported_first(frames, 4, 0.1) as (ws, folder, _held, later, _end):
        assert refresh_after_import(ws) == []  # no replay kept: left to the first reader
        cached_replay(ws, criteria)
        _import(ws, folder, {"activities": later["activities"]}, "later")
        assert refresh_after_import(ws) == ["replay"]
        assert not derived.tagged_entries(ws, "features")
        assert not derived.tagged_entries(ws, "rule-points")
        assert not derived.tagged_entries(ws, "decision-features")
        assert not derived.tagged_entries(ws, "sweep")
