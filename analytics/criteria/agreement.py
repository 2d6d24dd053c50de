"""Criteria as an agreement between marketing and sales: draft → proposed → agreed → retired.

The lifecycle of the stored versions (``criteria`` table, DESIGN §2), with an append-only,
hash-chained audit trail (``criteria_events``) and the sign-offs (``signoffs``):

- **save** stores a new draft (a stored body is never edited: editing is a new draft);
- **propose** puts a draft on the table;
- **sign**: one person per team (marketing, sales) signs the proposal; each sign-off
  records the sha256 of the exact body signed. When both teams have signed the same
  body in the current round, the version is **agreed**, and the previously agreed
  version of the same name is **retired** (superseded) in the same transaction;
- **reject** (with a reason) sends a proposal back to draft; the sign-offs of that
  round no longer count (a new proposal needs both signatures again);
- **retire** takes any version out of use (nothing is ever deleted).

Every step records who, when and a note. Each event stores the sha256 of the body it
acted on and a chain hash over the previous event, and ``meta`` keeps the newest chain
hash, so an edit made outside the product is detected by :func:`check_integrity`: a
body that no longer matches its sha256 or the body that was signed, a status the
audit trail does not explain, an edited or deleted event or sign-off.

**In force** (:func:`criteria_in_force`): the newest agreed version whose record is
intact, else the shipped default (``criteria/default.toml``), labelled as not agreed.
Saving or proposing a draft never changes what pages and commands use.

Example:
    >>> from analytics.store.db import Workspace
    >>> from analytics.criteria.document import default_criteria
    >>> ws = Workspace.open(":memory:")
    >>> criteria_in_force(ws)[1].status
    'default'
    >>> cid = save_version(ws, default_criteria(), by="Aoki")
    >>> _ = propose(ws, cid, by="Aoki")
    >>> sign(ws, cid, team="marketing", by="Aoki").status
    'proposed'
    >>> sign(ws, cid, team="sales", by="Sato", note="OK for Q3").status
    'agreed'
    >>> criteria, status = criteria_in_force(ws)
    >>> (criteria.version, status.status, [s.team for s in status.signoffs])
    (2, 'agreed', ['marketing', 'sales'])
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import polars as pl

from analytics.criteria.document import Criteria, default_criteria, load_criteria
from analytics.criteria.versions import save_draft
from analytics.errors import CriteriaError
from analytics.text.catalog import Text, t
from analytics.text.format import label, moment

TEAMS: tuple[str, ...] = ("marketing", "sales")
ACTIONS: tuple[str, ...] = ("save", "propose", "sign", "reject", "agree", "retire")
# The status a version has after each action (``sign`` leaves it proposed).
STATUS_AFTER: dict[str, str] = {
    "save": "draft",
    "propose": "proposed",
    "reject": "draft",
    "agree": "agreed",
    "retire": "retired",
}
INTEGRITY_PROBLEMS: tuple[str, ...] = (
    "body_changed",
    "signed_body_changed",
    "status_changed",
    "event_changed",
    "signoff_changed",
)
_CHAIN_KEY = "criteria_events_head"


@dataclass(frozen=True)
class Signoff:
    """One team's signature on one body of a criteria version."""

    team: str
    signed_by: str
    signed_at: datetime
    note: str | None
    body_sha256: str | None


@dataclass(frozen=True)
class CriteriaStatus:
    """Which criteria a page or command uses and where it stands.

    Attributes:
        criteria_id: the stored version, or None for the shipped default or a file.
        name: the criteria's name.
        version: its version number.
        status: ``draft``, ``proposed``, ``agreed``, ``retired``, ``default`` (the
            shipped default, not agreed) or ``file`` (a TOML file, not saved).
        sha256: the body's sha256.
        signoffs: the sign-offs of the current round (for an agreed version: the two
            that agreed it).
        agreed_at: when it was agreed (agreed or retired-after-agreement versions).
        problems: integrity problems found for this version (codes of
            :data:`INTEGRITY_PROBLEMS`); for the default in force, those of the
            agreed version it stands in for.
        problem_id: the version the problems belong to.
        in_force: whether pages and commands use it by default.
        created_by: who saved it (stored versions).
        created_at: when it was saved (stored versions).
    """

    criteria_id: int | None
    name: str
    version: int
    status: str
    sha256: str
    signoffs: tuple[Signoff, ...] = ()
    agreed_at: datetime | None = None
    problems: tuple[str, ...] = ()
    problem_id: int | None = None
    in_force: bool = False
    created_by: str | None = None
    created_at: datetime | None = None

    @property
    def is_agreed(self) -> bool:
        """True only for an agreed version whose record is intact."""
        return self.status == "agreed" and not self.problems

    def signed(self, team: str) -> Signoff | None:
        """The sign-off of ``team`` in the current round, if any."""
        return next((s for s in self.signoffs if s.team == team), None)

    def to_dict(self) -> dict[str, Any]:
        """The status as JSON-ready data (the ``criteria list`` item shape plus extras)."""
        data = asdict(self)
        data["signoffs"] = [
            {k: s[k] for k in ("team", "signed_by", "signed_at", "note")} for s in data["signoffs"]
        ]
        data["problems"] = list(self.problems)
        return data


# --------------------------------------------------------------------------- audit trail
def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _chain(previous: str, event: tuple[Any, ...]) -> str:
    """The chain hash of one event: sha256 over the previous hash and the event's fields."""
    fields = [v.isoformat() if isinstance(v, datetime) else v for v in event]
    return _sha(json.dumps([previous, *fields], ensure_ascii=False))


_EVENT_FIELDS = "event_id, criteria_id, action, actor, team, acted_at, note, body_sha256"


def _record(
    cur: Any,
    criteria_id: int,
    action: str,
    *,
    actor: str,
    team: str | None = None,
    note: str | None = None,
    body_sha256: str | None = None,
) -> int:
    """Inside a transaction: append one event to the audit trail; returns its event_id."""
    last = cur.execute(
        "SELECT event_id, chain_sha256 FROM criteria_events ORDER BY event_id DESC LIMIT 1"
    ).fetchall()
    event_id, previous = (int(last[0][0]) + 1, last[0][1]) if last else (1, "")
    event = (event_id, criteria_id, action, actor, team, _now(), note or None, body_sha256)
    chain = _chain(previous, event)
    cur.execute(
        f"INSERT INTO criteria_events ({_EVENT_FIELDS}, chain_sha256) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*event, chain],
    )
    cur.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_CHAIN_KEY, chain])
    return event_id


def _version(cur: Any, criteria_id: int) -> dict[str, Any]:
    found = cur.execute(
        "SELECT criteria_id, name, version, body, sha256, status FROM criteria "
        "WHERE criteria_id = ?",
        [criteria_id],
    ).fetchall()
    if not found:
        raise CriteriaError.make("criteria.version_not_found", id=criteria_id)
    keys = ("criteria_id", "name", "version", "body", "sha256", "status")
    return dict(zip(keys, found[0], strict=True))


def _status_text(status: str) -> Text:
    return Text(f"app.criteria_status_{status}")


def _check_intact(cur: Any, row: dict[str, Any], action: str) -> str:
    """The body's sha256, after checking it against its column and the last recorded one."""
    actual = _sha(row["body"])
    recorded = cur.execute(
        "SELECT body_sha256 FROM criteria_events WHERE criteria_id = ? "
        "AND body_sha256 IS NOT NULL ORDER BY event_id DESC LIMIT 1",
        [row["criteria_id"]],
    ).fetchall()
    for expected in (row["sha256"], *(r[0] for r in recorded)):
        if expected != actual:
            raise CriteriaError.make(
                "agreement.tampered",
                id=row["criteria_id"],
                found=actual[:12],
                expected=str(expected)[:12],
                action=Text(f"code.step.{action}"),
            )
    return actual


def _need_name(name: str, action: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise CriteriaError.make("agreement.no_name", action=Text(f"code.step.{action}"))
    return name.strip()


def _round_signoffs(cur: Any, criteria_id: int) -> list[Signoff]:
    """Sign-offs of the current round: after the version's last proposal (none after a
    rejection: a new proposal needs both signatures again)."""
    rows = cur.execute(
        "SELECT team, signed_by, signed_at, note, body_sha256 FROM signoffs "
        "WHERE criteria_id = ? AND event_id > coalesce((SELECT max(event_id) FROM "
        "criteria_events WHERE criteria_id = ? AND action IN ('propose', 'reject')), 0) "
        "ORDER BY event_id",
        [criteria_id, criteria_id],
    ).fetchall()
    return [Signoff(*r) for r in rows]


# --------------------------------------------------------------------------- the lifecycle
def save_version(ws: Any, criteria: Criteria, *, by: str, note: str = "") -> int:
    """Store ``criteria`` as a new draft version and record who saved it.

    Args:
        ws: the workspace.
        criteria: the criteria to store (its version becomes the next of its name).
        by: who saves it (free text).
        note: why (optional).

    Returns:
        The new ``criteria_id``.

    Raises:
        CriteriaError: no name given.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from analytics.criteria.document import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> cid = save_version(ws, default_criteria(), by="Aoki", note="start")
        >>> status_of(ws, cid).status
        'draft'
    """
    who = _need_name(by, "save")
    criteria_id = save_draft(ws, criteria, created_by=who)
    with ws.transaction() as cur:
        row = _version(cur, criteria_id)
        _record(cur, criteria_id, "save", actor=who, note=note, body_sha256=row["sha256"])
    return criteria_id


def propose(ws: Any, criteria_id: int, *, by: str, note: str = "") -> CriteriaStatus:
    """Put a draft on the table for both teams to sign.

    Raises:
        CriteriaError: not a draft, no name, or the body was changed outside the product.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from analytics.criteria.document import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> propose(ws, save_version(ws, default_criteria(), by="Aoki"), by="Aoki").status
        'proposed'
    """
    who = _need_name(by, "propose")
    with ws.transaction() as cur:
        row = _version(cur, criteria_id)
        if row["status"] != "draft":
            raise CriteriaError.make(
                "agreement.not_draft", id=criteria_id, status=_status_text(row["status"])
            )
        sha = _check_intact(cur, row, "propose")
        _record(cur, criteria_id, "propose", actor=who, note=note, body_sha256=sha)
        cur.execute("UPDATE criteria SET status = 'proposed' WHERE criteria_id = ?", [criteria_id])
    return status_of(ws, criteria_id)


def sign(ws: Any, criteria_id: int, *, team: str, by: str, note: str = "") -> CriteriaStatus:
    """One team signs a proposal; with both teams' signatures on the same body it is agreed.

    Agreeing retires the previously agreed version of the same name (superseded), in
    the same transaction.

    Args:
        ws: the workspace.
        criteria_id: a proposed version.
        team: ``"marketing"`` or ``"sales"``.
        by: who signs (free text; must differ from the other team's signer).
        note: optional comment.

    Returns:
        The version's status after signing (``proposed`` or ``agreed``).

    Raises:
        CriteriaError: not proposed, unknown team, team already signed, same person for
            both teams, no name, or the body was changed outside the product.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from analytics.criteria.document import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> cid = save_version(ws, default_criteria(), by="Aoki")
        >>> _ = propose(ws, cid, by="Aoki")
        >>> sign(ws, cid, team="sales", by="Sato").signed("sales").signed_by
        'Sato'
    """
    who = _need_name(by, "sign")
    if team not in TEAMS:
        raise CriteriaError.make("agreement.bad_team", team=team)
    with ws.transaction() as cur:
        row = _version(cur, criteria_id)
        if row["status"] != "proposed":
            raise CriteriaError.make(
                "agreement.not_proposed",
                id=criteria_id,
                status=_status_text(row["status"]),
                action=Text("code.step.sign"),
            )
        sha = _check_intact(cur, row, "sign")
        signed = _round_signoffs(cur, criteria_id)
        for s in signed:
            if s.team == team:
                raise CriteriaError.make(
                    "agreement.already_signed",
                    team=Text(f"code.team.{team}"),
                    id=criteria_id,
                    name=s.signed_by,
                    at=f"{s.signed_at:%Y-%m-%d %H:%M}",
                )
            if s.signed_by.casefold() == who.casefold():
                raise CriteriaError.make(
                    "agreement.same_signer",
                    name=who,
                    id=criteria_id,
                    team=Text(f"code.team.{s.team}"),
                )
        event_id = _record(
            cur, criteria_id, "sign", actor=who, team=team, note=note, body_sha256=sha
        )
        cur.execute(
            "INSERT INTO signoffs (criteria_id, team, signed_by, signed_at, note, body_sha256, "
            "event_id) SELECT criteria_id, team, actor, acted_at, note, body_sha256, event_id "
            "FROM criteria_events WHERE event_id = ?",
            [event_id],
        )
        teams = {s.team for s in signed if s.body_sha256 == sha} | {team}
        if teams == set(TEAMS):
            previous = cur.execute(
                "SELECT criteria_id FROM criteria WHERE name = ? AND status = 'agreed' "
                "AND criteria_id <> ? ORDER BY criteria_id",
                [row["name"], criteria_id],
            ).fetchall()
            for (old,) in previous:
                old_sha = _version(cur, old)["sha256"]
                _record(
                    cur,
                    old,
                    "retire",
                    actor=who,
                    note=f"superseded by #{criteria_id}",
                    body_sha256=old_sha,
                )
                cur.execute("UPDATE criteria SET status = 'retired' WHERE criteria_id = ?", [old])
            _record(cur, criteria_id, "agree", actor=who, body_sha256=sha)
            cur.execute(
                "UPDATE criteria SET status = 'agreed' WHERE criteria_id = ?", [criteria_id]
            )
    return status_of(ws, criteria_id)


def reject(ws: Any, criteria_id: int, *, by: str, note: str) -> CriteriaStatus:
    """Send a proposal back to draft, with the reason; its round's sign-offs stop counting.

    Raises:
        CriteriaError: not proposed, no name or no reason.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from analytics.criteria.document import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> cid = save_version(ws, default_criteria(), by="Aoki")
        >>> _ = propose(ws, cid, by="Aoki")
        >>> reject(ws, cid, by="Sato", note="threshold too low for our capacity").status
        'draft'
    """
    who = _need_name(by, "reject")
    if not isinstance(note, str) or not note.strip():
        raise CriteriaError.make("agreement.no_reason")
    with ws.transaction() as cur:
        row = _version(cur, criteria_id)
        if row["status"] != "proposed":
            raise CriteriaError.make(
                "agreement.not_proposed",
                id=criteria_id,
                status=_status_text(row["status"]),
                action=Text("code.step.reject"),
            )
        _record(
            cur, criteria_id, "reject", actor=who, note=note.strip(), body_sha256=_sha(row["body"])
        )
        cur.execute("UPDATE criteria SET status = 'draft' WHERE criteria_id = ?", [criteria_id])
    return status_of(ws, criteria_id)


def retire(ws: Any, criteria_id: int, *, by: str, note: str = "") -> CriteriaStatus:
    """Take a version out of use (a draft nobody pursues, or the agreed one); never deleted.

    Retiring the agreed version leaves no agreed version: the shipped default is in force.

    Raises:
        CriteriaError: already retired, or no name.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from analytics.criteria.document import default_criteria
        >>> ws = Workspace.open(":memory:")
        >>> retire(ws, save_version(ws, default_criteria(), by="Aoki"), by="Aoki").status
        'retired'
    """
    who = _need_name(by, "retire")
    with ws.transaction() as cur:
        row = _version(cur, criteria_id)
        if row["status"] == "retired":
            raise CriteriaError.make("agreement.already_retired", id=criteria_id)
        _record(cur, criteria_id, "retire", actor=who, note=note, body_sha256=_sha(row["body"]))
        cur.execute("UPDATE criteria SET status = 'retired' WHERE criteria_id = ?", [criteria_id])
    return status_of(ws, criteria_id)


# --------------------------------------------------------------------------- reading
def _statuses(ws: Any, criteria_id: int | None = None) -> list[CriteriaStatus]:
    where = "" if criteria_id is None else "WHERE c.criteria_id = ?"
    rows = ws.rows(
        "SELECT c.criteria_id, c.name, c.version, c.status, c.sha256, c.created_by, "
        "c.created_at, (SELECT max(acted_at) FROM criteria_events e WHERE e.criteria_id = c.criteria_id "
        "AND e.action = 'agree') AS agreed_at FROM criteria c "
        f"{where} ORDER BY c.created_at DESC, c.criteria_id DESC",
        [] if criteria_id is None else [criteria_id],
    )
    problems = check_integrity(ws)
    by_id: dict[int, list[str]] = {}
    for cid, problem in problems.select("criteria_id", "problem").iter_rows():
        by_id.setdefault(cid, []).append(problem)
    cur = ws.cursor()
    out = []
    for cid, name, version, status, sha, created_by, created_at, agreed_at in rows:
        out.append(
            CriteriaStatus(
                criteria_id=int(cid),
                name=name,
                version=int(version),
                status=status,
                sha256=sha,
                signoffs=tuple(_round_signoffs(cur, cid)),
                agreed_at=agreed_at,
                problems=tuple(dict.fromkeys(by_id.get(int(cid), []))),
                problem_id=int(cid) if by_id.get(int(cid)) else None,
                created_by=created_by,
                created_at=created_at,
            )
        )
    return out


def list_versions(ws: Any) -> list[CriteriaStatus]:
    """Every stored version with its status, current sign-offs and integrity, newest first.

    Example:
        >>> from analytics.store.db import Workspace
        >>> list_versions(Workspace.open(":memory:"))
        []
    """
    in_force = criteria_in_force(ws)[1].criteria_id
    return [
        _with(s, in_force=s.criteria_id == in_force and in_force is not None) for s in _statuses(ws)
    ]


def _with(status: CriteriaStatus, **changes: Any) -> CriteriaStatus:
    from dataclasses import replace

    return replace(status, **changes)


def status_of(ws: Any, criteria_id: int) -> CriteriaStatus:
    """The status of one stored version.

    Raises:
        CriteriaError: no such version.

    Example:
        >>> from analytics.store.db import Workspace
        >>> status_of(Workspace.open(":memory:"), 7)
        Traceback (most recent call last):
        ...
        analytics.errors.CriteriaError: criteria version 7 not found; pick one from the list
    """
    found = _statuses(ws, criteria_id)
    if not found:
        raise CriteriaError.make("criteria.version_not_found", id=criteria_id)
    in_force = criteria_in_force(ws)[1].criteria_id
    return _with(found[0], in_force=found[0].criteria_id == in_force)


def default_status(criteria: Criteria | None = None, *, status: str = "default") -> CriteriaStatus:
    """The status of criteria that are not stored: the shipped default, or a file.

    Example:
        >>> default_status().status, default_status().is_agreed
        ('default', False)
    """
    criteria = criteria or default_criteria()
    return CriteriaStatus(None, criteria.name, criteria.version, status, criteria.sha256)


def active_criteria(ws: Any) -> Criteria:
    """The criteria in force (:func:`criteria_in_force`): the agreed version, else the default.

    A draft is never in force: saving or proposing one changes nothing that pages and
    commands use until both teams sign it.

    Example:
        >>> from analytics.store.db import Workspace
        >>> active_criteria(Workspace.open(":memory:")).name
        'default'
    """
    return criteria_in_force(ws)[0]


def criteria_in_force(ws: Any) -> tuple[Criteria, CriteriaStatus]:
    """The criteria pages and commands use by default, and its status.

    The newest agreed version (by the time it was agreed) whose record is intact; else
    the shipped default, with status ``default`` (not agreed). An agreed version that
    was changed outside the product is not used: the default stands in, and its
    status carries the problems found (``problems``, ``problem_id``) so that pages say so.

    Example:
        >>> from analytics.store.db import Workspace
        >>> criteria, status = criteria_in_force(Workspace.open(":memory:"))
        >>> criteria.name, status.status, status.in_force
        ('default', 'default', True)
    """
    agreed = ws.rows(
        "SELECT c.criteria_id, c.body FROM criteria c LEFT JOIN (SELECT criteria_id, "
        "max(event_id) AS agreed_event FROM criteria_events WHERE action = 'agree' "
        "GROUP BY criteria_id) e USING (criteria_id) WHERE c.status = 'agreed' "
        "ORDER BY e.agreed_event DESC NULLS LAST, c.criteria_id DESC"
    )
    skipped: CriteriaStatus | None = None
    for criteria_id, body in agreed:
        status = _statuses(ws, int(criteria_id))[0]
        if not status.problems:
            return load_criteria(body), _with(status, in_force=True)
        skipped = skipped or status
    fallback = _with(default_status(), in_force=True)
    if skipped is not None:
        fallback = _with(fallback, problems=skipped.problems, problem_id=skipped.criteria_id)
    return default_criteria(), fallback


def history(ws: Any, criteria_id: int | None = None) -> pl.DataFrame:
    """The audit trail, oldest first: who did what to which version, when, and why.

    Args:
        ws: the workspace.
        criteria_id: only this version's events (None: all).

    Returns:
        event_id, criteria_id, name, version, action, actor, team, acted_at, note,
        body_sha256, intact (the event's chain hash checks out).

    Example:
        >>> from analytics.store.db import Workspace
        >>> history(Workspace.open(":memory:")).columns[:4]
        ['event_id', 'criteria_id', 'name', 'version']
    """
    events = _events(ws).join(_chain_check(ws), on="event_id", how="left")
    events = events.join(
        ws.query("SELECT criteria_id, name, version FROM criteria"), on="criteria_id", how="left"
    )
    if criteria_id is not None:
        events = events.filter(pl.col("criteria_id") == criteria_id)
    return events.select(
        "event_id",
        "criteria_id",
        "name",
        "version",
        "action",
        "actor",
        "team",
        "acted_at",
        "note",
        "body_sha256",
        pl.col("intact").fill_null(True),
    ).sort("event_id")


def _events(ws: Any) -> pl.DataFrame:
    return ws.query(f"SELECT {_EVENT_FIELDS}, chain_sha256 FROM criteria_events ORDER BY event_id")


def _chain_check(ws: Any) -> pl.DataFrame:
    """event_id, intact: whether each event's chain hash is what its fields and the
    previous event give (an edited or deleted event breaks it and every later one's check
    of the one before). The newest hash is also checked against ``meta``."""
    events = _events(ws)
    previous, intact = "", []
    for row in events.iter_rows():  # the audit trail: one row per human action
        intact.append(_chain(previous, row[:-1]) == row[-1])
        previous = row[-1]
    head = ws.scalar("SELECT value FROM meta WHERE key = ?", [_CHAIN_KEY])
    if events.height and head != previous:  # the newest events were deleted or rewritten
        intact[-1] = False
    return pl.DataFrame(
        {"event_id": events["event_id"], "intact": intact},
        schema={"event_id": pl.Int64, "intact": pl.Boolean},
    )


def check_integrity(ws: Any) -> pl.DataFrame:
    """Edits made outside the product: every problem found, per version.

    Checks that each stored body matches its sha256 and every sha256 the audit trail
    recorded for it (what was proposed and signed), that each status is the one the
    trail leads to (a version without events is a draft), that the event chain is
    unbroken, and that sign-offs and sign events match one to one.

    Returns:
        criteria_id, problem (one of :data:`INTEGRITY_PROBLEMS`), detail — no rows
        when everything is intact.

    Example:
        >>> from analytics.store.db import Workspace
        >>> check_integrity(Workspace.open(":memory:")).height
        0
    """
    body = ws.query(
        "WITH recorded AS (SELECT DISTINCT criteria_id, body_sha256 FROM criteria_events "
        "WHERE body_sha256 IS NOT NULL) "
        "SELECT c.criteria_id, 'body_changed' AS problem, "
        "'sha256 ' || left(sha256(c.body), 12) || ' ≠ ' || left(c.sha256, 12) AS detail "
        "FROM criteria c WHERE sha256(c.body) <> c.sha256 "
        "UNION ALL SELECT c.criteria_id, 'signed_body_changed', "
        "'sha256 ' || left(sha256(c.body), 12) || ' ≠ ' || left(r.body_sha256, 12) "
        "FROM criteria c JOIN recorded r USING (criteria_id) WHERE sha256(c.body) <> r.body_sha256 "
        "UNION ALL SELECT c.criteria_id, 'status_changed', c.status || ' ≠ ' || "
        "coalesce(CASE e.action WHEN 'save' THEN 'draft' WHEN 'propose' THEN 'proposed' "
        "WHEN 'reject' THEN 'draft' WHEN 'agree' THEN 'agreed' WHEN 'retire' THEN 'retired' END, "
        "'draft') FROM criteria c LEFT JOIN (SELECT criteria_id, arg_max(action, event_id) AS "
        "action FROM criteria_events WHERE action <> 'sign' GROUP BY criteria_id) e "
        "USING (criteria_id) WHERE c.status IS DISTINCT FROM coalesce(CASE e.action "
        "WHEN 'save' THEN 'draft' WHEN 'propose' THEN 'proposed' WHEN 'reject' THEN 'draft' "
        "WHEN 'agree' THEN 'agreed' WHEN 'retire' THEN 'retired' END, 'draft') "
        "UNION ALL SELECT coalesce(s.criteria_id, e.criteria_id), 'signoff_changed', "
        "'event ' || coalesce(CAST(s.event_id AS VARCHAR), CAST(e.event_id AS VARCHAR), '?') "
        "FROM signoffs s FULL JOIN (SELECT * FROM criteria_events WHERE action = 'sign') e "
        "ON s.event_id = e.event_id AND s.criteria_id = e.criteria_id AND s.team = e.team "
        "AND s.signed_by = e.actor AND s.signed_at = e.acted_at "
        "AND s.body_sha256 IS NOT DISTINCT FROM e.body_sha256 "
        "AND s.note IS NOT DISTINCT FROM e.note "
        "WHERE s.event_id IS NULL OR e.event_id IS NULL"
    )
    broken = (
        _chain_check(ws)
        .filter(~pl.col("intact"))
        .join(_events(ws).select("event_id", "criteria_id"), on="event_id", how="left")
        .select(
            "criteria_id",
            problem=pl.lit("event_changed"),
            detail=pl.format("event {}", pl.col("event_id")),
        )
    )
    schema = {"criteria_id": pl.Int64, "problem": pl.String, "detail": pl.String}
    return (
        pl.concat([body.cast(schema), broken.cast(schema)])  # type: ignore[arg-type]
        .unique(maintain_order=True)
        .sort("criteria_id", "problem", nulls_last=True)
    )


def describe(status: CriteriaStatus, lang: str = "en") -> str:
    """One line a person reads: which criteria, which version, and its status.

    Example:
        >>> describe(default_status(), "en")
        'default v1 · Shipped default (not agreed)'
        >>> describe(default_status(), "ja")
        'default v1 · 初期設定（未合意）'
    """
    text = f"{status.name} v{status.version} · {label('status', status.status, lang)}"
    if status.is_agreed and status.agreed_at is not None:
        names = ", ".join(f"{label('team', s.team, lang)} {s.signed_by}" for s in status.signoffs)
        text += " " + t("agreement.agreed_on", lang, at=moment(status.agreed_at, lang), names=names)
    return text


def history_with_changes(ws: Any, criteria_id: int | None = None) -> list[dict[str, Any]]:
    """The audit trail as records, each proposal with its rule-by-rule changes.

    A proposal is compared with the version of the same name that was agreed when it
    was proposed (``compared_with``), else with the shipped default (``compared_with``
    None): the diff the two teams were asked to sign.

    Args:
        ws: the workspace.
        criteria_id: only this version's events (None: all).

    Returns:
        The columns of :func:`history` as dicts, plus ``changes`` (records of
        :func:`analytics.criteria.diff.diff_criteria` for ``propose`` events, else None)
        and ``compared_with``.

    Example:
        >>> from analytics.store.db import Workspace
        >>> from dataclasses import replace
        >>> ws = Workspace.open(":memory:")
        >>> cid = save_version(ws, replace(default_criteria(), threshold=90), by="Aoki")
        >>> _ = propose(ws, cid, by="Aoki")
        >>> [e["changes"] for e in history_with_changes(ws)][1][0]["field"]
        'threshold'
    """
    from analytics.criteria.diff import diff_criteria

    bodies = dict(ws.rows("SELECT criteria_id, body FROM criteria"))
    agreed: dict[str, int] = {}  # name -> the version agreed at that point of the trail
    out = []
    for event in history(ws).iter_rows(named=True):  # the audit trail, in order
        changes, base_id = None, agreed.get(event["name"])
        if event["action"] == "propose":
            try:
                base = load_criteria(bodies[base_id]) if base_id else default_criteria()
                changes = diff_criteria(base, load_criteria(bodies[event["criteria_id"]]))
            except CriteriaError:  # a body edited into invalid TOML: shown by check_integrity
                changes = None
        if event["action"] == "agree":
            agreed[event["name"]] = event["criteria_id"]
        elif event["action"] == "retire" and base_id == event["criteria_id"]:
            agreed.pop(event["name"], None)
        if criteria_id is None or event["criteria_id"] == criteria_id:
            out.append(event | {"changes": changes, "compared_with": base_id})
    return out
