"""Queries over the projections, with read-your-writes: wait until a position is included."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.engine import Connection, Engine

from projections.access_log import AccessLogView
from projections.client_view import ClientView
from projections.person_search import PersonSearch
from projections.projection import Projection, Tables
from projections.worker_activity import WorkerActivity
from services.errors import ReadModelNotReadyError
from services.positions import PositionBoard

T = TypeVar("T")


class ReadModels:
    def __init__(
        self,
        engine: Engine,
        board: PositionBoard,
        *,
        timeout_s: float = 5.0,
        today: Callable[[], date] = date.today,
    ) -> None:
        self.engine = engine
        self.board = board
        self.timeout_s = timeout_s
        self.today = today
        self.client_view_projection = ClientView()
        self.person_search_projection = PersonSearch()
        self.access_log_projection = AccessLogView()
        self.worker_activity_projection = WorkerActivity()

    @property
    def projections(self) -> list[Projection]:
        return [
            self.client_view_projection,
            self.person_search_projection,
            self.access_log_projection,
            self.worker_activity_projection,
        ]

    def _read(
        self, projection: Projection, after: int | None, query: Callable[[Connection, Tables], T]
    ) -> T:
        """Run `query` on the active tables once they include position `after`."""
        deadline = time.monotonic() + self.timeout_s
        while True:
            ticks = self.board.ticks
            with self.engine.connect() as conn:
                active = projection.active_tables(conn)
                if active is not None:
                    tables, position = active
                    if after is None or position >= after:
                        return query(conn, tables)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReadModelNotReadyError(projection=projection.name, position=after)
            self.board.wait_for_news(ticks, timeout=min(remaining, 0.5))

    def wait_for(self, projection: Projection, position: int, timeout_s: float) -> None:
        """Block until `projection` includes `position`."""
        saved, self.timeout_s = self.timeout_s, timeout_s
        try:
            self._read(projection, position, lambda c, t: None)
        finally:
            self.timeout_s = saved

    def client_view(self, folder_id: UUID, after: int | None = None) -> dict[str, Any] | None:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.client_view(c, t, folder_id, self.today()))

    def caseload(self, worker_id: UUID, after: int | None = None) -> list[dict[str, Any]]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.caseload(c, t, worker_id, self.today()))

    def team_folders(self, team_id: str, after: int | None = None) -> list[dict[str, Any]]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.team_folders(c, t, team_id, self.today()))

    def folder_scope(self, folder_id: UUID) -> tuple[str, UUID | None] | None:
        p = self.client_view_projection
        return self._read(p, None, lambda c, t: p.folder_scope(c, t, folder_id))

    def search_persons(
        self, query: str, after: int | None = None, team_id: str | None = None
    ) -> list[dict[str, Any]]:
        p = self.person_search_projection
        return self._read(p, after, lambda c, t: p.search(c, t, query, team_id))

    def access_entries(self, after: int | None = None, **filters: Any) -> list[dict[str, Any]]:
        p = self.access_log_projection
        return self._read(p, after, lambda c, t: p.entries(c, t, **filters))

    def team_activity(
        self, team_id: str, since: date, until: date, after: int | None = None
    ) -> list[dict[str, Any]]:
        p = self.worker_activity_projection
        return self._read(
            p, after, lambda c, t: p.team_activity(c, t, team_id, since, until, self.today())
        )

    def folders_past_retention(self, deadline: date, after: int | None = None) -> list[UUID]:
        p = self.client_view_projection
        return self._read(p, after, lambda c, t: p.closed_on_or_before(c, t, deadline))

    def positions(self) -> dict[str, int | None]:
        with self.engine.connect() as conn:
            found = {}
            for projection in self.projections:
                active = projection.active_tables(conn)
                found[projection.name] = active[1] if active else None
            return found
