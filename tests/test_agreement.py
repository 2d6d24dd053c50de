"""The criteria agreement lifecycle (analytics.criteria.agreement): rules, audit trail, tampering."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analytics.criteria import agreement, default_criteria, get_criteria
from analytics.criteria.agreement import (
    check_integrity,
    criteria_in_force,
    history,
    history_with_changes,
    list_versions,
    propose,
    reject,
    retire,
    save_version,
    sign,
    status_of,
)
from analytics.errors import CriteriaError

DEFAULT = default_criteria()


def agreed_version(ws, criteria=DEFAULT, *, marketing="Aoki", sales="Sato") -> int:
    """Save, propose and have both teams sign ``criteria``; returns its id."""
    cid = save_version(ws, criteria, by=marketing)
    propose(ws, cid, by=marketing)
    sign(ws, cid, team="marketing", by=marketing)
    sign(ws, cid, team="sales", by=sales)
    return cid


def test_nothing_stored_means_the_default_not_agreed(ws) -> None:
    criteria, status = criteria_in_force(ws)
    assert criteria == DEFAULT
    assert (status.status, status.criteria_id, status.is_agreed, status.in_force) == (
        "default",
        None,
        False,
        True,
    )


def test_save_propose_sign_sign_agrees(ws) -> None:
    cid = save_version(ws, DEFAULT, by="Aoki", note="start")
    assert status_of(ws, cid).status == "draft"
    assert propose(ws, cid, by="Aoki").status == "proposed"
    after_marketing = sign(ws, cid, team="marketing", by="Aoki", note="OK")
    assert after_marketing.status == "proposed"  # one team is not an agreement
    assert criteria_in_force(ws)[1].status == "default"
    done = sign(ws, cid, team="sales", by="Sato")
    assert done.status == "agreed" and done.is_agreed and done.in_force
    assert [(s.team, s.signed_by, s.note) for s in done.signoffs] == [
        ("marketing", "Aoki", "OK"),
        ("sales", "Sato", None),
    ]
    assert {s.body_sha256 for s in done.signoffs} == {done.sha256}
    criteria, status = criteria_in_force(ws)
    assert status.criteria_id == cid and criteria == get_criteria(ws, cid)
    assert history(ws)["action"].to_list() == ["save", "propose", "sign", "sign", "agree"]
    assert check_integrity(ws).height == 0


def test_agreeing_retires_the_previous_agreed_version_of_the_same_name(ws) -> None:
    first = agreed_version(ws)
    other = agreed_version(ws, replace(DEFAULT, name="pilot"))
    second = agreed_version(ws, replace(DEFAULT, threshold=90.0))
    assert status_of(ws, first).status == "retired"
    assert status_of(ws, other).status == "agreed"  # another name is not superseded
    assert status_of(ws, second).status == "agreed"
    retired = history(ws, first).filter(history(ws, first)["action"] == "retire")
    assert retired["note"].to_list() == [f"superseded by #{second}"]
    assert criteria_in_force(ws)[1].criteria_id == second  # the newest agreement
    assert check_integrity(ws).height == 0


def test_saving_or_proposing_a_draft_never_changes_what_is_in_force(ws) -> None:
    agreed = agreed_version(ws)
    draft = save_version(ws, replace(DEFAULT, threshold=60.0), by="Aoki")
    assert criteria_in_force(ws)[1].criteria_id == agreed
    propose(ws, draft, by="Aoki")
    sign(ws, draft, team="marketing", by="Aoki")
    assert criteria_in_force(ws)[0].threshold == DEFAULT.threshold


def test_reject_returns_to_draft_with_the_reason_and_voids_the_round(ws) -> None:
    cid = save_version(ws, replace(DEFAULT, threshold=80.0), by="Aoki")
    propose(ws, cid, by="Aoki")
    sign(ws, cid, team="marketing", by="Aoki")
    back = reject(ws, cid, by="Sato", note="  too many MQLs for our team  ")
    assert back.status == "draft" and back.signoffs == ()
    events = history(ws, cid)
    assert events["action"].to_list()[-1] == "reject"
    assert events["note"].to_list()[-1] == "too many MQLs for our team"
    # proposed again, marketing's earlier signature does not count: both sign again
    propose(ws, cid, by="Aoki")
    assert sign(ws, cid, team="sales", by="Sato").status == "proposed"
    assert sign(ws, cid, team="marketing", by="Aoki").status == "agreed"


def test_retire_keeps_everything_and_the_default_takes_over(ws) -> None:
    cid = agreed_version(ws)
    assert retire(ws, cid, by="Aoki", note="season over").status == "retired"
    assert criteria_in_force(ws)[1].status == "default"
    assert len(list_versions(ws)) == 1 and len(history(ws)) == 6


@pytest.mark.parametrize(
    ("step", "message", "ja"),
    [
        (lambda ws, c: propose(ws, c, by=""), "a name is needed for proposing", "名前"),
        (lambda ws, c: sign(ws, c, team="marketing", by="A"), "not proposed", "提案中"),
        (lambda ws, c: reject(ws, c, by="A", note="x"), "not proposed", "提案中"),
        (lambda ws, c: (propose(ws, c, by="A"), reject(ws, c, by="B", note=" ")), "reason", "理由"),
        (
            lambda ws, c: (propose(ws, c, by="A"), sign(ws, c, team="legal", by="A")),
            "'legal'",
            "チーム",
        ),
        (
            lambda ws, c: (
                propose(ws, c, by="A"),
                sign(ws, c, team="sales", by="B"),
                sign(ws, c, team="sales", by="C"),
            ),
            "already signed",
            "署名しています",
        ),
        (
            lambda ws, c: (
                propose(ws, c, by="A"),
                sign(ws, c, team="sales", by="Sato"),
                sign(ws, c, team="marketing", by="sato"),
            ),
            "each team signs with its own person",
            "担当者",
        ),
        (lambda ws, c: (propose(ws, c, by="A"), propose(ws, c, by="A")), "not a draft", "下書き"),
        (lambda ws, c: (retire(ws, c, by="A"), retire(ws, c, by="A")), "already retired", "廃止"),
        (lambda ws, c: propose(ws, 999, by="A"), "999", "999"),
    ],
)
def test_wrong_steps_are_keyed_bilingual_errors(ws, step, message, ja) -> None:
    cid = save_version(ws, DEFAULT, by="A")
    with pytest.raises(CriteriaError, match=message) as info:
        step(ws, cid)
    assert info.value.key.startswith(("agreement.", "criteria."))
    assert ja in info.value.localized("ja")


def test_a_signed_body_is_never_edited_an_edit_is_a_new_draft(ws) -> None:
    cid = agreed_version(ws)
    edited = save_version(ws, replace(get_criteria(ws, cid), threshold=95.0), by="Aoki")
    assert edited != cid
    assert get_criteria(ws, cid).threshold == DEFAULT.threshold
    assert status_of(ws, edited).version == status_of(ws, cid).version + 1


# --------------------------------------------------------------------------- tampering
def _sql(ws, statement: str, params=()) -> None:
    with ws.transaction() as cur:
        cur.execute(statement, list(params))


def test_an_edit_of_an_agreed_body_outside_the_product_is_detected(ws) -> None:
    old = agreed_version(ws)
    cid = agreed_version(ws, replace(DEFAULT, threshold=90.0))
    _sql(
        ws,
        "UPDATE criteria SET body = replace(body, 'threshold = 90.0', 'threshold = 50.0') "
        "WHERE criteria_id = ?",
        [cid],
    )
    found = check_integrity(ws)
    assert set(found["problem"]) == {"body_changed", "signed_body_changed"}
    assert set(found["criteria_id"]) == {cid}
    # the tampered version is not used: the shipped default stands in and says why
    criteria, status = criteria_in_force(ws)
    assert criteria == DEFAULT and status.status == "default"
    assert status.problem_id == cid and "body_changed" in status.problems
    assert status_of(ws, cid).problems and not status_of(ws, cid).is_agreed
    assert status_of(ws, old).status == "retired"
    # a careful forger who also fixes the sha256 column is still caught by the audit trail
    _sql(ws, "UPDATE criteria SET sha256 = sha256(body) WHERE criteria_id = ?", [cid])
    assert set(check_integrity(ws)["problem"]) == {"signed_body_changed"}
    with pytest.raises(CriteriaError, match="changed outside Kakehashi"):
        agreement._check_intact(
            ws.cursor(),
            {
                "criteria_id": cid,
                "body": get_criteria_body(ws, cid),
                "sha256": status_of(ws, cid).sha256,
            },
            "sign",
        )


def get_criteria_body(ws, cid: int) -> str:
    return ws.scalar("SELECT body FROM criteria WHERE criteria_id = ?", [cid])


def test_a_tampered_proposal_cannot_be_signed(ws) -> None:
    cid = save_version(ws, DEFAULT, by="A")
    propose(ws, cid, by="A")
    _sql(ws, "UPDATE criteria SET body = body || '# x' WHERE criteria_id = ?", [cid])
    with pytest.raises(CriteriaError, match="changed outside Kakehashi") as info:
        sign(ws, cid, team="sales", by="S")
    assert "Kakehashi の外" in info.value.localized("ja")


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE criteria SET status = 'agreed' WHERE criteria_id = {draft}", "status_changed"),
        ("DELETE FROM criteria_events WHERE action = 'propose'", "event_changed"),
        ("UPDATE criteria_events SET actor = 'Mallory' WHERE action = 'save'", "event_changed"),
        ("UPDATE signoffs SET signed_by = 'Mallory'", "signoff_changed"),
        ("DELETE FROM signoffs WHERE team = 'sales'", "signoff_changed"),
        (
            "DELETE FROM criteria_events WHERE event_id = (SELECT max(event_id) FROM criteria_events)",
            "event_changed",
        ),
    ],
)
def test_edits_of_the_trail_outside_the_product_are_detected(ws, statement, problem) -> None:
    agreed_version(ws)
    draft = save_version(ws, replace(DEFAULT, threshold=70.0), by="A")
    assert check_integrity(ws).height == 0
    _sql(ws, statement.format(draft=draft))
    assert problem in set(check_integrity(ws)["problem"])


def test_a_status_forged_to_agreed_is_not_in_force(ws) -> None:
    draft = save_version(ws, replace(DEFAULT, threshold=10.0), by="A")
    _sql(ws, "UPDATE criteria SET status = 'agreed' WHERE criteria_id = ?", [draft])
    criteria, status = criteria_in_force(ws)
    assert criteria.threshold == DEFAULT.threshold
    assert status.problems == ("status_changed",) and status.problem_id == draft


def test_legacy_drafts_without_events_are_not_flagged(ws) -> None:
    from analytics.criteria import save_draft

    save_draft(ws, DEFAULT, created_by="older Kakehashi")
    assert check_integrity(ws).height == 0
    assert list_versions(ws)[0].status == "draft"


def test_history_shows_each_proposal_against_what_was_agreed_then(ws) -> None:
    first = agreed_version(ws, replace(DEFAULT, threshold=110.0))
    second = save_version(ws, replace(DEFAULT, threshold=90.0), by="A")
    propose(ws, second, by="A")
    events = history_with_changes(ws)
    proposals = [e for e in events if e["action"] == "propose"]
    assert [e["compared_with"] for e in proposals] == [None, first]
    assert proposals[0]["changes"][0] | {} == {
        "rule": "threshold",
        "field": "threshold",
        "a": 100.0,
        "b": 110.0,
        "change": "changed",
    }
    assert (proposals[1]["changes"][0]["a"], proposals[1]["changes"][0]["b"]) == (110.0, 90.0)
    assert all(e["intact"] for e in events)
    assert [e["event_id"] for e in history_with_changes(ws, second)] == [
        e["event_id"] for e in events if e["criteria_id"] == second
    ]


def test_status_text_in_both_languages(ws) -> None:
    cid = agreed_version(ws)
    status = status_of(ws, cid)
    assert agreement.describe(status, "en").startswith("default v2 · Agreed on ")
    assert "マーケティング Aoki" in agreement.describe(status, "ja")
    assert status.to_dict()["signoffs"][0].keys() == {"team", "signed_by", "signed_at", "note"}
