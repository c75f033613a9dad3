"""Projections find their handlers by event class: what each one reads, and what it must."""

from __future__ import annotations

import pytest
from eventsourcing.domain import DomainEvent

from domain.case_folder import CaseFolder
from domain.federation import ReceivedReturn
from domain.proceeding import Proceeding
from domain.service_order import ServiceOrder
from domain.user import User
from projections.batch import Batch
from projections.client_view import ClientView
from projections.handoff_queue import HandoffQueue
from projections.proceedings import Proceedings
from projections.projection import Projection, Tables, handles
from projections.received_returns import ReceivedReturns
from projections.staff import StaffDirectory
from projections.user_requests import UserRequests


def event_classes_of(*aggregates: type) -> set[type]:
    """Every concrete event class declared on the given aggregates (not the bases)."""
    return {
        value for aggregate in aggregates for name, value in vars(aggregate).items()
        if isinstance(value, type) and issubclass(value, DomainEvent)
        and name not in ("Event", "Created")
    }


@pytest.mark.parametrize(("projection", "aggregates"), [
    (ClientView, (CaseFolder, Proceeding)),
    (HandoffQueue, (ServiceOrder,)),
    (Proceedings, (Proceeding,)),
    (ReceivedReturns, (ReceivedReturn,)),
    (StaffDirectory, (User,)),
    (UserRequests, (User,)),
])
def test_a_projection_of_whole_aggregates_handles_every_one_of_their_events(
        projection: type[Projection], aggregates: tuple[type, ...]) -> None:
    assert event_classes_of(*aggregates) <= set(projection.reads)


def test_reads_are_the_classes_with_a_handler_and_each_is_applied_by_its_own() -> None:
    class Seen(Projection):
        name = "seen"

        def __init__(self) -> None:
            super().__init__()
            self.seen: list[str] = []

        @handles(CaseFolder.VisitRecorded)
        def on_visit(self, batch: Batch, t: Tables, e: CaseFolder.VisitRecorded) -> None:
            self.seen.append("visit")

        @handles(User.LoggedIn, User.LoginFailed)
        def on_sign_in(self, batch: Batch, t: Tables, e: User.LoggedIn | User.LoginFailed) -> None:
            self.seen.append(type(e).__name__)

    assert Seen.reads == (CaseFolder.VisitRecorded, User.LoggedIn, User.LoginFailed)
    seen = Seen()
    for cls in (User.LoginFailed, CaseFolder.VisitRecorded, CaseFolder.CaseFolderClosed):
        seen.apply(None, None, object.__new__(cls))  # type: ignore[arg-type]
    assert seen.seen == ["LoginFailed", "visit"]


def test_one_event_class_with_two_handlers_is_refused() -> None:
    with pytest.raises(TypeError, match="VisitRecorded twice"):
        class Twice(Projection):
            name = "twice"

            @handles(CaseFolder.VisitRecorded)
            def one(self, batch: Batch, t: Tables, e: CaseFolder.VisitRecorded) -> None: ...

            @handles(CaseFolder.VisitRecorded)
            def other(self, batch: Batch, t: Tables, e: CaseFolder.VisitRecorded) -> None: ...
