"""Forms of help, reasons for help and case references, as the decision makers use them."""

import pytest

from domain.help import (
    FORMS,
    REPEALED,
    CaseReference,
    FormOfHelp,
    InvalidCaseReferenceError,
    Reason,
    ReasonRequiredError,
    RepealedReasonError,
    UnknownFormError,
    UnknownReasonError,
    form_info,
    parse_reasons,
)


def test_every_form_of_help_has_its_properties():
    assert set(FORMS) == set(FormOfHelp)


@pytest.mark.parametrize(
    "form", ["social_work", "specialist_counselling", "crisis_intervention", "social_contract"]
)
def test_social_work_counselling_intervention_and_contracts_need_no_decision(form):
    assert form_info(form).needs_decision is False


def test_benefits_need_a_decision():
    assert all(
        info.needs_decision
        for form, info in FORMS.items()
        if form
        not in {"social_work", "specialist_counselling", "crisis_intervention", "social_contract"}
    )


def test_care_forms_place_a_service_order_with_the_provider():
    placing = {form for form, info in FORMS.items() if info.places_service_order}

    assert placing == {
        "care_services",
        "specialist_care_services",
        "specialist_care_services_mental",
        "day_care_home",
        "residential_care_home",
    }
    assert all(FORMS[form].kind == "care" for form in placing)


def test_permanent_forms_are_those_with_a_six_monthly_interview_update():
    permanent = {form for form, info in FORMS.items() if info.permanent}

    assert permanent == {
        "permanent_allowance",
        "care_services",
        "specialist_care_services",
        "specialist_care_services_mental",
        "day_care_home",
        "residential_care_home",
    }


def test_specialist_care_for_mental_disorders_and_disaster_allowances_are_commissioned():
    commissioned = {form for form, info in FORMS.items() if info.commissioned}

    # art. 18 ust. 1 pkt 3 and pkt 4 (art. 40 ust. 2)
    assert commissioned == {"specialist_care_services_mental", "natural_disaster_allowance"}


def test_allowances_funeral_and_clothing_are_cash():
    cash = {form for form, info in FORMS.items() if info.kind == "cash"}

    assert cash == {
        "permanent_allowance",
        "periodic_allowance",
        "purpose_allowance",
        "special_purpose_allowance",
        "natural_disaster_allowance",
        "funeral",
        "clothing",
    }


def test_an_unknown_form_is_refused():
    with pytest.raises(UnknownFormError) as raised:
        form_info("lottery_ticket")
    assert raised.value.code == "help.unknown_form"


def test_reasons_are_read_unique_and_in_the_order_of_the_act():
    assert parse_reasons(["14", " 2", "7a", "1", "2", "9"]) == (
        "1",
        "2",
        "7a",
        "9",
        "14",
    )


def test_reason_codes_are_the_points_of_art_7():
    assert [reason.value for reason in Reason] == [
        *"1234567",
        "7a",
        "8",
        "9",
        "10",
        "11",
        "12",
        "13",
        "13_alcoholism",
        "13_drugs",
        "14",
        "14_random_event",
        "14_crisis",
        "15",
    ]


def test_the_refinements_of_points_13_and_14_are_read_after_their_point():
    assert parse_reasons(["14_crisis", "13_drugs", "1"]) == ("1", "13_drugs", "14_crisis")
    assert {"10"} == REPEALED


def test_a_new_decision_needs_a_reason():
    with pytest.raises(ReasonRequiredError) as raised:
        parse_reasons([])
    assert raised.value.code == "help.reason_required"


def test_an_unknown_reason_is_refused():
    with pytest.raises(UnknownReasonError) as raised:
        parse_reasons(["1", "16"])
    assert raised.value.code == "help.unknown_reason"
    assert raised.value.params == {"reasons": ["16"]}


def test_the_repealed_reason_is_refused_for_new_decisions():
    with pytest.raises(RepealedReasonError) as raised:
        parse_reasons(["10"])
    assert raised.value.code == "help.repealed_reason"


@pytest.mark.parametrize(
    ("text", "unit", "file_class", "numbers", "year", "initials"),
    [
        ("PS-KNPS.431.6.6.2015.EZ", "PS-KNPS", "431", (6, 6), 2015, "EZ"),
        ("ZTPS1.5111.42.2026", "ZTPS1", "5111", (42,), 2026, None),
        ("MOPS.DPS.8121.3.2025.AB", "MOPS.DPS", "8121", (3,), 2025, "AB"),
        (" ztps1.5111.42.2026 ", "ZTPS1", "5111", (42,), 2026, None),
    ],
)
def test_a_case_reference_is_read_into_its_parts(text, unit, file_class, numbers, year, initials):
    reference = CaseReference.parse(text)

    assert (reference.unit, reference.file_class, reference.case_numbers) == (
        unit,
        file_class,
        numbers,
    )
    assert (reference.year, reference.initials) == (year, initials)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ZTPS1",
        "ZTPS1.51.42.2026",  # a file class has 3-4 digits
        "ZTPS1.5111.2026",  # no case number
        "ZTPS1.5111.42.1999",  # year before 2000
        "ZTPS1.5111.42.2101",
        "ZTPS1.5111.42.2026.ABCDE",  # at most 4 initials
        "5111.42.2026",  # no unit
        "ZTPS1/5111/42/2026",
    ],
)
def test_a_malformed_case_reference_is_refused(text):
    with pytest.raises(InvalidCaseReferenceError) as raised:
        CaseReference.parse(text)
    assert raised.value.code == "case_reference.invalid"
