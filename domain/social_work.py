"""Social work with a household: visits and environmental interviews.

The errors of visits and interviews live here, beside their values, also those a
case folder raises when it records them (their codes start with ``visit.`` and
``interview.``).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from uuid import UUID

from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)


class VisitError(DomainError):
    code = "visit.error"


class InvalidMinutesError(VisitError, InvalidValueError):
    code = "visit.invalid_minutes"


class InvalidActivityError(VisitError, InvalidValueError):
    code = "visit.invalid_activity"


class NotesTooLongError(VisitError, InvalidValueError):
    code = "visit.notes_too_long"


class PlaceTooLongError(VisitError, InvalidValueError):
    code = "visit.place_too_long"


class VisitBeforeFolderOpenedError(VisitError, InvalidValueError):
    code = "visit.before_folder_opened"


class DuplicateVisitError(VisitError, DomainConflictError):
    code = "visit.duplicate"


class InterviewError(DomainError):
    code = "interview.error"


class InterviewSectionsError(InterviewError, InvalidValueError):
    code = "interview.invalid_sections"


class UnknownSectionError(InterviewSectionsError):
    code = "interview.unknown_section"


class MissingMandatorySectionsError(InterviewSectionsError):
    code = "interview.missing_mandatory_sections"


class EmptyUpdateError(InterviewSectionsError):
    code = "interview.empty_update"


class SectionTooLongError(InterviewSectionsError):
    code = "interview.section_too_long"


class InvalidDueDateError(InterviewError, InvalidValueError):
    code = "interview.due_before_trigger"


class UpdateBeforeConductError(InterviewError, InvalidValueError):
    code = "interview.update_before_conduct"


class DuplicateInterviewError(InterviewError, DomainConflictError):
    code = "interview.duplicate"


class InterviewAlreadyConductedError(InterviewError, DomainConflictError):
    code = "interview.already_conducted"


class InterviewNotConductedError(InterviewError, DomainConflictError):
    code = "interview.not_conducted"


class InterviewNotFoundError(InterviewError, NotFoundInAggregateError):
    code = "interview.not_found"


class ActivityKind(StrEnum):
    HOME_VISIT = "home_visit"
    OFFICE_MEETING = "office_meeting"
    PHONE_CALL = "phone_call"
    INSTITUTION_CONTACT = "institution_contact"
    OTHER = "other"


MAX_VISIT_MINUTES = 720
MAX_NOTES_LENGTH = 10_000
MAX_PLACE_LENGTH = 200


@dataclass(frozen=True)
class Visit:
    """One contact of a social worker with the household, with its outcome notes."""

    visit_id: UUID
    visited_on: date
    minutes: int
    activity: str
    place: str
    notes: str

    def __post_init__(self) -> None:
        minutes = self.minutes
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int)
            or not 1 <= minutes <= MAX_VISIT_MINUTES
        ):
            raise InvalidMinutesError(minutes=minutes, maximum=MAX_VISIT_MINUTES)
        try:
            object.__setattr__(self, "activity", ActivityKind(self.activity).value)
        except ValueError:
            raise InvalidActivityError(activity=self.activity) from None
        if len(self.notes) > MAX_NOTES_LENGTH:
            raise NotesTooLongError(length=len(self.notes), maximum=MAX_NOTES_LENGTH)
        if len(self.place) > MAX_PLACE_LENGTH:
            raise PlaceTooLongError(length=len(self.place), maximum=MAX_PLACE_LENGTH)


# Part I of the environmental interview form has sections A-J; A (person and family),
# H (needs and expectations), I (diagnosis and conclusions) and J (plan of help) are
# mandatory. Regulation of the Minister of Family of 8 Apr 2021, Dz.U. 2021 poz. 893.
SECTIONS: tuple[str, ...] = tuple("ABCDEFGHIJ")
MANDATORY_SECTIONS: tuple[str, ...] = ("A", "H", "I", "J")
MAX_SECTION_LENGTH = 20_000


def validate_sections(sections: Mapping[str, str], *, conducting: bool) -> None:
    """Refuse interview sections that are unknown, too long, or missing when required."""
    unknown = sorted(str(key) for key in sections if key not in SECTIONS)
    if unknown:
        raise UnknownSectionError(sections=unknown)
    for key in SECTIONS:
        if len(sections.get(key) or "") > MAX_SECTION_LENGTH:
            raise SectionTooLongError(section=key, maximum=MAX_SECTION_LENGTH)
    filled = filled_sections(sections)
    if conducting:
        missing = [key for key in MANDATORY_SECTIONS if key not in filled]
        if missing:
            raise MissingMandatorySectionsError(sections=missing)
    elif not filled:
        raise EmptyUpdateError()


def filled_sections(sections: Mapping[str, str]) -> dict[str, str]:
    """The sections that have text, in form order."""
    return {
        key: sections[key]
        for key in SECTIONS
        if isinstance(sections.get(key), str) and sections[key].strip()
    }


class InterviewPartError(InterviewError, InvalidValueError):
    """The person's statement or the asset declaration is empty, too long or misdated."""

    code = "interview.invalid_part"


MAX_PART_LENGTH = 5_000


@dataclass(frozen=True)
class PersonStatement:
    """The statement of the person interviewed (a part of the questionnaire, regulation of
    8 Apr 2021, Dz.U. 2021 poz. 893): what the person declares, signed on a day, or noted as
    not signed (`refused_to_sign`: the worker notes it, the interview still stands)."""

    text: str
    signed_on: date
    refused_to_sign: bool = False

    def __post_init__(self) -> None:
        _part_text(self.text, "statement.text", required=True)
        _part_day(self.signed_on, "statement.signed_on")


@dataclass(frozen=True)
class AssetDeclaration:
    """The declaration of assets (oświadczenie o stanie majątkowym, art. 107 ust. 5b of the
    social assistance act): real estate, movable property (vehicles, machines), savings and
    securities, and anything else of value, as the person declares them."""

    real_estate: str
    movable_property: str
    savings: str
    other: str
    declared_on: date

    def __post_init__(self) -> None:
        for name in ("real_estate", "movable_property", "savings", "other"):
            _part_text(getattr(self, name), f"assets.{name}", required=False)
        _part_day(self.declared_on, "assets.declared_on")


def _part_text(value: object, field: str, *, required: bool) -> None:
    if not isinstance(value, str) or len(value) > MAX_PART_LENGTH or (
            required and not value.strip()):
        raise InterviewPartError(field=field, maximum=MAX_PART_LENGTH)


def _part_day(value: object, field: str) -> None:
    if not isinstance(value, date):
        raise InterviewPartError(field=field)


@dataclass(frozen=True)
class InterviewRecord:
    """What a folder knows of one environmental interview (state, not an event payload)."""

    interview_id: UUID
    trigger_date: date | None = None
    urgent: bool = False
    due_on: date | None = None
    conducted_on: date | None = None
    sections: dict[str, str] = field(default_factory=dict)
    updates: tuple[date, ...] = ()

    @property
    def is_conducted(self) -> bool:
        return self.conducted_on is not None

    @property
    def last_done_on(self) -> date | None:
        """The latest day the interview was conducted or updated."""
        if self.conducted_on is None:
            return None
        return max((self.conducted_on, *self.updates))

    def is_overdue(self, today: date) -> bool:
        """Whether the interview was scheduled, is not yet conducted and is past its due day."""
        return self.conducted_on is None and self.due_on is not None and today > self.due_on
