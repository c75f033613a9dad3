"""Messages of the household as dated facts, homeless people, interviews made for their
proceeding and field time (issue #17): Polish first, English second."""

from __future__ import annotations

HOUSEHOLD_MESSAGES: dict[str, tuple[str, str]] = {
    # the household as dated facts
    "date.in_future": ("Data jest późniejsza niż dzisiaj: podaj dzień, w którym to się stało.", "The date is later than today: give the day it happened."),
    "case_folder.member_not_in_household": ("Ta osoba nie należy już do gospodarstwa (odeszła lub zmarła).", "This person is no longer in the household (left or died)."),
    "case_folder.member_date_before_joined": ("Data jest wcześniejsza niż dzień, w którym osoba dołączyła do gospodarstwa.", "The date is before the person joined the household."),
    "case_folder.head_must_be_replaced": ("Głowa gospodarstwa może odejść tylko ze wskazaniem nowej głowy spośród pozostałych osób.", "The head of the household can leave only with a new head named from the remaining members."),
    "case_folder.invalid_new_head": ("Nową głową może być tylko inna osoba, która pozostaje w gospodarstwie.", "The new head must be another person who stays in the household."),
    "case_folder.member_still_in_household": ("Ta osoba nadal należy do gospodarstwa: nie ma daty odejścia do poprawienia.", "This person is still in the household: there is no leaving date to correct."),
    "case_folder.leave_reason_required": ("Podaj powód odejścia z gospodarstwa.", "Give the reason for leaving the household."),
    "case_folder.joined_before_birth": ("Data dołączenia jest wcześniejsza niż data urodzenia.", "The joining date is before the birth date."),
    # homeless people (art. 101 ust. 2)
    "address.meeting_place_required": ("Dla osoby bez stałego adresu podaj miejsce, w którym można ją spotkać.", "For a person with no fixed address, give a place where the person can be met."),
    "address.no_fixed_address_has_no_street": ("Osoba bez stałego adresu nie ma ulicy, numeru ani kodu pocztowego: podaj gminę ostatniego stałego pobytu i miejsce spotkań.", "A person with no fixed address has no street, number or postal code: give the municipality of last permanent residence and the meeting place."),
    # the interview's statement and asset declaration (art. 107 ust. 5b)
    "interview.invalid_part": ("Oświadczenie osoby lub oświadczenie o stanie majątkowym jest puste, za długie (do 5000 znaków) albo ma datę sprzed wywiadu lub późniejszą niż dzisiaj.", "The person's statement or the asset declaration is empty, too long (up to 5,000 characters) or dated before the interview or after today."),
    # interviews made for their proceeding (art. 106 ust. 4, art. 107)
    "decision.interview_for_proceeding_required": ("Decyzję w tym postępowaniu poprzedza wywiad środowiskowy lub jego aktualizacja przeprowadzone dla tego wniosku (art. 106 ust. 4): wcześniejszy wywiad nie wystarcza.", "A decision in this proceeding needs an environmental interview or update made for this application (art. 106(4)): an earlier interview does not count."),
    "decision.interview_refusal_only_refuses": ("Odmowa przeprowadzenia wywiadu (art. 107 ust. 4a) może być podstawą tylko decyzji odmownej.", "The person's refusal of the interview (art. 107(4a)) can ground only a refusal."),
}
