"""The Teczka application: every use case over one event log."""

from __future__ import annotations

from services.case_folders import CaseFolderUseCases
from services.retention import RetentionUseCases
from services.users import UserUseCases


class Teczka(CaseFolderUseCases, RetentionUseCases, UserUseCases):
    """Case folders and user accounts, recorded in one notification log."""

    name = "Teczka"
