"""Polish and English labels of the MRPiPS-03 return's sections, rows and columns."""

from __future__ import annotations

FORMS: dict[str, tuple[str, str]] = {
    "permanent_allowance": ("Zasiłek stały", "Permanent allowance"),
    "periodic_allowance": ("Zasiłek okresowy", "Periodic allowance"),
    "purpose_allowance": ("Zasiłek celowy", "Purpose allowance"),
    "special_purpose_allowance": ("Specjalny zasiłek celowy", "Special purpose allowance"),
    "care_services": ("Usługi opiekuńcze", "Care services"),
    "specialist_care_services": ("Specjalistyczne usługi opiekuńcze",
                                 "Specialist care services"),
    "specialist_care_services_mental": (
        "Specjalistyczne usługi opiekuńcze dla osób z zaburzeniami psychicznymi",
        "Specialist care services for people with mental disorders"),
    "day_care_home": ("Dzienny dom pomocy", "Day-care home"),
    "residential_care_home": ("Dom pomocy społecznej", "Residential care home"),
    "meal": ("Posiłek", "Meal"),
    "shelter": ("Schronienie", "Shelter"),
    "natural_disaster_allowance": (
        "Zasiłek celowy w związku z klęską żywiołową lub ekologiczną",
        "Purpose allowance for natural or ecological disaster losses"),
    "funeral": ("Sprawienie pogrzebu", "Funeral"),
    "clothing": ("Niezbędne ubranie", "Necessary clothing"),
    # layout "2026" (domain/mrpips03_rows.py)
    "permanent_allowance_single": ("w tym: zasiłek stały dla osoby samotnie gospodarującej",
        "of which: permanent allowance for a single person"),
    "permanent_allowance_in_family": ("w tym: zasiłek stały dla osoby w rodzinie",
        "of which: permanent allowance for a person in a family"),
    "periodic_allowance_unemployment": ("w tym: zasiłek okresowy z powodu bezrobocia",
        "of which: periodic allowance because of unemployment"),
    "periodic_allowance_disability": ("w tym: zasiłek okresowy z powodu niepełnosprawności",
        "of which: periodic allowance because of disability"),
    "periodic_allowance_illness": ("w tym: zasiłek okresowy z powodu długotrwałej choroby",
        "of which: periodic allowance because of long-term illness"),
    "periodic_allowance_other": ("w tym: zasiłek okresowy z innego powodu",
        "of which: periodic allowance for another reason"),
    "purpose_allowance_random_event": ("w tym: zasiłek celowy w związku ze zdarzeniem losowym",
        "of which: purpose allowance for a random event"),
    "purpose_allowance_health_care": ("w tym: zasiłek celowy na wydatki na świadczenia zdrowotne",
        "of which: purpose allowance for health-care expenses"),
    "health_contributions": (
        "Składki na ubezpieczenie zdrowotne za osoby pobierające zasiłek stały",
        "Health-insurance contributions for permanent-allowance recipients"),
    "cash_total": ("Świadczenia pieniężne ogółem",
        "Cash benefits, total"),
    "non_cash_total": ("Świadczenia niepieniężne ogółem",
        "Non-cash benefits, total"),
}

REASONS: dict[str, tuple[str, str]] = {
    "1": ("Ubóstwo", "Poverty"),
    "2": ("Sieroctwo", "Orphanhood"),
    "3": ("Bezdomność", "Homelessness"),
    "4": ("Bezrobocie", "Unemployment"),
    "5": ("Niepełnosprawność", "Disability"),
    "6": ("Długotrwała lub ciężka choroba", "Long-term or serious illness"),
    "7": ("Przemoc domowa", "Domestic violence"),
    "7a": ("Ochrona ofiar handlu ludźmi", "Protection of victims of human trafficking"),
    "8": ("Ochrona macierzyństwa lub wielodzietności",
          "Protection of motherhood or large families"),
    "9": ("Bezradność w sprawach opiekuńczo-wychowawczych i prowadzenia gospodarstwa domowego",
          "Helplessness in care and upbringing and running a household"),
    "10": ("(uchylony)", "(repealed)"),
    "11": ("Trudności w integracji cudzoziemców", "Integration difficulties of foreigners"),
    "12": ("Trudności po opuszczeniu zakładu karnego", "Difficulties after release from prison"),
    "13": ("Alkoholizm lub narkomania", "Alcoholism or drug addiction"),
    "13_alcoholism": ("w tym: alkoholizm",
        "of which: alcoholism"),
    "13_drugs": ("w tym: narkomania",
        "of which: drug addiction"),
    "14": ("Zdarzenie losowe i sytuacja kryzysowa", "Random event or crisis"),
    "14_random_event": ("w tym: zdarzenie losowe",
        "of which: random event"),
    "14_crisis": ("w tym: sytuacja kryzysowa",
        "of which: crisis situation"),
    "15": ("Klęska żywiołowa lub ekologiczna", "Natural or ecological disaster"),
}

TASKS: dict[str, tuple[str, str]] = {
    "commissioned": ("zadania zlecone", "commissioned tasks"),
    "own": ("zadania własne", "own tasks"),
}

SECTIONS: dict[str, tuple[str, str]] = {
    "benefits": ("Dział 1. Świadczenia przyznane decyzją",
                 "Section 1. Benefits granted by decision"),
    "reasons": ("Dział 2. Powody przyznania pomocy", "Section 2. Reasons for help"),
    "social_work": ("Dział 3. Praca socjalna", "Section 3. Social work"),
    "social_contracts": ("Dział 4. Kontrakty socjalne", "Section 4. Social contracts"),
    "family_types": ("Dział 5. Typy rodzin objętych pomocą", "Section 5. Types of families helped"),
}

FAMILY_TYPES: dict[str, tuple[str, str]] = {
    "all": ("Rodziny ogółem",
        "Families, total"),
    "persons_1": ("o liczbie osób: 1",
        "of 1 person"),
    "persons_2": ("o liczbie osób: 2",
        "of 2 persons"),
    "persons_3": ("o liczbie osób: 3",
        "of 3 persons"),
    "persons_4": ("o liczbie osób: 4",
        "of 4 persons"),
    "persons_5": ("o liczbie osób: 5",
        "of 5 persons"),
    "persons_6_plus": ("o liczbie osób: 6 i więcej",
        "of 6 or more persons"),
    "with_children": ("Rodziny z dziećmi ogółem",
        "Families with children, total"),
    "children_1": ("o liczbie dzieci: 1",
        "with 1 child"),
    "children_2": ("o liczbie dzieci: 2",
        "with 2 children"),
    "children_3": ("o liczbie dzieci: 3",
        "with 3 children"),
    "children_4_plus": ("o liczbie dzieci: 4 i więcej",
        "with 4 or more children"),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "form": ("Forma pomocy", "Form of help"),
    "task": ("Rodzaj zadania", "Task"),
    "reason": ("Powód", "Reason"),
    "persons": ("Liczba osób", "Persons"),
    "benefits": ("Liczba świadczeń", "Benefits"),
    "amount": ("Kwota świadczeń w zł", "Amount (PLN)"),
    "families": ("Liczba rodzin", "Families"),
    "family_persons": ("Liczba osób w rodzinach", "Persons in families"),
    "rural_families": ("w tym na wsi: rodziny", "of which rural: families"),
    "rural_family_persons": ("w tym na wsi: osoby w rodzinach",
                             "of which rural: persons in families"),
    "contracts": ("Liczba kontraktów", "Contracts"),
    "total": ("Ogółem", "Total"),
}

HEADER: dict[str, tuple[str, str]] = {
    "title": ("Sprawozdanie MRPiPS-03", "Return MRPiPS-03"),
    "period": ("Okres", "Period"),
    "H1": ("I półrocze", "first half-year"),
    "Y": ("rok", "year"),
    "as_of": ("Stan danych na", "Data as of"),
    "position": ("Pozycja w dzienniku zdarzeń", "Event log position"),
    "content_hash": ("Skrót SHA-256 danych", "SHA-256 of the figures"),
    "status": ("Status", "Status"),
    "layout": ("Układ formularza", "Form layout"),
    "type": ("Typ rodziny", "Family type"),
    "submitted": ("złożone", "submitted"),
    "draft": ("wersja robocza (niezłożona)", "draft (not submitted)"),
    "chart_persons": ("Osoby, którym przyznano świadczenie decyzją",
                      "Persons granted a benefit by decision"),
    "chart_amount": ("Kwota świadczeń (zł)", "Amount of benefits (PLN)"),
    "chart_reasons": ("Rodziny według powodów", "Families by reason"),
}


def both(pair: tuple[str, str]) -> str:
    """Polish first, English second, as every export shows a label."""
    return f"{pair[0]} / {pair[1]}"
