"""Every event a small synthetic city stored reads back through the application's decoder
exactly as through the library's own, personal fields unsealed, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from eventsourcing.persistence import JSONTranscoder

from services.projecting.runner import decode
from services.settings import Settings
from services.store.sealing import SealingMapper
from services.store.transcoder import FastJSONTranscoder
from services.synthetic.city import CitySize, generate_city
from services.system import TeczkaSystem
from tests.services.test_fast_decoding import assert_same

TODAY = date(2026, 11, 1)


def test_every_stored_event_of_a_city_reads_as_the_library_reads_it(settings: Settings) -> None:
    with TeczkaSystem(settings, run_projectors=False) as system:
        app = system.app
        generate_city(system, seed=7, size=CitySize.scaled(0.002), today=TODAY)
        library_transcoder = JSONTranscoder()
        app.register_transcodings(library_transcoder)
        library = SealingMapper(transcoder=library_transcoder, keys=app.keys)
        notifications = app.recorder.select_notifications(start=1, limit=app.head_position())

        # Every read path goes through the application's mapper (the projection runner's
        # batches here, one by one for an aggregate's events).
        assert type(app.mapper.transcoder) is FastJSONTranscoder
        ours = decode(app, notifications)
        one_by_one = [app.mapper.to_domain_event(n) for n in notifications]

        assert len(ours) == len(notifications) > 1000
        assert len({n.topic for n in notifications}) > 15
        for notification, batch_read, single_read in zip(notifications, ours, one_by_one,
                                                          strict=True):
            theirs = library.to_domain_event(notification)
            assert type(batch_read) is type(theirs) is type(single_read)
            state = dict(vars(batch_read))
            assert state.pop("notification_id") == notification.id
            assert_same(state, vars(theirs), notification.topic)
            assert_same(vars(single_read), vars(theirs), notification.topic)
