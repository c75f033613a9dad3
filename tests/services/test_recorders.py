"""The event store gives back exactly what was saved, whatever bytes a state holds."""

from __future__ import annotations

import uuid

from eventsourcing.persistence import StoredEvent


def test_events_come_back_byte_for_byte_in_the_order_they_were_saved(system):
    recorder = system.app.recorder
    awkward = bytes(range(256)) + '{"note": "\\\\ \\" , ( ) { } ąę"}'.encode()
    saved = [StoredEvent(originator_id=uuid.uuid4(), originator_version=1,
                         topic='tests:Awkward "topic", (with) \\ ąę', state=awkward + bytes([n]))
             for n in range(50)]
    head = system.app.head_position()
    ids = recorder.insert_events(saved)
    assert list(ids) == list(range(head + 1, head + 51))
    notifications = recorder.select_notifications(start=head + 1, limit=100)
    assert [(n.originator_id, n.topic, bytes(n.state)) for n in notifications] == [
        (e.originator_id, e.topic, e.state) for e in saved]
