"""Whose personal data the rows of a read show: the subjects its access-log entry names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.access import AccessSubject


def folders_in(rows: Iterable[Mapping[str, Any]]) -> list[AccessSubject]:
    """A household per row (a folder summary shows the household's head and address)."""
    return [AccessSubject(row["folder_id"]) for row in rows]


def persons_in(rows: Iterable[Mapping[str, Any]], person: str = "person_id") -> list[AccessSubject]:
    """A person of a household per row (a search hit, a proceeding, a care order)."""
    return [AccessSubject(row["folder_id"], row[person]) for row in rows]
