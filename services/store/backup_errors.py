"""Why a backup is refused: damage (its hash chain), forgery (its signature), or the target."""

from __future__ import annotations

from services.errors import ServiceError


class BackupError(ServiceError):
    """A backup cannot be read or restored."""

    code = "backup.invalid"


class BackupCorruptError(BackupError):
    code = "backup.corrupt"

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(line=line, reason=reason)
        self.line = line
        self.reason = reason

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class KeysMissingError(BackupError):
    code = "backup.keys_missing"

    def __str__(self) -> str:
        return ("the keys table is empty: restore the keys first (`teczka restore-keys` or "
                "`--keys`), or pass --without-keys to build projections with redacted data")


class StoreNotEmptyError(BackupError):
    code = "backup.store_not_empty"

    def __str__(self) -> str:
        return "the target store is not empty; restore only into an empty database"


class BackupSignatureError(BackupError):
    """The file's hash chain is intact, but it is not a backup this installation signed."""

    code = "backup.signature_invalid"


class BackupUnsignedError(BackupSignatureError):
    code = "backup.unsigned"

    def __str__(self) -> str:
        return ("UNSIGNED: the file has no signature (written before backups were signed, or "
                "the signature was removed); it cannot be told apart from a forged one. Take a "
                "new backup with `teczka backup` / `teczka backup-keys` (docs/reliability.md)")


class BackupForgedError(BackupSignatureError):
    code = "backup.forged"

    def __str__(self) -> str:
        return ("FORGED: the hash chain is intact but the signature does not match: the file "
                "was changed and its chain recomputed by someone without the master key")


class BackupOtherKeyError(BackupSignatureError):
    code = "backup.other_key"

    def __init__(self, stated: str, ours: str) -> None:
        super().__init__(stated=stated, ours=ours)
        self.stated, self.ours = stated, ours

    def __str__(self) -> str:
        return (f"SIGNED BY ANOTHER KEY: the file names signing key {self.stated}, this "
                f"installation's is {self.ours}: check it where its TECZKA_MASTER_KEY is set "
                "(or it was forged)")


class NoMasterKeyError(BackupSignatureError):
    code = "backup.no_master_key"

    def __str__(self) -> str:
        return ("SIGNATURE NOT CHECKED: no TECZKA_MASTER_KEY here (the hash chain, checked up "
                "to here, is whole); a backup's signature can be made and checked only with "
                "the master key of the installation that wrote it")


