"""Every error a person can meet has a Polish and an English message of its own."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import api
import domain
import services
from api.errors import HTTP_CODES
from api.messages import MESSAGES, message
from domain.errors import DomainError
from services.errors import ServiceError

for package in (domain, services, api):
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
        importlib.import_module(module.name)


def error_classes(root: type) -> list[type]:
    """The root and every subclass below it, however deep."""
    found = [root]
    for sub in root.__subclasses__():
        found += error_classes(sub)
    return found


CODES = sorted(
    {cls.code for root in (DomainError, ServiceError) for cls in error_classes(root)}
    | set(HTTP_CODES.values())
)


def test_the_error_tree_was_found():
    # Guards the walk above: if imports broke, the parametrised test would pass vacuously.
    assert {"case_folder.closed", "pesel.invalid_checksum", "version.stale",
            "auth.invalid_credentials", "user.weak_password"} <= set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_an_error_code_has_distinct_polish_and_english_messages(code):
    assert code in MESSAGES, f"no message for {code}"
    polish, english = MESSAGES[code]
    assert polish.strip()
    assert english.strip()
    assert polish != english
    assert message(code) == {"pl": polish, "en": english}
