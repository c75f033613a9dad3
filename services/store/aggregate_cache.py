"""The aggregate cache each process keeps, and why it never outlives a person's erasure.

The `eventsourcing` library's repository keeps recently used aggregates decoded (LRU, bounded
by `Settings.aggregate_cache_size`) and, on each hit, reads only the events saved after the
cached version — by this process or any other — so a command never acts on a stale state
(fast-forward). A command gets a deep copy, so one that fails after changing its aggregate
leaves the cached original as it was.

A cached aggregate holds personal data in the clear, unsealed when it was read. Destroying a
person's key (crypto-shredding) must make that data unreadable in every process, not only in
the log, so each hit on an aggregate with personal fields is checked: if its folder's erasure
is among the events read since, or any of its subjects' keys is gone, the cached copy is
dropped and the aggregate read again from the log, where that person's fields now decode
redacted. Another process's erasure is seen at once on the folder (its PersonalDataErased
event) and, for a proceeding, care order or contract of that folder, as soon as the key store
re-reads the key (`personal_data.KEY_CACHE_TTL_S`, the same delay a freshly read aggregate
had before the cache).
"""

from __future__ import annotations

import contextlib
from copy import deepcopy
from dataclasses import is_dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository, project_aggregate
from eventsourcing.domain import Aggregate

from services.store.personal_data import KeyStore
from services.store.sealing import SEALED_FIELDS


def _holds_personal_data(cls: type) -> bool:
    return any(getattr(cls, event_class.__name__, None) is event_class
               for event_class in SEALED_FIELDS)


def data_subjects_of(aggregate: Any) -> tuple[UUID, ...]:
    """Whose keys unsealed what this aggregate holds: a folder names its household and
    members; a proceeding or order is its own subject; a contract also its member's."""
    subjects = getattr(aggregate, "data_subjects", None)
    if subjects is not None:
        return tuple(subjects)
    member = getattr(aggregate, "member_id", None)
    return (aggregate.id, member) if isinstance(member, UUID) else (aggregate.id,)


# Values that never change once made: a copy may share them.
_IMMUTABLE = frozenset({str, int, float, bool, bytes, type(None), UUID, date, datetime, time,
                        timedelta, Decimal})


def copy_of(value: Any) -> Any:
    """A deep copy that shares what cannot change (strings, ids, dates, frozen dataclasses of
    such values): what a command may change is copied, at a fraction of `deepcopy`'s cost
    (which rebuilds every UUID and date of a folder's visits, ~1 ms for a year's folder)."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    frozen = _FROZEN_DATACLASS.get(kind)
    if frozen is None:
        # `__dataclass_params__` is how dataclasses itself records `frozen`; typeshed's
        # DataclassInstance leaves the attribute out.
        frozen = _FROZEN_DATACLASS[kind] = (
            is_dataclass(kind) and kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
        )
    if frozen:
        fields = vars(value)
        if _IMMUTABLE.issuperset(map(type, fields.values())):
            return value  # the common case (a visit): checked without a call per field
        state = {name: copy_of(item) for name, item in fields.items()}
        if all(state[name] is item for name, item in fields.items()):
            return value
        return _with_state(kind, state)
    if isinstance(value, Enum):
        return value
    if kind is dict:
        return {key: copy_of(item) for key, item in value.items()}
    if kind is list:
        return [copy_of(item) for item in value]
    if kind is tuple:
        items = tuple(copy_of(item) for item in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if kind is set or kind is frozenset:
        return kind(copy_of(item) for item in value)
    if isinstance(value, Aggregate):
        return _with_state(kind, copy_of(vars(value)))
    return deepcopy(value)


# Whether each type met is a frozen dataclass, found once per type.
_FROZEN_DATACLASS: dict[type, bool] = {}


def _with_state(kind: type, state: dict[str, Any]) -> Any:
    made: object = object.__new__(kind)
    object.__setattr__(made, "__dict__", state)
    return made


class ErasureAwareRepository(Repository[UUID]):
    """The library's repository whose cache forgets whatever was erased, and whose commands
    get copies made under the aggregate's fast-forward lock (never half fast-forwarded)."""

    def __init__(self, *args: Any, keys: KeyStore, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = keys
        self._personal_types: dict[type, bool] = {}

    def get(self, aggregate_id: Any, *, version: int | None = None,
            projector_func: Any = project_aggregate, fastforward_skipping: bool = False,
            deepcopy_from_cache: bool = True, expected_version: int | None = None) -> Any:
        """The aggregate, brought up to date; with `expected_version` (a command's), a cached
        copy already at that version is taken as it is: should the aggregate have moved on
        in another process, the command's save is refused by the store's primary key, so
        reading the store first would only cost a round trip that mostly finds nothing."""
        if self.cache is None or version is not None or not self.fastforward:
            return super().get(aggregate_id, version=version, projector_func=projector_func,
                               fastforward_skipping=fastforward_skipping,
                               deepcopy_from_cache=deepcopy_from_cache)
        lock = self._use_fastforward_lock(aggregate_id)
        try:
            with lock:
                aggregate = self._latest(aggregate_id, projector_func, expected_version)
                if aggregate is None:
                    # Erased since it was cached: read again from the log, where that
                    # person's fields now decode redacted; not cached again (it is closed
                    # and rarely read).
                    return self._reconstruct_aggregate(aggregate_id, None, projector_func)
                if deepcopy_from_cache and self.deepcopy_from_cache:
                    return copy_of(aggregate)
                return aggregate
        finally:
            self._disuse_fastforward_lock(aggregate_id)

    def remember(self, *aggregates: Aggregate) -> None:
        """Cache aggregates a command has just saved: the store holds nothing newer of them,
        so the next command that expects these versions reads nothing first."""
        if self.cache is None or not self.fastforward:
            return
        for aggregate in aggregates:
            lock = self._use_fastforward_lock(aggregate.id)
            try:
                with lock:
                    if self._forgot_erased(aggregate.id, aggregate):
                        continue
                    try:
                        cached = self.cache.get(aggregate.id)
                    except KeyError:
                        cached = None
                    # Another thread may have saved (and remembered) a newer one meanwhile.
                    if cached is None or cached.version < aggregate.version:
                        self.cache.put(aggregate.id, aggregate)
            finally:
                self._disuse_fastforward_lock(aggregate.id)

    def _latest(self, aggregate_id: Any, projector_func: Any,
                expected_version: int | None = None) -> Any:
        """The cached aggregate brought up to date (read and cached on a miss); None if
        what it holds was erased since it was cached."""
        cache = self.cache
        assert cache is not None  # `get` comes here only with a cache
        try:
            cached = cache.get(aggregate_id)
        except KeyError:
            aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
            if not self._was_erased(aggregate):
                cache.put(aggregate_id, aggregate)
            return aggregate
        if cached.version == expected_version:
            return None if self._forgot_erased(aggregate_id, cached) else cached
        try:
            new_events = self.event_store.get(originator_id=aggregate_id, gt=cached.version)
            aggregate = projector_func(cached, new_events)
        except BaseException:
            # The store failed mid-way, or an event did not apply: the cached copy may be
            # half fast-forwarded; forget it.
            with contextlib.suppress(KeyError):
                cache.get(aggregate_id, evict=True)
            raise
        if aggregate is None:
            raise AggregateNotFoundError(aggregate_id)
        return None if self._forgot_erased(aggregate_id, aggregate) else aggregate

    def _forgot_erased(self, aggregate_id: Any, aggregate: Any) -> bool:
        """Drop a cached aggregate whose personal data was erased; whether it was."""
        if not self._was_erased(aggregate):
            return False
        assert self.cache is not None  # only a cached aggregate is asked about
        with contextlib.suppress(KeyError):
            self.cache.get(aggregate_id, evict=True)
        return True

    def _was_erased(self, aggregate: Any) -> bool:
        cls = type(aggregate)
        personal = self._personal_types.get(cls)
        if personal is None:
            personal = self._personal_types[cls] = _holds_personal_data(cls)
        if not personal:
            return False
        if getattr(aggregate, "erased_on", None) is not None:
            return True
        return self.keys.any_erased(data_subjects_of(aggregate))
