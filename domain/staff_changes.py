"""Two people for powerful changes: who reads case content, and who confirms giving it.

An account that reads clients' personal data (art. 100 of the social assistance act: the
staff's duty of secrecy; GDPR art. 9 and 32: access limited to those who need it) is given
by two people: IT (an admin) asks, a manager of the unit that will read confirms. One
person alone (a rogue admin, a stolen admin token) cannot create a social worker whose
password she knows and read the team's folders.
"""

from __future__ import annotations

from enum import StrEnum

from domain.errors import DomainConflictError, DomainError, NotFoundInAggregateError


class ContentRole(StrEnum):
    """Roles that read case content (names, addresses, health, income, family records).

    Not in it: `voivodeship_analyst` (aggregated returns only), `mops_management` (the
    teams' figures, aggregates only) and `admin` (users, units, parameters; no case
    content). A caregiver reads her own clients' addresses and health notes, an MCUS
    coordinator what care needs: both personal data, so both are here.
    """

    SOCIAL_WORKER = "social_worker"
    # Registers persons and applications: reads what it registered (personal data).
    FIRST_CONTACT = "first_contact"
    DECISION_MAKER = "decision_maker"
    MCUS_COORDINATOR = "mcus_coordinator"
    CAREGIVER = "caregiver"
    MANAGER = "manager"


CONTENT_ROLES = frozenset(role.value for role in ContentRole)

# The centre a unit belongs to (Wrocław: the MOPS's field teams are ZTPS-1..10; its
# decision makers work in "MOPS" itself; MCUS is a centre of its own). A manager of the
# centre confirms for any of its units, so units without a manager of their own (MOPS
# decision makers, MCUS) have one too.
CENTRE_OF_UNIT_PREFIX = {"ZTPS-": "MOPS"}


def reads_case_content(role: str) -> bool:
    return role in CONTENT_ROLES


def centre_of(unit: str) -> str:
    for prefix, centre in CENTRE_OF_UNIT_PREFIX.items():
        if unit.startswith(prefix):
            return centre
    return unit


def confirming_units(unit: str) -> frozenset[str]:
    """Whose managers may confirm giving a role in `unit`: its own, and its centre's."""
    return frozenset({unit, centre_of(unit)})


def units_confirmed_by(manager_unit: str, unit: str) -> bool:
    return manager_unit in confirming_units(unit)


class RequestKind(StrEnum):
    CREATION = "creation"
    ROLE_CHANGE = "role_change"


class StaffChangeError(DomainError):
    code = "user_request.error"


class RequestPendingError(StaffChangeError, DomainConflictError):
    """A request for this user waits for a manager already; one at a time."""

    code = "user_request.pending"


class RequestNotForYouError(StaffChangeError, NotFoundInAggregateError):
    """No request waits, or not one for this manager: a manager of another unit than the
    one (or the centre of the one) the request gives a role in is answered as if there were
    none, so other units' staff changes do not leak."""

    code = "user_request.not_found"


class OwnRequestError(StaffChangeError, DomainConflictError):
    """Nobody confirms a change of their own account."""

    code = "user_request.own"


class NotConfirmedYetError(StaffChangeError, DomainConflictError):
    """The account waits for its creation to be confirmed."""

    code = "user_request.not_confirmed"
