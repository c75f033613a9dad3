"""The city-wide person search (issue #17): before opening a folder, a worker looks across
every team. Her own team's folders she sees in full; of another team's open folder only that
it exists, its team and its reference, so she does not open a duplicate. Every search names
its purpose, and every hit shown is recorded in the access log (with that purpose) before
the answer."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import AccessLogDep, CitySearcher, SystemDep
from api.errors import ApiError
from api.routes.views import After
from api.schemas.views import CityHitOut, CityPersonOut
from domain.access import AccessSubject, ViewKind
from domain.bounds import check_birth_date
from domain.identifiers import PESEL_TYPED_MAX_LENGTH, Pesel

router = APIRouter(prefix="/api", tags=["views"])

# Why the worker looks: before opening a folder or adding a member (a duplicate check), or in
# the course of case work (GDPR art. 5(1)(b): the purpose is logged with every hit shown).
Purpose = Literal["duplicate_check", "case_work"]


@router.get("/persons/city")
def search_the_city(
    user: CitySearcher,
    system: SystemDep,
    access: AccessLogDep,
    purpose: Annotated[Purpose, Query(description="Why the search is made (logged)")],
    pesel: Annotated[str | None, Query(max_length=PESEL_TYPED_MAX_LENGTH)] = None,
    name: Annotated[str | None, Query(min_length=2, max_length=80)] = None,
    birth_date: Annotated[date | None, Query()] = None,
    address: Annotated[str | None, Query(min_length=2, max_length=120)] = None,
    after: After = None,
) -> list[CityHitOut]:
    """Find a person in every team's folders by PESEL (exact), name (no diacritics or case
    needed, typos tolerated), birth date and address; another team's open folder is shown
    only as its team and reference. A person without PESEL found by name and birth date
    comes with a warning."""
    criteria: dict[str, Any] = {
        "pesel": Pesel.parse(pesel).value if pesel else None,
        "name": name.strip() or None if name else None,
        "birth_date": check_birth_date(birth_date),
        "address": address.strip() or None if address else None,
    }
    if not any(criteria.values()):
        raise ApiError(422, "search.no_criteria")
    rows = system.read_models.persons_in_the_city(after=after, **criteria)
    hits: list[CityHitOut] = []
    told: set[Any] = set()
    for row in rows:
        if row["team_id"] == user.unit:
            hits.append(CityHitOut(
                team_id=row["team_id"], folder_id=row["folder_id"], own_team=True,
                folder_open=row["is_open"], match=row["match"], warning=row["warning"],
                person=CityPersonOut(**{k: row[k] for k in CityPersonOut.model_fields})))
        elif row["is_open"] and row["folder_id"] not in told:
            # "Has a folder in team X (no. …)": nothing of the person, one hit per folder.
            told.add(row["folder_id"])
            hits.append(CityHitOut(team_id=row["team_id"], folder_id=row["folder_id"],
                                   own_team=False, folder_open=True, match=row["match"],
                                   warning=row["warning"], person=None))
    access.shown(ViewKind.CITY_SEARCH,
                 [AccessSubject(h.folder_id, h.person.member_id if h.person else None)
                  for h in hits], purpose=purpose)
    return hits
