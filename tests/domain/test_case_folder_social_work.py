"""Given a folder, when visits and interviews are recorded, then events or errors."""

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.calendar import interview_due_on
from domain.case_folder import CaseFolder
from domain.social_work import (
    DuplicateInterviewError,
    DuplicateVisitError,
    InterviewAlreadyConductedError,
    InterviewNotConductedError,
    InterviewNotFoundError,
    InvalidDueDateError,
    MissingMandatorySectionsError,
    UnknownSectionError,
    UpdateBeforeConductError,
    VisitBeforeFolderOpenedError,
)

SECTIONS = {"A": "Rodzina dwuosobowa.", "H": "Potrzeby.", "I": "Diagnoza.", "J": "Plan."}


def test_recording_a_visit_adds_it_to_the_folder(folder, make_visit):
    visit = make_visit()

    folder.record_visit(visit)

    [recorded] = folder.collect_events()
    assert isinstance(recorded, CaseFolder.VisitRecorded)
    assert recorded.visit == visit
    assert folder.visits == {visit.visit_id: visit}


def test_a_visit_before_the_folder_was_opened_is_refused(folder, make_visit):
    early = make_visit(visited_on=folder.opened_on - timedelta(days=1))

    with pytest.raises(VisitBeforeFolderOpenedError) as raised:
        folder.record_visit(early)
    assert raised.value.code == "visit.before_folder_opened"


def test_the_same_visit_is_recorded_once(folder, make_visit):
    visit = make_visit()
    folder.record_visit(visit)

    with pytest.raises(DuplicateVisitError) as raised:
        folder.record_visit(visit)
    assert raised.value.code == "visit.duplicate"


def schedule(folder, interview_id, trigger=date(2025, 3, 3), urgent=False):
    due = interview_due_on(trigger, urgent, holidays=set())
    folder.schedule_interview(interview_id, trigger, urgent, due)
    return due


def test_scheduling_an_interview_records_its_due_day(folder):
    interview_id = uuid4()

    schedule(folder, interview_id, urgent=True)

    [scheduled] = folder.collect_events()
    assert isinstance(scheduled, CaseFolder.InterviewScheduled)
    assert scheduled.due_on == date(2025, 3, 5)
    record = folder.interviews[interview_id]
    assert (record.urgent, record.due_on, record.is_conducted) == (True, date(2025, 3, 5), False)
    assert record.is_overdue(date(2025, 3, 6))
    assert not record.is_overdue(date(2025, 3, 5))


def test_the_same_interview_is_scheduled_once(folder):
    interview_id = uuid4()
    schedule(folder, interview_id)

    with pytest.raises(DuplicateInterviewError) as raised:
        schedule(folder, interview_id)
    assert raised.value.code == "interview.duplicate"


def test_an_interview_cannot_be_due_before_it_was_triggered(folder):
    with pytest.raises(InvalidDueDateError):
        folder.schedule_interview(uuid4(), date(2025, 3, 10), False, date(2025, 3, 9))


def test_conducting_a_scheduled_interview_records_its_sections(folder):
    interview_id = uuid4()
    schedule(folder, interview_id)
    folder.collect_events()

    folder.conduct_interview(interview_id, date(2025, 3, 12), {**SECTIONS, "B": " "})

    [conducted] = folder.collect_events()
    assert isinstance(conducted, CaseFolder.InterviewConducted)
    assert conducted.sections == SECTIONS
    record = folder.interviews[interview_id]
    assert (record.conducted_on, record.trigger_date) == (date(2025, 3, 12), date(2025, 3, 3))
    assert not record.is_overdue(date(2025, 12, 31))
    assert folder.last_interview_on == date(2025, 3, 12)


def test_an_interview_may_be_conducted_without_a_schedule(folder):
    interview_id = uuid4()

    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)

    assert folder.interviews[interview_id].due_on is None
    assert folder.interviews[interview_id].sections == SECTIONS


def test_an_interview_is_conducted_once(folder):
    interview_id = uuid4()
    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)

    with pytest.raises(InterviewAlreadyConductedError) as raised:
        folder.conduct_interview(interview_id, date(2025, 3, 5), SECTIONS)
    assert raised.value.code == "interview.already_conducted"


def test_a_conducted_interview_needs_the_mandatory_sections(folder):
    with pytest.raises(MissingMandatorySectionsError):
        folder.conduct_interview(uuid4(), date(2025, 3, 4), {"A": "a"})
    assert folder.interviews == {}


def test_updating_an_interview_records_part_four(folder):
    interview_id = uuid4()
    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)
    folder.collect_events()

    folder.update_interview(interview_id, date(2025, 5, 20), {"C": "Nowa praca.", "D": ""})

    [updated] = folder.collect_events()
    assert isinstance(updated, CaseFolder.InterviewUpdated)
    assert updated.sections == {"C": "Nowa praca."}
    assert folder.interviews[interview_id].updates == (date(2025, 5, 20),)
    assert folder.interviews[interview_id].sections == SECTIONS
    assert folder.last_interview_on == date(2025, 5, 20)


def test_only_a_conducted_interview_can_be_updated(folder):
    interview_id = uuid4()
    schedule(folder, interview_id)

    with pytest.raises(InterviewNotConductedError) as raised:
        folder.update_interview(interview_id, date(2025, 5, 20), {"C": "zmiana"})
    assert raised.value.code == "interview.not_conducted"


def test_updating_an_unknown_interview_is_refused(folder):
    with pytest.raises(InterviewNotFoundError) as raised:
        folder.update_interview(uuid4(), date(2025, 5, 20), {"C": "zmiana"})
    assert raised.value.code == "interview.not_found"


def test_an_update_cannot_precede_the_interview(folder):
    interview_id = uuid4()
    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)

    with pytest.raises(UpdateBeforeConductError) as raised:
        folder.update_interview(interview_id, date(2025, 3, 3), {"C": "zmiana"})
    assert raised.value.code == "interview.update_before_conduct"


def test_an_update_names_only_known_sections(folder):
    interview_id = uuid4()
    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)

    with pytest.raises(UnknownSectionError):
        folder.update_interview(interview_id, date(2025, 4, 1), {"Z": "?"})


def test_an_update_is_due_six_months_after_the_last_interview_on_permanent_help(folder):
    interview_id = uuid4()
    folder.conduct_interview(interview_id, date(2025, 3, 4), SECTIONS)
    assert folder.interview_update_due_on is None

    folder.note_permanent_help(True)
    assert folder.interview_update_due_on == date(2025, 9, 4)
    assert folder.is_interview_update_overdue(date(2025, 9, 5))

    folder.update_interview(interview_id, date(2025, 9, 1), {"C": "bez zmian"})
    assert folder.interview_update_due_on == date(2026, 3, 1)
    assert not folder.is_interview_update_overdue(date(2025, 9, 5))


def test_without_an_interview_no_update_is_due(folder):
    folder.note_permanent_help(True)

    assert folder.interview_update_due_on is None
    assert folder.last_interview_on is None
