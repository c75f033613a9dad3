"""Dependencies every route declares: the system, the signed-in person, the roles allowed.

They are `async def`, though none awaits anything in the common case: FastAPI runs a plain
`def` dependency in its thread pool, one hop per dependency per request, and none of these
needs a thread unless a session has to be read from the store.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Future
from typing import Annotated, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from api.errors import ApiError
from api.security import Principal, TokenIssuer
from domain.access import AccessSubject, purpose_of
from domain.user import Role
from services.observability import logs
from services.privacy.access_log import SAVE_TIMEOUT_S, Viewer
from services.system import TeczkaSystem


async def get_system(request: Request) -> TeczkaSystem:
    return request.app.state.system


async def get_tokens(request: Request) -> TokenIssuer:
    return request.app.state.tokens


T = TypeVar("T")

SystemDep = Annotated[TeczkaSystem, Depends(get_system)]
TokensDep = Annotated[TokenIssuer, Depends(get_tokens)]

_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/auth/login")


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


async def current_user(request: Request, credentials: BearerCredentials) -> Principal:
    """The signed-in person (401 without a valid token and a live session)."""
    return await _signed_in(request, credentials)


async def _signed_in(request: Request,
                     credentials: HTTPAuthorizationCredentials | None) -> Principal:
    # The tokens and the system are taken from the app here rather than declared as
    # dependencies of their own: every dependency FastAPI solves costs its own lookups on
    # every request (issue #23 counted the command path's microseconds).
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "auth.required", headers={"WWW-Authenticate": "Bearer"})
    state = request.app.state
    claims = state.tokens.verify(credentials.credentials)
    # Who acts, in what role and unit, is read from the session, not from the token: what
    # this process last read of it is kept until news of a change (services/users/revocations.py),
    # so most requests read nothing, and an ended session or a changed user is refused, or
    # acts in the new role, in every process within a moment.
    system = state.system
    user = system.app.known_session_holder(claims.session_id, claims.user_id)
    if user is None:
        user = await run_in_threadpool(system.app.session_holder, claims.session_id,
                                       claims.user_id)
    if user is None:
        raise ApiError(401, "auth.session_ended", headers={"WWW-Authenticate": "Bearer"})
    logs.note_actor(user.user_id, user.role)
    return user


CurrentUser = Annotated[Principal, Depends(current_user)]


def known_user(tokens: TokenIssuer, system: TeczkaSystem, authorization: str | None,
               roles: frozenset[str]) -> Principal | None:
    """The person a bearer token names, when that can be told without blocking and they
    may pass (`current_user` and `allow` would let them through); None in every other
    case, which the full dependencies then answer (401, 403, or a read of the session)."""
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    try:
        claims = tokens.verify(token.strip())
    except ApiError:
        return None
    user = system.app.known_session_holder(claims.session_id, claims.user_id)
    if user is None or user.role not in roles:
        return None
    return user


def allow(*roles: Role) -> Callable[..., Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 for the others)."""
    allowed = {r.value for r in roles}

    # One dependency, not one on `current_user`: a level of FastAPI's solving fewer.
    async def check(request: Request, credentials: BearerCredentials) -> Principal:
        user = await _signed_in(request, credentials)
        if user.role not in allowed:
            raise ApiError(403, "auth.forbidden", allowed=sorted(allowed))
        return user

    check.allowed_roles = sorted(allowed)  # type: ignore[attr-defined]  # for api/openapi.py
    check.signs_in = True  # type: ignore[attr-defined]  # answers 401 as `current_user` does
    return check


SocialWorker = Annotated[Principal, Depends(allow(Role.SOCIAL_WORKER))]
FolderStaff = Annotated[Principal, Depends(allow(Role.SOCIAL_WORKER, Role.MANAGER))]
Manager = Annotated[Principal, Depends(allow(Role.MANAGER))]
MopsManagement = Annotated[Principal, Depends(allow(Role.MOPS_MANAGEMENT))]
CASE_READERS = (Role.SOCIAL_WORKER, Role.MANAGER, Role.DECISION_MAKER)
CaseReader = Annotated[Principal, Depends(allow(*CASE_READERS))]
Admin = Annotated[Principal, Depends(allow(Role.ADMIN))]
DecisionMaker = Annotated[Principal, Depends(allow(Role.DECISION_MAKER))]
Deliverer = Annotated[Principal, Depends(allow(Role.DECISION_MAKER, Role.SOCIAL_WORKER))]
Coordinator = Annotated[Principal, Depends(allow(Role.MCUS_COORDINATOR))]
Caregiver = Annotated[Principal, Depends(allow(Role.CAREGIVER))]
FirstContact = Annotated[Principal, Depends(allow(Role.FIRST_CONTACT))]
# Who opens folders and files applications: field workers, and first contact at the counter.
Registrar = Annotated[Principal, Depends(allow(Role.SOCIAL_WORKER, Role.FIRST_CONTACT))]
# Who searches the whole city before opening a folder: a team's staff (their team's folders in
# full), and first contact (only "has a folder in team X": it belongs to no team).
CitySearcher = Annotated[Principal, Depends(allow(Role.SOCIAL_WORKER, Role.MANAGER,
                                                  Role.FIRST_CONTACT))]


class AccessRecorder:
    """Records, for the signed-in person, that they viewed someone's personal data."""

    def __init__(self, system: TeczkaSystem, user: Principal) -> None:
        self._log = system.access_log
        self._viewer = Viewer(user.user_id, user.role, user.unit)

    def listed(self, view: str, subjects: Iterable[AccessSubject],
               purpose: str | None = None) -> Future:
        """Queue one entry for a read that showed these subjects' data (by default for
        the purpose of the person's role); the future is done once it is saved (answer
        only then)."""
        return self._log.record_list(self._viewer, view=view,
                                     purpose=purpose or purpose_of(self._viewer.role),
                                     subjects=subjects)

    def shown(self, view: str, subjects: Iterable[AccessSubject],
              purpose: str | None = None) -> None:
        """Record a read that showed these subjects' data; return once it is saved. For a
        route run in a worker thread: the read fails (and shows nothing) if it cannot be."""
        self.listed(view, subjects, purpose).result(timeout=SAVE_TIMEOUT_S)

    def viewed(self, view: str, purpose: str, *, folder_id=None, person_id=None) -> None:
        """Record the read; return once it is saved."""
        self._log.viewed(self._viewer, view=view, purpose=purpose,
                         folder_id=folder_id, person_id=person_id)

    def record(self, view: str, purpose: str, *, folder_id=None, person_id=None) -> Future:
        """Queue the read's entry; the future is done once it is saved (answer only then)."""
        return self._log.record(self._viewer, view=view, purpose=purpose,
                                folder_id=folder_id, person_id=person_id)


async def access_recorder(system: SystemDep, user: CurrentUser) -> AccessRecorder:
    return AccessRecorder(system, user)


AccessLogDep = Annotated[AccessRecorder, Depends(access_recorder)]


class PoolThreads:
    """Runs blocking work (reads of the read models; commands) in threads, at most as many
    at a time as the connection pool holds; the others wait here, in order, without a
    thread. Each holds a pooled connection while it runs, so more at once would only open
    and close overflow connections (a new PostgreSQL backend each) and queue on the same
    lock and cores. Reads and commands have a set each (`read_threads_of`,
    `api.commanding.command_threads_of`), as they use different pools."""

    def __init__(self, size: int) -> None:
        self._size = size
        # A limiter belongs to one event loop (tests run several, one per client).
        self._by_loop: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    async def run(self, call: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        limiter = self._by_loop.get(loop)
        if limiter is None:
            limiter = self._by_loop[loop] = anyio.CapacityLimiter(self._size)
        return await anyio.to_thread.run_sync(call, limiter=limiter)

    def usage(self) -> tuple[int, int]:
        """Threads running and calls waiting, over every event loop (for /metrics)."""
        in_use = waiting = 0
        for limiter in list(self._by_loop.values()):
            in_use += int(limiter.borrowed_tokens)
            waiting += limiter.statistics().tasks_waiting
        return in_use, waiting


def pool_threads_of(app, name: str, size: int | None = None) -> PoolThreads:
    """The app's set of pool threads called `name`, made on first use (`size` threads, or as
    many as the pool holds)."""
    threads = getattr(app.state, name, None)
    if threads is None:
        threads = PoolThreads(size or app.state.system.settings.postgres_pool_size)
        setattr(app.state, name, threads)
    return threads


def read_threads_of(app) -> PoolThreads:
    return pool_threads_of(app, "read_threads")


async def read_threads(request: Request) -> PoolThreads:
    return read_threads_of(request.app)


ReadThreadsDep = Annotated[PoolThreads, Depends(read_threads)]
