"""The access log's lines are kept as reads arrive (issue #21): a read continuing its person's
current line counts in it, any other begins a new one; a rebuild makes the same lines."""

from __future__ import annotations

import random
import time
from concurrent.futures import wait
from datetime import UTC, datetime, timedelta
from uuid import uuid4

from sqlalchemy import select

from domain.access import AccessSubject, ViewKind
from services.privacy.access_log import Viewer

UNIT = "ZTPS-7"
LOG_VIEWS = (ViewKind.ACCESS_LOG, ViewKind.ACCESS_LOG_EXPORT)


def _viewers() -> list[Viewer]:
    return [Viewer(uuid4(), "social_worker", UNIT) for _ in range(3)]


def _lines(system, head: int) -> list[dict]:
    return system.read_models.access_lines(after=head, unit=UNIT, limit=500)


def _stored_lines(system) -> list[tuple]:
    projection = system.projection("access_log")
    with system.engine.connect() as conn:
        tables, _position = projection.active_tables(conn)
        c = tables.lines.c
        return [tuple(row) for row in conn.execute(
            select(c.line_id, c.viewer_id, c.seq, c.folder_id, c.person_id, c.view, c.purpose,
                   c.count).order_by(c.line_id))]


def test_a_read_of_the_log_in_between_does_not_split_a_folders_line(system):
    manager = Viewer(uuid4(), "team_manager", UNIT)
    folder, other = uuid4(), uuid4()
    case_work = (ViewKind.CLIENT_VIEW, "case_work")
    reads = [(*case_work, folder), (ViewKind.ACCESS_LOG, "audit", folder), (*case_work, folder),
             (*case_work, other), (*case_work, folder),
             (ViewKind.CLIENT_VIEW, "supervision", folder)]
    for view, purpose, folder_id in reads:  # one at a time: each read its own batch
        system.access_log.viewed(manager, view=view, purpose=purpose, folder_id=folder_id)
    head = system.app.head_position()
    lines = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=manager.user_id,
                                            leave_out_views=LOG_VIEWS)
    shown = [(line["folder_id"], line["purpose"], line["count"]) for line in lines]
    assert shown == [(folder, "supervision", 1), (folder, "case_work", 1),
                     (other, "case_work", 1), (folder, "case_work", 2)]
    with_log = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=manager.user_id)
    assert [line["view"] for line in with_log].count("access_log") == 1
    assert len(with_log) == len(lines) + 1  # the folder's line is the same, shown or not
    asked = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=manager.user_id,
                                            folder_id=folder, purpose="case_work")
    # A filter picks lines, it does not merge them across the read of `other`.
    assert [line["count"] for line in asked] == [1, 2]


def test_a_period_counts_only_its_reads_of_a_line_running_over_its_edges(system):
    viewer, folder = Viewer(uuid4(), "social_worker", UNIT), uuid4()
    began = datetime.now(UTC)
    for _ in range(3):
        system.access_log.viewed(viewer, view=ViewKind.CLIENT_VIEW, purpose="case_work",
                                 folder_id=folder)
    head = system.app.head_position()
    entries = sorted(e["viewed_at"] for e in system.read_models.access_entries(
        after=head, viewer_id=viewer.user_id))
    [whole] = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=viewer.user_id,
                                              since=began - timedelta(days=1))
    [late] = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=viewer.user_id,
                                             since=entries[1])
    [early] = system.read_models.access_lines(after=head, unit=UNIT, viewer_id=viewer.user_id,
                                              until=entries[1])
    assert whole["count"] == 3
    assert (late["count"], late["first_at"]) == (2, entries[1])
    assert (early["count"], early["last_at"]) == (1, entries[0])


def test_the_lines_after_a_rebuild_are_the_lines_built_live(system):
    rng = random.Random(21)
    viewers, folders = _viewers(), [uuid4() for _ in range(3)]
    # Many reads queued at once are saved and projected in a few batches, several persons'
    # reads interleaved within each; then more, one batch at a time.
    queued = []
    for _ in range(120):
        viewer = rng.choice(viewers)
        if rng.random() < 0.1:
            queued.append(system.access_log.record_list(
                viewer, view=ViewKind.CASELOAD, purpose="case_work",
                subjects=[AccessSubject(f, None) for f in rng.sample(folders, 2)]))
        else:
            queued.append(system.access_log.record(
                viewer, view=rng.choice((ViewKind.CLIENT_VIEW, ViewKind.ACCESS_LOG)),
                purpose=rng.choice(("case_work", "case_work", "supervision")),
                folder_id=rng.choice(folders)))
    wait(queued, timeout=60)
    for _ in range(10):
        system.access_log.viewed(rng.choice(viewers), view=ViewKind.CLIENT_VIEW,
                                 purpose="case_work", folder_id=rng.choice(folders))
    head = system.app.head_position()
    live, live_rows = _lines(system, head), _stored_lines(system)
    assert sum(line["count"] for line in live) == len(system.read_models.access_entries(
        after=head, unit=UNIT))
    assert len(live) < 130  # grouped: fewer lines than reads

    projection = system.projection("access_log")
    generation = system.rebuild("access_log")
    deadline = time.monotonic() + 30
    while True:
        with system.engine.connect() as conn:
            tables, position = projection.active_tables(conn)
        if tables is projection.tables(generation) and position >= head:
            break
        assert time.monotonic() < deadline, "the rebuilt access log never switched in"
        time.sleep(0.05)
    assert _stored_lines(system) == live_rows
    assert _lines(system, head) == live
