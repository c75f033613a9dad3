"""How far behind the log each projection is, read from the database when `/metrics` is
scraped: the same answer from every API worker and from `teczka project`.

`teczka_projection_lag_events` is the log's head minus the active generation's position;
`teczka_projection_lag_seconds` is how long the first event it has not applied has waited
(its recorded time to now), 0 when it is at the head. A projection that only reads other
events than the latest ones moves to the head at most every 250 ms, so a few events of lag
now and then are normal; a stall (`teczka_projection_stalled` 1) or a lag that keeps
growing is what the alert rule in deploy/prometheus/alerts.yml looks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import orjson
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import select

from projections import tracking
from services.application import CommandApplication


class ProjectionLag(Collector):
    def __init__(self, app: CommandApplication, engine) -> None:
        self.app = app
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        events = GaugeMetricFamily("teczka_projection_lag_events",
                                   "Events in the log the projection has not applied yet",
                                   labels=["projection"])
        seconds = GaugeMetricFamily("teczka_projection_lag_seconds",
                                    "Age of the first event the projection has not applied",
                                    labels=["projection"])
        stalled = GaugeMetricFamily("teczka_projection_stalled",
                                    "1 while the projection stands still on an event its "
                                    "handler raised on", labels=["projection"])
        head = self.app.head_position()
        gens = tracking.generations
        with self.engine.connect() as conn:
            active = conn.execute(select(gens.c.projection, gens.c.position)
                                  .where(gens.c.status == tracking.ACTIVE)).all()
            stalls = {s.projection for s in tracking.all_stalls(conn)}
        now = datetime.now(UTC)
        ages: dict[int, float] = {}
        for projection, position in active:
            behind = max(head - position, 0)
            events.add_metric([projection], behind)
            if behind and position not in ages:
                ages[position] = self._age_of(position + 1, now)
            seconds.add_metric([projection], ages[position] if behind else 0.0)
            stalled.add_metric([projection], 1.0 if projection in stalls else 0.0)
        yield events
        yield seconds
        yield stalled

    def _age_of(self, position: int, now: datetime) -> float:
        """Seconds since the event at `position` was recorded (its stored timestamp: not a
        personal field, so nothing is decrypted)."""
        found = self.app.recorder.select_notifications(start=position, limit=1)
        if not found:
            return 0.0
        stamp = orjson.loads(found[0].state).get("timestamp")
        if not isinstance(stamp, dict) or not isinstance(stamp.get("_data_"), str):
            return 0.0
        recorded = datetime.fromisoformat(stamp["_data_"])
        if recorded.tzinfo is None:
            recorded = recorded.replace(tzinfo=UTC)
        return max((now - recorded).total_seconds(), 0.0)
