"""Social workers reading client views over HTTP: one signed-in worker per ZTPS team, each
reader going round folders of its own team (the city's users, `services.synthetic.city`)."""

from __future__ import annotations

import time

import httpx
from _load import LoadResult, Reader, run_load

from projections import tracking
from services.projecting.runner import ensure_registry
from services.synthetic.city import CITY_PASSWORD, TEAMS
from services.system import TeczkaSystem


def projections_at_head(system: TeczkaSystem, generations: dict[str, int] | None = None) -> bool:
    """Every projection's active generation is at the head (and, given `generations`, is
    that generation or a later one: a rebuild has switched in)."""
    ensure_registry(system.engine)
    head = system.app.head_position()
    with system.engine.connect() as conn:
        for projection in system.read_models.projections:
            active = tracking.active_generation(conn, projection.name)
            if active is None or active.position < head:
                return False
            if generations and active.generation < generations[projection.name]:
                return False
    return True


def read_models_built(system: TeczkaSystem) -> bool:
    """Some projection has an active generation (the city's read models were built)."""
    ensure_registry(system.engine)
    with system.engine.connect() as conn:
        return any(tracking.active_generation(conn, projection.name) is not None
                   for projection in system.read_models.projections)


def wait_until_projected(system: TeczkaSystem, timeout_s: float,
                         generations: dict[str, int] | None = None) -> float:
    """Seconds until every projection's active generation reaches the head (and, given
    `generations`, until those rebuilt generations have switched in)."""
    started = time.perf_counter()
    while not projections_at_head(system, generations):
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError("projections did not reach the head in time")
        time.sleep(0.25)  # the time is read to a quarter of a second, not to a whole one
    return time.perf_counter() - started


def folder_paths_by_team(system: TeczkaSystem, per_team: int) -> dict[str, list[str]]:
    return {team: [f"/api/folders/{f['folder_id']}"
                   for f in system.read_models.team_folders(team)[:per_team]]
            for team, _teryt in TEAMS}


def sign_in_readers(base: str) -> dict[str, str]:
    """An access token of one worker of each team (sign in once: the sign-in limit is 20
    attempts a minute per address)."""
    tokens = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for team, _teryt in TEAMS:
            answer = client.post("/api/auth/login", json={
                "username": f"pracownik.{team.lower()}.1", "password": CITY_PASSWORD})
            answer.raise_for_status()
            tokens[team] = answer.json()["access_token"]
    return tokens


def read_client_views(base: str, port: int, system: TeczkaSystem, *, readers: int,
                      seconds: float, warmup_s: float = 3.0,
                      interval_s: float = 0.0, arrivals: str = "independent",
                      tokens: dict[str, str] | None = None) -> LoadResult:
    """`readers` concurrent connections GETting client views of their team's folders, each
    as fast as it is answered or, with `interval_s`, one every `interval_s` on average."""
    paths = folder_paths_by_team(system, per_team=200)
    tokens = tokens or sign_in_readers(base)
    teams = [team for team, _teryt in TEAMS]
    clients = []
    for i in range(readers):
        team = teams[i % len(teams)]
        # Readers of one team start at different folders.
        mine = paths[team][i // len(teams)::max(1, readers // len(teams))] or paths[team]
        clients.append(Reader(tokens[team], mine))
    result = run_load(port, clients, seconds=seconds, warmup_s=warmup_s, interval_s=interval_s,
                      arrivals=arrivals)
    for client in clients:
        for status, body in client.failures.items():
            result.failures.setdefault(status, body)
    return result
