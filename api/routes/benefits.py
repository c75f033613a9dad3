"""The decision maker's calculator: a proceeding's household income against the criterion
(any form: her case screen shows it) and, for a cash form, the amount the law allows, with its
working (services/proceedings/benefits.py)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from api.deps import AccessLogDep, CaseReader, SystemDep
from api.errors import ApiError
from api.routes.views import After, may_read_folder
from api.schemas.benefits import BenefitCalculationOut
from api.subjects import folders_in, persons_in
from domain.access import ViewKind
from domain.benefits import CALCULATED_FORMS, IncomeAboveCriterionError, IncomeMissingError
from domain.proceeding import Proceeding
from services.proceedings.procedure import ProceedingNotFoundError

router = APIRouter(prefix="/api", tags=["proceedings"])


@router.get("/proceedings/{proceeding_id}/benefit-calculation")
def benefit_calculation(
    proceeding_id: UUID, user: CaseReader, system: SystemDep, access: AccessLogDep,
    after: After = None,
) -> BenefitCalculationOut:
    """The household's income per person against the criterion (art. 8), and the amount a
    cash benefit may have (art. 37–41): bounds or the computed amount and its working;
    recorded in the access log first."""
    row = system.read_models.proceeding(proceeding_id, after)
    if row is None or not may_read_folder(user, system, row["folder_id"]):
        raise ApiError(404, "proceeding.not_found", id=str(proceeding_id))
    proceeding = system.app.load(Proceeding, proceeding_id, ProceedingNotFoundError,
                                 read_only=True)
    answer = BenefitCalculationOut(proceeding_id=proceeding_id, person_id=proceeding.person_id,
                                   form=proceeding.form,
                                   applies=proceeding.form in CALCULATED_FORMS)
    try:
        answer = answer.with_income(system.app.household_income_of(proceeding))
        calculation = system.app.benefit_calculation(proceeding)
    except IncomeMissingError as error:
        answer = answer.income_missing(error.code, error.params.get("members", []))
    except IncomeAboveCriterionError as error:
        answer = answer.refused(error.code)
    else:
        if calculation is not None:
            answer = answer.with_calculation(calculation)
    access.shown(ViewKind.PROCEEDING, [*folders_in([row]), *persons_in([row])])
    return answer
