"""The transcoder every read of the event store goes through: the library's JSON format,
decoded faster.

The stored bytes are the library's `JSONTranscoder` format and stay so (backups carry a hash
chain over them); only reading changes. The library parses with `json` and an object hook,
one Python call per dict, and builds each UUID through `UUID.__init__`'s string handling:
by profile most of the time a rebuild spends decoding. Here `orjson` parses, and one walk
over the parsed dicts and lists puts the typed values back (`{"_type_": name, "_data_":
data}`), innermost first as the hook does, so the result equals the library's in type and
value. Where `orjson` refuses what `json` accepts (NaN, Infinity, lone surrogates, deep
nesting) or reads an integer beyond 64 bits as a float, or the walk recurses too deep, the
record is decoded by the library itself. Encoding is the library's.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID, SafeUUID

import orjson
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Transcoding,
    UUIDAsHex,
)

from services.store.transcodings import DateAsISO, TimeAsISO

# `orjson` reads an integer outside [-2**63, 2**64) as a float (of magnitude >= 2**63)
# where `json` keeps the int: a float this large sends the record to the library's decoder.
_FLOAT_FROM_BIG_INT = float(2**63)

# Whether values of these types are all there is (checked in C): nothing inside to restore
# nor to send to the library (a float may be a big int, read by orjson as a float).
_ONLY_PLAIN = frozenset({dict, list, float}).isdisjoint

_new_object = object.__new__
_set_uuid_int = UUID.__dict__["int"].__set__
_set_uuid_is_safe = UUID.__dict__["is_safe"].__set__
_UNKNOWN = SafeUUID.unknown


def uuid_from_hex(hex: str) -> UUID:
    """Equal to `UUID(hex)` in type, value and `is_safe`, cheaper for the 32 hex digits
    `UUIDAsHex` stores (anything else goes through `UUID(hex)` itself)."""
    # Only [0-9A-Za-z], 32 of them: `UUID()` strips nothing from such a string and parses
    # it with `int(hex, 16)` as here (a letter past f fails there as here, ValueError).
    if len(hex) == 32 and hex.isascii() and hex.isalnum():
        uuid = _new_object(UUID)
        _set_uuid_int(uuid, int(hex, 16))
        _set_uuid_is_safe(uuid, _UNKNOWN)
        return uuid
    return UUID(hex)


class _NotOurs(Exception):
    """The parsed value may differ from `json`'s: decode the record with the library."""


# The library's transcodings whose `decode` of a str is this one function; a subclass or
# another transcoding under the same name is called as it is.
_STR_DECODERS: dict[type[Transcoding], Any] = {
    UUIDAsHex: uuid_from_hex,
    DatetimeAsISO: datetime.fromisoformat,
    DecimalAsStr: Decimal,
    DateAsISO: date.fromisoformat,
    TimeAsISO: time.fromisoformat,
}


class FastJSONTranscoder(JSONTranscoder):
    """The library's `JSONTranscoder` (same registry, same encoding), decoding with
    `orjson` and one walk that restores the registered types."""

    def __init__(self) -> None:
        super().__init__()
        self._str_decoders: dict[str, Any] = {}

    def register(self, transcoding: Transcoding) -> None:
        super().register(transcoding)
        self._str_decoders[transcoding.name] = _STR_DECODERS.get(
            type(transcoding), transcoding.decode)

    def decode(self, data: bytes) -> Any:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            return super().decode(data)
        try:
            return self._restored(value)
        except (_NotOurs, RecursionError):
            # RecursionError: nested deeper than this walk may go; the library's own
            # decoder then succeeds or fails as it would have anyway.
            return super().decode(data)

    def _restored(self, value: Any) -> Any:
        kind = type(value)
        if kind is dict:
            return self._restored_dict(value)
        if kind is list:
            self._restore_list(value)
        elif kind is float and abs(value) >= _FLOAT_FROM_BIG_INT:
            raise _NotOurs
        return value

    def _restored_dict(self, d: dict[str, Any]) -> Any:
        """The dict with its values restored, or the typed value it stands for."""
        str_decoders, restored_dict = self._str_decoders, self._restored_dict
        for key, item in d.items():
            kind = type(item)
            if kind is dict:
                # Most dicts are a typed value whose data is a str (UUID, datetime, date,
                # Decimal), with nothing inside to restore: decoded here, without a call.
                if len(item) == 2:
                    name = item.get("_type_")
                    data = item.get("_data_")
                    if type(data) is str and type(name) is str:
                        decoder = str_decoders.get(name)
                        if decoder is not None:
                            d[key] = decoder(data)
                            continue
                elif _ONLY_PLAIN(map(type, item.values())):
                    continue  # e.g. an event's metadata: strs, ints, None, nothing to do
                d[key] = restored_dict(item)
            elif kind is list:
                if not _ONLY_PLAIN(map(type, item)):
                    self._restore_list(item)
            elif kind is float and abs(item) >= _FLOAT_FROM_BIG_INT:
                raise _NotOurs
        # Anything shaped like a typed value (a dataclass, an unregistered name): exactly
        # as the library's object hook decides, its data already restored.
        return self._decode_obj(d) if len(d) == 2 else d

    def _restore_list(self, items: list[Any]) -> None:
        for index, item in enumerate(items):
            kind = type(item)
            if kind is dict:
                items[index] = self._restored_dict(item)
            elif kind is list:
                self._restore_list(item)
            elif kind is float and abs(item) >= _FLOAT_FROM_BIG_INT:
                raise _NotOurs
