"""A read that shows several people's data is one fact naming each of them, once."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from domain.access import (
    MAX_SUBJECTS_PER_RECORD,
    AccessRecordError,
    AccessSubject,
    ListAccessRecord,
    purpose_of,
)
from domain.user import Role


def _record(subjects, view="caseload", purpose="case_work"):
    return ListAccessRecord.record(
        viewer_id=uuid4(), viewer_role="social_worker", viewer_unit="ZTPS-1",
        subjects=subjects, view=view, purpose=purpose, viewed_at=datetime.now(UTC))


def test_each_subject_is_named_once_in_the_order_shown():
    a, b = AccessSubject(uuid4(), uuid4()), AccessSubject(uuid4())
    [record] = _record([a, b, a])
    assert record.subjects == (a, b)
    [event] = record.collect_events()
    assert type(event).__name__ == "PersonalDataListed"


def test_a_long_list_is_split_into_records_of_at_most_the_limit():
    subjects = [AccessSubject(uuid4()) for _ in range(MAX_SUBJECTS_PER_RECORD + 1)]
    records = _record(subjects)
    assert [len(r.subjects) for r in records] == [MAX_SUBJECTS_PER_RECORD, 1]


def test_a_list_that_showed_nobody_is_no_record():
    assert _record([]) == []


@pytest.mark.parametrize("subjects, view, purpose, field", [
    ([AccessSubject(None, None)], "caseload", "case_work", "subject"),
    (["not a subject"], "caseload", "case_work", "subject"),
    ([AccessSubject(uuid4())], "gossip", "case_work", "view"),
    ([AccessSubject(uuid4())], "caseload", "  ", "purpose"),
    ([AccessSubject(uuid4())], "caseload", "x" * 201, "purpose"),
])
def test_a_record_without_a_subject_a_known_view_or_a_purpose_is_refused(
        subjects, view, purpose, field):
    with pytest.raises(AccessRecordError) as refused:
        _record(subjects, view, purpose)
    assert refused.value.params["field"] == field


def test_each_role_that_reads_client_data_has_its_purpose():
    assert {role: purpose_of(role) for role in (Role.MCUS_COORDINATOR, Role.CAREGIVER,
                                                Role.DECISION_MAKER)} == {
        Role.MCUS_COORDINATOR: "care_coordination", Role.CAREGIVER: "care_delivery",
        Role.DECISION_MAKER: "administrative_proceedings"}
