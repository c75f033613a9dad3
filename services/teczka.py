"""The Teczka application: every use case over one event log."""

from __future__ import annotations

from services.case_folders import CaseFolderUseCases
from services.users import UserUseCases


class Teczka(CaseFolderUseCases, UserUseCases):
    """Case folders and user accounts, recorded in one notification log."""

    name = "Teczka"
