"""The client view as finished JSON, built by PostgreSQL in one statement.

The same document as `ClientView.client_view` with the folder's proceedings and care orders
(what `api.schemas.views.ClientViewOut` documents: tests/api/test_client_view_json.py holds
the two side by side), without a Python object per row on the way: the client view is the
most frequent read, and rows turned into dicts, validated and serialised again cost most of
its CPU. PostgreSQL only (SQLite reads take the Python path).
"""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

from sqlalchemy.engine import Connection

from projections.client_view import ALERT_DAYS
from projections.projection import Tables


def _object(alias: str, columns: str, extra: dict[str, str] | None = None) -> str:
    """json_build_object of an alias's columns, each under its own name (and `extra`'s
    expressions under theirs)."""
    pairs = [f"'{n}', {alias}.{n}" for n in columns.split()]
    pairs += [f"'{name}', {value}" for name, value in (extra or {}).items()]
    return "json_build_object(" + ", ".join(pairs) + ")"


def _array(table: str, alias: str, columns: str, order: str,
           extra: dict[str, str] | None = None) -> str:
    """The rows of one folder as a JSON array (an empty one when there are none)."""
    # Table and column names are the projections' own; every value is a bound parameter.
    return (f"coalesce((SELECT json_agg({_object(alias, columns, extra)} "  # noqa: S608
            f"ORDER BY {order}) "
            f"FROM {table} {alias} WHERE {alias}.folder_id = f.folder_id), '[]'::json)")


def _name_of(st: Tables | None, user_id: str) -> str:
    """A staff member's name from the staff directory (NULL while it has no tables)."""
    if st is None:
        return "NULL::text"
    return (f"(SELECT u.display_name FROM {st.users.name} u "  # noqa: S608
            f"WHERE u.user_id = {user_id})")


def _statement(cv: Tables, pr: Tables, ho: Tables, st: Tables | None) -> str:
    overdue = ("(coalesce(f.next_interview_due_on < %(today)s, false) "
               "OR coalesce(f.interview_update_due_on < %(today)s, false))")
    fields = {
        "folder_id": "f.folder_id",
        "version": "f.version",
        "team_id": "f.team_id",
        "worker_id": "f.worker_id",
        "worker_name": _name_of(st, "f.worker_id"),
        "status": "f.status",
        "head_name": "f.head_name",
        "address_line": "f.address_line",
        "last_visit_on": "f.last_visit_on",
        "interview_due_on": "coalesce(f.next_interview_due_on, f.interview_update_due_on)",
        "interview_overdue": overdue,
        "alerts": (f"(SELECT count(*) FROM {cv.alerts.name} a "  # noqa: S608
                   "WHERE a.folder_id = f.folder_id AND a.raised_on >= %(alerts_since)s)"),
        "opened_on": "f.opened_on",
        "closed_on": "f.closed_on",
        # Rows written before homeless people could be registered lack the two keys.
        "address": ("(jsonb_build_object('no_fixed_address', false, 'meeting_place', null) "
                    "|| f.address::jsonb)"),
        "permanent_help": ("(f.permanent_help AND (f.permanent_help_until IS NULL "
                           "OR f.permanent_help_until >= %(today)s))"),
        "permanent_help_until": "f.permanent_help_until",
        "household_size": (f"(SELECT count(*) FROM {cv.members.name} hm "  # noqa: S608
                           "WHERE hm.folder_id = f.folder_id AND (hm.joined_on IS NULL OR "
                           "hm.joined_on <= %(today)s) AND (hm.left_on IS NULL OR "
                           "%(today)s < hm.left_on))"),
        "members": _array(
            cv.members.name, "m", "member_id first_name last_name pesel document_kind "
            "document_number birth_date relation joined_on left_on end_kind end_reason",
            "m.relation <> 'head', m.last_name"),
        "interviews": _array(
            cv.interviews.name, "i", "interview_id trigger_date urgent due_on conducted_on "
            "last_update_on sections statement assets", "i.due_on"),
        "interview": ("json_build_object('due_on', f.next_interview_due_on, "
                      "'last_on', f.last_interview_on, "
                      f"'update_due_on', f.interview_update_due_on, 'overdue', {overdue}, "
                      "'due_interview_id', f.next_interview_id)"),
        "timeline": _array(
            cv.timeline.name, "t", "version kind on_date details actor_id recorded_at",
            "t.position DESC",
            {"worker_name": _name_of(st, "(t.details->>'worker_id')::uuid")}),
        "observations": _array(
            cv.alerts.name, "o", "observation_id order_id kind note raised_at caregiver_id",
            "o.raised_at DESC", {"caregiver_name": _name_of(st, "o.caregiver_id")}),
        "proceedings": _array(
            pr.proceedings.name, "p", "proceeding_id version person_id form case_reference "
            "applicant opened_on status decision_id outcome issued_on reasons amendments "
            "delivered_on appeal_filed_on final_on revoked_on", "p.opened_on"),
        "orders": _array(
            ho.orders.name, "r", "order_id status changed form provider_id case_reference "
            "caregiver_id terms", "r.placed_on",
            {"caregiver_name": _name_of(st, "r.caregiver_id")}),
    }
    document = "json_build_object(" + ", ".join(
        f"'{name}', {value}" for name, value in fields.items()) + ")::text"
    return (f"SELECT f.team_id, {document} FROM {cv.folders.name} f "  # noqa: S608
            "WHERE f.folder_id = %(folder_id)s")


class ClientViewJson:
    """Builds (and remembers, per generation of the three read models) the statement."""

    def __init__(self) -> None:
        self._statements: dict[tuple[str, str, str, str], str] = {}

    def read(self, conn: Connection, tables: list[Tables], staff: Tables | None,
             folder_id: UUID, today: date) -> tuple[str, str] | None:
        """(the folder's team, its client view as JSON text); None for an unknown folder.
        `tables`: the client view's, the proceedings' and the handoff queue's; `staff`: the
        staff directory's, for names (None while it has none: names are then null)."""
        cv, pr, ho = tables
        key = (cv.folders.name, pr.proceedings.name, ho.orders.name,
               staff.users.name if staff is not None else "")
        statement = self._statements.get(key)
        if statement is None:
            statement = self._statements[key] = _statement(cv, pr, ho, staff)
        row = conn.exec_driver_sql(statement, {
            "folder_id": folder_id, "today": today,
            "alerts_since": today - timedelta(days=ALERT_DAYS)}).first()
        return (row[0], row[1]) if row is not None else None
