// Every piece of text the person reads. Polish first; English as a switch that persists.
import type { Lang } from './contract';

const pl = {
  'app.title': 'Teczka',
  'lang.switch': 'English',
  'lang.switchLabel': 'Zmień język na angielski',
  'net.online': 'Połączono',
  'net.offline': 'Brak połączenia',
  'net.pending': 'do wysłania: {n}',
  'login.title': 'Logowanie',
  'login.username': 'Nazwa użytkownika',
  'login.password': 'Hasło',
  'login.submit': 'Zaloguj się',
  'login.busy': 'Logowanie…',
  'login.expired': 'Sesja wygasła. Zaloguj się ponownie — niewysłane zmiany czekają na tablecie.',
  'user.logout': 'Wyloguj',
  'user.logoutConfirm':
    'Niewysłane zmiany ({n}) zostaną usunięte z tabletu razem z danymi podopiecznych. Wylogować?',
  'role.social_worker': 'pracownik socjalny',
  'role.decision_maker': 'osoba upoważniona do wydawania decyzji',
  'role.mcus_coordinator': 'koordynator usług opiekuńczych',
  'role.caregiver': 'opiekun',
  'role.manager': 'kierownik',
  'role.voivodeship_analyst': 'analityk urzędu wojewódzkiego',
  'role.admin': 'administrator',
  'role.notYet': 'Aplikacja na tablet nie ma jeszcze ekranów dla tej roli.',
  'common.back': 'Wróć',
  'common.show': 'Pokaż',
  'common.loading': 'Wczytywanie…',
  'common.dataFrom': 'dane z {time}',
  'common.none': 'brak',
  'common.required': 'wymagane',
  'error.network': 'Brak połączenia z serwerem.',
  'error.notCached': 'Brak połączenia, a tych danych nie ma jeszcze na tablecie.',
  'caseload.title': 'Moje teczki',
  'caseload.empty': 'Nie masz przypisanych teczek.',
  'caseload.lastVisit': 'Ostatnia wizyta: {date}',
  'caseload.noVisit': 'Brak wizyt',
  'caseload.interviewDue': 'Wywiad do: {date}',
  'caseload.overdue': 'Wywiad zaległy',
  'caseload.pending': 'Oczekuje: {n}',
  'folder.address': 'Adres',
  'folder.members': 'Członkowie gospodarstwa domowego',
  'folder.worker': 'Pracownik socjalny',
  'folder.status': 'Status teczki',
  'folder.status.open': 'otwarta',
  'folder.status.closed': 'zamknięta',
  'folder.interview': 'Wywiad środowiskowy',
  'folder.interviewDue': 'Termin wywiadu: {date}',
  'folder.updateDue': 'Aktualizacja do: {date}',
  'folder.noInterviewDue': 'Brak terminu wywiadu',
  'folder.timeline': 'Historia',
  'folder.timelineEmpty': 'Brak wpisów.',
  'folder.recordVisit': 'Zapisz wizytę',
  'folder.conductInterview': 'Przeprowadź wywiad',
  'timeline.visit': 'Wizyta',
  'timeline.interview': 'Wywiad środowiskowy',
  'timeline.interview_scheduled': 'Zaplanowano wywiad',
  'timeline.interview_conducted': 'Przeprowadzono wywiad',
  'timeline.minutes': '{n} min',
  'pending.badge': 'oczekuje na wysłanie',
  'pending.conflict': 'konflikt wersji',
  'pending.failed': 'odrzucone przez serwer',
  'pending.resolve': 'Rozwiąż konflikt',
  'pending.discard': 'Usuń tę zmianę',
  'activity.home_visit': 'wizyta w miejscu zamieszkania',
  'activity.office_meeting': 'spotkanie w ośrodku',
  'activity.phone_call': 'rozmowa telefoniczna',
  'activity.institution_contact': 'kontakt z instytucją',
  'activity.other': 'inne',
  'visit.title': 'Nowa wizyta',
  'visit.date': 'Data',
  'visit.minutes': 'Czas trwania (minuty)',
  'visit.activity': 'Forma kontaktu',
  'visit.place': 'Miejsce',
  'visit.notes': 'Notatki i ustalenia',
  'visit.submit': 'Zapisz wizytę',
  'visit.err.date': 'Podaj datę wizyty — nie późniejszą niż dziś.',
  'visit.err.minutes': 'Podaj czas w minutach (od 1 do 1440).',
  'visit.err.activity': 'Wybierz formę kontaktu.',
  'interview.title': 'Wywiad środowiskowy — część I',
  'interview.date': 'Data przeprowadzenia',
  'interview.submit': 'Zapisz wywiad',
  'interview.err.date': 'Podaj datę wywiadu — nie późniejszą niż dziś.',
  'interview.err.missing': 'Uzupełnij wymagane części: {list}.',
  'interview.err.section': 'Ta część jest wymagana.',
  'section.A': 'A. Dane osoby i rodziny',
  'section.B': 'B. Sytuacja mieszkaniowa',
  'section.C': 'C. Sytuacja zawodowa',
  'section.D': 'D. Sytuacja zdrowotna',
  'section.E': 'E. Niepełnosprawność i funkcjonowanie',
  'section.F': 'F. Sytuacja materialna',
  'section.G': 'G. Inne problemy (np. przemoc, uzależnienia)',
  'section.H': 'H. Potrzeby i oczekiwania',
  'section.I': 'I. Diagnoza i wnioski pracownika socjalnego',
  'section.J': 'J. Plan pomocy',
  'saved.queued': 'Zapisano na tablecie. Zostanie wysłane, gdy będzie połączenie.',
  'conflict.title': 'Konflikt wersji',
  'conflict.explain':
    'Ktoś zmienił tę teczkę, zanim Twoja zmiana dotarła na serwer. Porównaj obie wersje i zdecyduj.',
  'conflict.mine': 'Twoja zmiana (oczekuje)',
  'conflict.theirs': 'Teczka na serwerze teraz',
  'conflict.basedOn': 'Oparta na wersji {v}',
  'conflict.serverVersion': 'Wersja {v}',
  'conflict.apply': 'Zastosuj moją zmianę na aktualnej wersji',
  'conflict.discard': 'Odrzuć moją zmianę',
  'conflict.needOnline': 'Do porównania potrzebne jest połączenie z serwerem.',
  'conflict.gone': 'Ta zmiana nie czeka już na rozstrzygnięcie.',
} as const;

export type MessageKey = keyof typeof pl;

const en: Record<MessageKey, string> = {
  'app.title': 'Teczka',
  'lang.switch': 'Polski',
  'lang.switchLabel': 'Switch the language to Polish',
  'net.online': 'Online',
  'net.offline': 'Offline',
  'net.pending': 'to send: {n}',
  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.expired': 'Your session has expired. Sign in again — unsent changes are kept on the tablet.',
  'user.logout': 'Sign out',
  'user.logoutConfirm':
    'Unsent changes ({n}) will be deleted from the tablet together with client data. Sign out?',
  'role.social_worker': 'social worker',
  'role.decision_maker': 'decision maker',
  'role.mcus_coordinator': 'care-services coordinator',
  'role.caregiver': 'caregiver',
  'role.manager': 'manager',
  'role.voivodeship_analyst': 'voivodeship analyst',
  'role.admin': 'administrator',
  'role.notYet': 'The tablet app has no screens for this role yet.',
  'common.back': 'Back',
  'common.show': 'Show',
  'common.loading': 'Loading…',
  'common.dataFrom': 'data from {time}',
  'common.none': 'none',
  'common.required': 'required',
  'error.network': 'The server could not be reached.',
  'error.notCached': 'Offline, and this data is not on the tablet yet.',
  'caseload.title': 'My case folders',
  'caseload.empty': 'No case folders are assigned to you.',
  'caseload.lastVisit': 'Last visit: {date}',
  'caseload.noVisit': 'No visits yet',
  'caseload.interviewDue': 'Interview due: {date}',
  'caseload.overdue': 'Interview overdue',
  'caseload.pending': 'Pending: {n}',
  'folder.address': 'Address',
  'folder.members': 'Household members',
  'folder.worker': 'Social worker',
  'folder.status': 'Folder status',
  'folder.status.open': 'open',
  'folder.status.closed': 'closed',
  'folder.interview': 'Environmental interview',
  'folder.interviewDue': 'Interview due: {date}',
  'folder.updateDue': 'Update due: {date}',
  'folder.noInterviewDue': 'No interview date set',
  'folder.timeline': 'Timeline',
  'folder.timelineEmpty': 'No entries yet.',
  'folder.recordVisit': 'Record a visit',
  'folder.conductInterview': 'Conduct an interview',
  'timeline.visit': 'Visit',
  'timeline.interview': 'Environmental interview',
  'timeline.interview_scheduled': 'Interview scheduled',
  'timeline.interview_conducted': 'Interview conducted',
  'timeline.minutes': '{n} min',
  'pending.badge': 'pending',
  'pending.conflict': 'version conflict',
  'pending.failed': 'rejected by the server',
  'pending.resolve': 'Resolve the conflict',
  'pending.discard': 'Delete this change',
  'activity.home_visit': 'home visit',
  'activity.office_meeting': 'meeting at the centre',
  'activity.phone_call': 'phone call',
  'activity.institution_contact': 'contact with an institution',
  'activity.other': 'other',
  'visit.title': 'New visit',
  'visit.date': 'Date',
  'visit.minutes': 'Duration (minutes)',
  'visit.activity': 'Activity',
  'visit.place': 'Place',
  'visit.notes': 'Notes and outcome',
  'visit.submit': 'Save the visit',
  'visit.err.date': 'Enter the visit date — not later than today.',
  'visit.err.minutes': 'Enter the duration in minutes (1 to 1440).',
  'visit.err.activity': 'Choose the activity.',
  'interview.title': 'Environmental interview — part I',
  'interview.date': 'Date conducted',
  'interview.submit': 'Save the interview',
  'interview.err.date': 'Enter the interview date — not later than today.',
  'interview.err.missing': 'Fill in the required sections: {list}.',
  'interview.err.section': 'This section is required.',
  'section.A': 'A. Person and family data',
  'section.B': 'B. Living conditions',
  'section.C': 'C. Occupational situation',
  'section.D': 'D. Health',
  'section.E': 'E. Disability and functioning',
  'section.F': 'F. Material situation',
  'section.G': 'G. Other problems (e.g. violence, addiction)',
  'section.H': 'H. Needs and expectations',
  'section.I': "I. Diagnosis and the worker's conclusions",
  'section.J': 'J. Plan of help',
  'saved.queued': 'Saved on the tablet. It will be sent when there is a connection.',
  'conflict.title': 'Version conflict',
  'conflict.explain':
    'Someone changed this folder before your change reached the server. Compare both and decide.',
  'conflict.mine': 'Your change (pending)',
  'conflict.theirs': 'The folder on the server now',
  'conflict.basedOn': 'Based on version {v}',
  'conflict.serverVersion': 'Version {v}',
  'conflict.apply': 'Apply my change on top',
  'conflict.discard': 'Discard mine',
  'conflict.needOnline': 'Comparing needs a connection to the server.',
  'conflict.gone': 'This change is no longer waiting for a decision.',
};

export const catalogue: Record<Lang, Record<MessageKey, string>> = { pl, en };

const STORAGE_KEY = 'teczka.lang';
const listeners = new Set<(lang: Lang) => void>();

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage blocked
  }
}

let current: Lang = storage()?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'pl';

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  current = lang;
  storage()?.setItem(STORAGE_KEY, lang);
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return (catalogue[current][key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The message in both languages, in the API's error shape (for errors made on the tablet). */
export function both(key: MessageKey): Record<Lang, string> {
  return { pl: catalogue.pl[key], en: catalogue.en[key] };
}

const LOCALES: Record<Lang, string> = { pl: 'pl-PL', en: 'en-GB' };

/** A `YYYY-MM-DD` date as the person reads it (no time-zone shift). */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return t('common.none');
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return isoDate;
  return new Date(y, m - 1, d).toLocaleDateString(LOCALES[current], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(LOCALES[current], { dateStyle: 'medium', timeStyle: 'short' });
}
