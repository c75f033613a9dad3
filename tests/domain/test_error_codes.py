"""The error tree the API walks to map codes to messages and status codes."""

import importlib
import pkgutil
import re

import domain
from domain.errors import (
    DomainConflictError,
    DomainError,
    InvalidValueError,
    NotFoundInAggregateError,
)

CATEGORIES = (InvalidValueError, DomainConflictError, NotFoundInAggregateError)

for module in pkgutil.iter_modules(domain.__path__):
    importlib.import_module(f"domain.{module.name}")


def all_errors(root=DomainError):
    found = set()
    for sub in root.__subclasses__():
        found |= {sub} | all_errors(sub)
    return found


def raisable_errors():
    """Errors a command can raise: those no other error inherits from."""
    errors = all_errors()
    return {e for e in errors if not any(issubclass(o, e) and o is not e for o in errors)}


def test_every_error_has_its_own_dotted_code():
    codes = [error.code for error in all_errors()]

    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[a-z_]+\.[a-z_]+", code) for code in codes)


def test_every_raisable_error_belongs_to_exactly_one_category():
    for error in raisable_errors():
        assert sum(issubclass(error, category) for category in CATEGORIES) == 1, error


def test_codes_named_in_the_api_contract_exist():
    codes = {error.code for error in all_errors()}

    assert {
        "pesel.invalid_checksum",
        "case_folder.closed",
        "interview.missing_mandatory_sections",
        "visit.invalid_minutes",
        "user.inactive",
        "teryt.invalid",
        "member.no_identifier",
    } <= codes


def test_an_error_carries_values_not_sentences():
    error = InvalidValueError(field="street")

    assert error.params == {"field": "street"}
    assert error.args == ("domain.invalid_value", {"field": "street"})
