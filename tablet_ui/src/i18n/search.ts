// The social worker's city-wide person search and the duplicate found at sync
// (roles/social_worker/SearchScreen.tsx, DuplicateConflict.tsx).
// Polish first; every key also in English (the type of `en` makes sure of it).
export const pl = {
  'search.open': 'Szukaj osoby',
  'search.title': 'Szukaj osoby w całym mieście',
  'search.explain':
    'Zanim założysz teczkę, sprawdź, czy osoba nie ma już teczki. Każde wyszukiwanie jest zapisywane w rejestrze dostępu (cel: sprawdzenie duplikatu).',
  'search.pesel': 'PESEL',
  'search.name': 'Imię i nazwisko',
  'search.birthDate': 'Data urodzenia',
  'search.address': 'Adres',
  'search.submit': 'Szukaj',
  'search.needCriteria': 'Podaj PESEL, imię i nazwisko, datę urodzenia lub adres.',
  'search.needOnline': 'Wyszukiwanie w całym mieście wymaga połączenia z serwerem.',
  'search.results': 'Wyniki',
  'search.none': 'Nie znaleziono.',
  'search.newFolder': 'Załóż nową teczkę',
  'search.otherTeam': 'Ma teczkę w zespole {team} (nr {ref})',
  'search.otherTeamHint': 'Nie zakładaj drugiej teczki: poproś o przekazanie teczki albo zakończenie członkostwa w tamtym gospodarstwie.',
  'search.closed': 'teczka zamknięta',
  'search.noPesel': 'Bez numeru PESEL: dopasowano po danych osobowych — sprawdź, czy to ta sama osoba.',
  'search.born': 'ur. {date}',
  'duplicate.title': 'Osoba ma już otwartą teczkę',
  'duplicate.explain':
    'Twoja zmiana zapisana na tablecie dotyczy osoby, która ma już otwartą teczkę w zespole {team} (nr {ref}). Nic nie zostało utracone: zmiana czeka na tablecie.',
  'duplicate.wayOut':
    'Poproś o przekazanie tamtej teczki albo zakończenie członkostwa w tamtym gospodarstwie (gdy zespoły są różne — za zgodą kierownika), a potem wyślij zmianę ponownie. Możesz też ją odrzucić.',
  'duplicate.sendAgain': 'Wyślij ponownie',
  'duplicate.openFolder': 'Założenie teczki',
  'duplicate.addMember': 'Dodanie członka gospodarstwa',
} as const;

export const en: Record<keyof typeof pl, string> = {
  'search.open': 'Find a person',
  'search.title': 'Find a person across the city',
  'search.explain':
    'Before you open a folder, check that the person has none. Every search is recorded in the access log (purpose: duplicate check).',
  'search.pesel': 'PESEL',
  'search.name': 'Name',
  'search.birthDate': 'Date of birth',
  'search.address': 'Address',
  'search.submit': 'Search',
  'search.needCriteria': 'Give a PESEL, a name, a date of birth or an address.',
  'search.needOnline': 'Searching the whole city needs a connection to the server.',
  'search.results': 'Results',
  'search.none': 'Not found.',
  'search.newFolder': 'Open a new folder',
  'search.otherTeam': 'Has a folder in team {team} (no. {ref})',
  'search.otherTeamHint': 'Do not open a second folder: ask for the folder to be transferred or for the membership in that household to end.',
  'search.closed': 'folder closed',
  'search.noPesel': 'No PESEL: matched by personal details — check it is the same person.',
  'search.born': 'born {date}',
  'duplicate.title': 'The person already has an open folder',
  'duplicate.explain':
    'Your change saved on the tablet concerns a person who already has an open folder in team {team} (no. {ref}). Nothing is lost: the change waits on the tablet.',
  'duplicate.wayOut':
    'Ask for that folder to be transferred or for the membership in that household to end (where the teams differ, with a manager’s approval), then send the change again. You can also discard it.',
  'duplicate.sendAgain': 'Send again',
  'duplicate.openFolder': 'Opening a folder',
  'duplicate.addMember': 'Adding a household member',
};
