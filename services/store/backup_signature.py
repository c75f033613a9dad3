"""The signature of a backup: an HMAC keyed from the master key, so a backup cannot be forged.

A backup's hash chain (services/store/backup.py) finds damage, but it has no secret: whoever can
edit a backup can recompute the chain, and a forged event (a user made admin, a decision
changed) would restore as if it were true. The trailer therefore also carries
HMAC-SHA256(signing key, format + record count + the chain's final hash); the final hash
covers every line before it, so the MAC covers the whole file.

Why an HMAC keyed from `TECZKA_MASTER_KEY` rather than an Ed25519 key of its own: the master
key is already the one secret kept apart from the database and its backups, and a restore
needs it anyway (it unwraps the data keys), so signing with it adds no key to keep, rotate or
lose. Whoever could forge a signature holds the master key, and with it and a keys backup
could read every person's data already. The price: a backup can be checked only where the
master key is (the installation, or its standby), not by a third party with a public key —
which is where backups are checked and restored. The signing key is derived with HKDF under
its own label, so it is never the key that wraps data keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import orjson
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.settings import Settings
from services.store.backup_errors import (
    BackupForgedError,
    BackupOtherKeyError,
    BackupUnsignedError,
    NoMasterKeyError,
)

ALGORITHM = "HMAC-SHA256"
_LABEL = b"teczka/backup-signature/v1"


class BackupSigner:
    """Signs and checks the trailer of a backup with a key derived from the master key."""

    def __init__(self, master_key: bytes) -> None:
        self._key = HKDF(algorithm=SHA256(), length=32, salt=None, info=_LABEL).derive(master_key)
        # Names the key in the file without revealing it, so a file signed elsewhere is told
        # apart from one whose content was changed.
        self.key_id = hmac.new(self._key, b"key id", hashlib.sha256).hexdigest()[:16]

    def _mac(self, fmt: str, count: int, final_hash: str) -> str:
        body = orjson.dumps({"format": fmt, "count": count, "final_hash": final_hash},
                            option=orjson.OPT_SORT_KEYS)
        return base64.b64encode(hmac.new(self._key, body, hashlib.sha256).digest()).decode()

    def sign(self, fmt: str, count: int, final_hash: str) -> dict[str, Any]:
        return {"alg": ALGORITHM, "key_id": self.key_id,
                "mac": self._mac(fmt, count, final_hash)}

    def check(self, fmt: str, count: int, final_hash: str, signature: Any) -> None:
        """Raise unless `signature` is ours over exactly this format, count and chain."""
        if not signature:
            raise BackupUnsignedError()
        if not isinstance(signature, dict) or signature.get("alg") != ALGORITHM:
            raise BackupForgedError()
        if signature.get("key_id") != self.key_id:
            raise BackupOtherKeyError(str(signature.get("key_id")), self.key_id)
        if not hmac.compare_digest(str(signature.get("mac")), self._mac(fmt, count, final_hash)):
            raise BackupForgedError()


class KeylessChecker:
    """Where no master key is: a file's hash chain can still be checked, its signature not."""

    key_id = "-"

    def check(self, fmt: str, count: int, final_hash: str, signature: Any) -> None:
        raise NoMasterKeyError()


def signer_for(settings: Settings) -> BackupSigner:
    """The signer of this installation; refuses rather than invent a master key (on SQLite
    one would otherwise be generated, and every backup would look signed by another key)."""
    if (settings.master_key is None and not settings.is_postgres
            and not (settings.data_dir / "master.key").exists()):
        raise NoMasterKeyError()
    return BackupSigner(settings.personal_data_master_key())


def checker_for(settings: Settings) -> BackupSigner | KeylessChecker:
    """What `teczka verify` checks with: this installation's signer or, without a master key,
    the chain alone (the signature is then reported as not checked)."""
    try:
        return signer_for(settings)
    except NoMasterKeyError:
        return KeylessChecker()
