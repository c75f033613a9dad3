"""The Teczka application: every use case over one event log."""

from __future__ import annotations

from services.care_orders import CareOrderUseCases
from services.case_folders import CaseFolderUseCases
from services.fee_parameters import FeeParameterUseCases
from services.proceedings import ProceedingUseCases
from services.retention import RetentionUseCases
from services.sessions import SessionUseCases
from services.social_contracts import SocialContractUseCases
from services.statistical_returns import StatisticalReturnUseCases
from services.users import UserUseCases


class Teczka(
    CaseFolderUseCases,
    ProceedingUseCases,
    CareOrderUseCases,
    FeeParameterUseCases,
    RetentionUseCases,
    SocialContractUseCases,
    StatisticalReturnUseCases,
    SessionUseCases,
    UserUseCases,
):
    """Case folders, proceedings, care orders, user accounts and their sessions, recorded in
    one notification log."""

    name = "Teczka"
