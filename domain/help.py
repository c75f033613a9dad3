"""Forms of help (art. 36), reasons for help (art. 7) and the case reference of a proceeding.

The tables here are data: a form's properties steer which decision a proceeding needs,
whether a service order follows and how statistics count it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from domain.errors import DomainError, InvalidValueError


class HelpError(DomainError):
    code = "help.error"


class UnknownFormError(HelpError, InvalidValueError):
    code = "help.unknown_form"


class ReasonRequiredError(HelpError, InvalidValueError):
    code = "help.reason_required"


class UnknownReasonError(HelpError, InvalidValueError):
    code = "help.unknown_reason"


class RepealedReasonError(HelpError, InvalidValueError):
    code = "help.repealed_reason"


class InvalidCaseReferenceError(InvalidValueError):
    code = "case_reference.invalid"


class FormOfHelp(StrEnum):
    """Forms of help of art. 36 that Teczka models; values are stable codes."""

    PERMANENT_ALLOWANCE = "permanent_allowance"  # zasiłek stały, art. 37
    PERIODIC_ALLOWANCE = "periodic_allowance"  # zasiłek okresowy, art. 38
    PURPOSE_ALLOWANCE = "purpose_allowance"  # zasiłek celowy, art. 39
    SPECIAL_PURPOSE_ALLOWANCE = "special_purpose_allowance"  # specjalny zasiłek celowy, art. 41
    SOCIAL_WORK = "social_work"  # praca socjalna, art. 45
    SPECIALIST_COUNSELLING = "specialist_counselling"  # poradnictwo specjalistyczne, art. 46
    CRISIS_INTERVENTION = "crisis_intervention"  # interwencja kryzysowa, art. 47
    CARE_SERVICES = "care_services"  # usługi opiekuńcze, art. 50 ust. 1
    SPECIALIST_CARE_SERVICES = "specialist_care_services"  # art. 50 ust. 4
    # specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi, art. 50 ust. 4
    # with art. 18 ust. 1 pkt 3: a task commissioned by the government administration.
    SPECIALIST_CARE_SERVICES_MENTAL = "specialist_care_services_mental"
    DAY_CARE_HOME = "day_care_home"  # dzienny dom pomocy (DDP), art. 51
    RESIDENTIAL_CARE_HOME = "residential_care_home"  # dom pomocy społecznej (DPS), art. 54
    SOCIAL_CONTRACT = "social_contract"  # kontrakt socjalny, art. 108
    MEAL = "meal"  # posiłek, art. 48
    SHELTER = "shelter"  # schronienie, art. 48a
    # zasiłek celowy w związku ze stratami w wyniku klęski żywiołowej lub ekologicznej,
    # art. 40 ust. 2–3, with art. 18 ust. 1 pkt 4 (as we read it): a commissioned task.
    NATURAL_DISASTER_ALLOWANCE = "natural_disaster_allowance"
    FUNERAL = "funeral"  # sprawienie pogrzebu, art. 44
    CLOTHING = "clothing"  # niezbędne ubranie, art. 48 (in kind or as a purpose allowance)


class FormKind(StrEnum):
    CASH = "cash"
    CARE = "care"
    OTHER = "other"


@dataclass(frozen=True)
class FormInfo:
    """What a form of help implies for the proceeding, the provider and statistics.

    ``permanent`` forms need an interview update at least every 6 months (art. 107
    ust. 4); ``commissioned`` forms are counted as zadania zlecone in MRPiPS-03.
    """

    needs_decision: bool
    kind: str
    places_service_order: bool
    permanent: bool
    commissioned: bool


def _form(
    kind: FormKind,
    *,
    needs_decision: bool = True,
    places_service_order: bool = False,
    permanent: bool = False,
    commissioned: bool = False,
) -> FormInfo:
    return FormInfo(needs_decision, kind.value, places_service_order, permanent, commissioned)


# Defaults from art. 17 (own tasks) and art. 18 (commissioned tasks) of the Act; specialist
# care services for people with mental disorders (art. 18 ust. 1 pkt 3) and the purpose
# allowance for natural-disaster losses (art. 18 ust. 1 pkt 4, art. 40 ust. 2) are the
# commissioned ones among the forms here. A municipality whose budget classifies a form
# otherwise changes this table.
FORMS: dict[str, FormInfo] = {
    FormOfHelp.PERMANENT_ALLOWANCE: _form(FormKind.CASH, permanent=True),
    FormOfHelp.PERIODIC_ALLOWANCE: _form(FormKind.CASH),
    FormOfHelp.PURPOSE_ALLOWANCE: _form(FormKind.CASH),
    FormOfHelp.SPECIAL_PURPOSE_ALLOWANCE: _form(FormKind.CASH),
    FormOfHelp.SOCIAL_WORK: _form(FormKind.OTHER, needs_decision=False),
    FormOfHelp.SPECIALIST_COUNSELLING: _form(FormKind.OTHER, needs_decision=False),
    FormOfHelp.CRISIS_INTERVENTION: _form(FormKind.OTHER, needs_decision=False),
    FormOfHelp.CARE_SERVICES: _form(FormKind.CARE, places_service_order=True, permanent=True),
    FormOfHelp.SPECIALIST_CARE_SERVICES: _form(
        FormKind.CARE, places_service_order=True, permanent=True
    ),
    FormOfHelp.SPECIALIST_CARE_SERVICES_MENTAL: _form(
        FormKind.CARE, places_service_order=True, permanent=True, commissioned=True
    ),
    FormOfHelp.DAY_CARE_HOME: _form(FormKind.CARE, places_service_order=True, permanent=True),
    FormOfHelp.RESIDENTIAL_CARE_HOME: _form(
        FormKind.CARE, places_service_order=True, permanent=True
    ),
    FormOfHelp.SOCIAL_CONTRACT: _form(FormKind.OTHER, needs_decision=False),
    FormOfHelp.MEAL: _form(FormKind.OTHER),
    FormOfHelp.SHELTER: _form(FormKind.OTHER),
    FormOfHelp.NATURAL_DISASTER_ALLOWANCE: _form(FormKind.CASH, commissioned=True),
    # Funeral costs (art. 44) are paid by the centre; counted as cash. Clothing (art. 48) may
    # be given in kind or as money: Teczka records its value as a cash amount either way.
    FormOfHelp.FUNERAL: _form(FormKind.CASH),
    FormOfHelp.CLOTHING: _form(FormKind.CASH),
}


# Forms whose granting decision counts days (or meals) at a unit cost (art. 48a–48b), and the
# form whose decision may establish the fee split of art. 61 (a residential care home).
DAYS_FORMS: frozenset[str] = frozenset({FormOfHelp.MEAL, FormOfHelp.SHELTER})
DPS_FEE_FORMS: frozenset[str] = frozenset({FormOfHelp.RESIDENTIAL_CARE_HOME})


def form_info(form: str) -> FormInfo:
    """The properties of a form of help, refusing an unknown form."""
    info = FORMS.get(form) if isinstance(form, str) else None
    if info is None:
        raise UnknownFormError(form=form)
    return info


class Reason(StrEnum):
    """Reasons for help, art. 7; the values are the Act's point numbers and never change."""

    POVERTY = "1"
    ORPHANHOOD = "2"
    HOMELESSNESS = "3"
    UNEMPLOYMENT = "4"
    DISABILITY = "5"
    LONG_TERM_ILLNESS = "6"
    DOMESTIC_VIOLENCE = "7"
    HUMAN_TRAFFICKING = "7a"
    MOTHERHOOD_OR_LARGE_FAMILY = "8"
    HELPLESSNESS_IN_CARE_AND_HOUSEHOLD = "9"
    REPEALED_10 = "10"
    FOREIGNERS_INTEGRATION = "11"
    AFTER_PRISON = "12"
    ALCOHOLISM_OR_DRUGS = "13"
    # Teczka's refinements of points 13 and 14 (not points of the Act): MRPiPS-03 counts
    # alcoholism and drug addiction, a random event and a crisis situation in rows of their
    # own (domain/mrpips03_rows.py); a decision citing "13" or "14" stays undivided.
    ALCOHOLISM = "13_alcoholism"
    DRUG_ADDICTION = "13_drugs"
    RANDOM_EVENT_OR_CRISIS = "14"
    RANDOM_EVENT = "14_random_event"
    CRISIS = "14_crisis"
    NATURAL_OR_ECOLOGICAL_DISASTER = "15"


# Point 10 was repealed; it stays a known code so that old decisions still read.
REPEALED: frozenset[str] = frozenset({"10"})
_REASON_ORDER = {reason.value: index for index, reason in enumerate(Reason)}


def parse_reasons(codes: Iterable[str]) -> tuple[str, ...]:
    """Reason codes for a new decision: known, in force, unique and in the Act's order."""
    given = {code.strip() if isinstance(code, str) else code for code in codes}
    if not given:
        raise ReasonRequiredError()
    unknown = sorted(str(code) for code in given if code not in _REASON_ORDER)
    if unknown:
        raise UnknownReasonError(reasons=unknown)
    repealed = sorted(given & REPEALED)
    if repealed:
        raise RepealedReasonError(reasons=repealed)
    return tuple(sorted(given, key=_REASON_ORDER.__getitem__))


_UNIT = r"[A-ZĄĆĘŁŃÓŚŹŻ][A-ZĄĆĘŁŃÓŚŹŻ0-9-]*"
_CASE_REFERENCE = re.compile(
    rf"(?P<unit>{_UNIT}(?:\.{_UNIT})*)"
    r"\.(?P<file_class>\d{3,4})"
    r"\.(?P<numbers>\d+(?:\.\d+)*)"
    r"\.(?P<year>\d{4})"
    r"(?:\.(?P<initials>[A-ZĄĆĘŁŃÓŚŹŻ]{1,4}))?",
    # \d is 0-9 only: other scripts' digits are not a case reference (domain/identifiers.py).
    re.ASCII,
)
CASE_REFERENCE_TYPED_MAX_LENGTH = 80
MIN_CASE_YEAR, MAX_CASE_YEAR = 2000, 2100


@dataclass(frozen=True)
class CaseReference:
    """A case reference (znak sprawy): unit, JRWA file class, case numbers, year, initials.

    E.g. ``PS-KNPS.431.6.6.2015.EZ`` or ``ZTPS1.5111.42.2026``.
    """

    text: str

    def __post_init__(self) -> None:
        match = _CASE_REFERENCE.fullmatch(self.text) if isinstance(self.text, str) else None
        if match is None or not MIN_CASE_YEAR <= int(match["year"]) <= MAX_CASE_YEAR:
            raise InvalidCaseReferenceError(text=self.text)

    @classmethod
    def parse(cls, text: str) -> "CaseReference":
        """Read a case reference typed by a person: NFKC, spaces removed, upper-cased."""
        if not isinstance(text, str) or len(text) > CASE_REFERENCE_TYPED_MAX_LENGTH:
            raise InvalidCaseReferenceError(text=text)
        return cls("".join(unicodedata.normalize("NFKC", text).split()).upper())

    @property
    def _parts(self) -> re.Match[str]:
        match = _CASE_REFERENCE.fullmatch(self.text)
        if match is None:  # unreachable: __post_init__ checked it
            raise InvalidCaseReferenceError(text=self.text)
        return match

    @property
    def unit(self) -> str:
        return self._parts["unit"]

    @property
    def file_class(self) -> str:
        return self._parts["file_class"]

    @property
    def case_numbers(self) -> tuple[int, ...]:
        return tuple(int(number) for number in self._parts["numbers"].split("."))

    @property
    def year(self) -> int:
        return int(self._parts["year"])

    @property
    def initials(self) -> str | None:
        return self._parts["initials"]
