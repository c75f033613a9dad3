// Shapes of the HTTP API (docs/api-contract.md, v1). Only what the tablet app uses.
//
// The server's shapes come from src/api-types.ts, generated from its OpenAPI document
// (npm run api-types): a type below that names `Schemas[...]` is the server's own, so `tsc`
// fails when the app reads a field the server does not send. What is still written here by
// hand is listed in docs/api-contract.md ("The tablet's types").
import type { components } from './api-types';

export type Schemas = components['schemas'];

export type Lang = 'pl' | 'en';

export type Role =
  | 'social_worker'
  | 'first_contact'
  | 'decision_maker'
  | 'mcus_coordinator'
  | 'caregiver'
  | 'manager'
  | 'voivodeship_analyst'
  | 'mops_management'
  | 'admin';

export type User = Schemas['UserOut'];

/** What signing in and `POST /api/auth/refresh` answer (the refresh token is spent once). */
export type LoginResponse = Schemas['TokenOut'];

/** The one error shape of every 4xx/5xx body. */
export type ApiErrorBody = Schemas['ErrorOut'];

export type ApiErrorInfo = ApiErrorBody['error'];

/** Answer to every command: 201, or 200 for a retry of an already applied command. */
export type CommandAck = Schemas['CommandOut'];

export interface Address {
  /** null for a person with no fixed address */
  street: string | null;
  building: string | null;
  flat?: string | null;
  postal_code: string | null;
  /** for a person with no fixed address: the municipality of last permanent residence */
  city: string;
  teryt: string;
  /** a homeless person (art. 101 ust. 2 of the social assistance act) */
  no_fixed_address?: boolean;
  /** where the person can be met */
  meeting_place?: string | null;
}

export interface Member {
  member_id: string;
  first_name: string;
  last_name: string;
  pesel?: string | null;
  document?: { kind: string; number: string } | null;
  birth_date?: string | null;
  relation: string;
  /** effective dates the worker stated: joined, left or died */
  joined_on?: string | null;
  left_on?: string | null;
  end_kind?: 'left' | 'died' | null;
  end_reason?: string | null;
}

/**
 * One timeline entry. The contract does not fix its fields yet, so the app reads them
 * defensively (see roles/social_worker/timeline.ts).
 */
export type TimelineItem = Record<string, unknown>;

export interface ClientView {
  folder_id: string;
  version: number;
  team_id: string;
  worker_id: string | null;
  /** The social worker's name (the staff directory's), shown instead of the id. */
  worker_name?: string | null;
  status: string;
  address: Address;
  members: Member[];
  timeline: TimelineItem[];
  interview: {
    due_on: string | null;
    update_due_on: string | null;
    overdue: boolean;
    /** The scheduled interview that is due: the one "conduct an interview" conducts. */
    due_interview_id?: string | null;
    /** Not in the v1 contract; used when the server sends it (see README). */
    interview_id?: string | null;
    conducted_on?: string | null;
  } | null;
  /** Caregivers' observations of the last 14 days (a count). */
  alerts?: number;
  /** members today, by their effective dates */
  household_size?: number;
  observations?: Observation[];
  proceedings?: Proceeding[];
  orders?: OrderSummary[];
  /** Environmental interviews, with their sections (I: conclusions, J: plan of help). */
  interviews?: InterviewRecord[];
}

export interface InterviewRecord {
  interview_id: string;
  due_on: string | null;
  conducted_on: string | null;
  last_update_on?: string | null;
  sections: Record<string, string>;
}

/** A caseload row (`GET /api/caseload`); first contact's app makes the same from its
 * registrations, so only the fields it shows. */
export type CaseloadRow = Pick<
  Schemas['FolderSummaryOut'],
  'folder_id' | 'head_name' | 'address_line' | 'version' | 'interview_due_on' | 'interview_overdue' | 'last_visit_on'
> &
  Partial<Pick<Schemas['FolderSummaryOut'], 'alerts'>>;

export const ACTIVITIES = [
  'home_visit',
  'office_meeting',
  'phone_call',
  'institution_contact',
  'other',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

export const SECTIONS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J'] as const;
export type SectionKey = (typeof SECTIONS)[number];
/** Regulation of 8 Apr 2021 (Dz.U. 2021 poz. 893): A, H, I and J are mandatory. */
export const REQUIRED_SECTIONS: readonly SectionKey[] = ['A', 'H', 'I', 'J'];

// --- proceedings, service orders, caregivers, audit (contract: "Proceedings and decisions",
// "The provider (MCUS) and caregivers", "Audit") ---

export interface Proceeding {
  proceeding_id: string;
  version: number;
  person_id: string;
  form: string;
  case_reference: string;
  applicant: string | null;
  opened_on: string;
  status: string;
  decision_id: string | null;
  outcome: string | null;
  issued_on: string | null;
  delivered_on: string | null;
  final_on: string | null;
  /** art. 7 points the decision gives (null before a decision). */
  reasons?: string[] | null;
  /** How many times the decision was amended. */
  amendments?: number;
  /** Set once an appeal was filed; it stays after the SKO upheld the decision. */
  appeal_filed_on?: string | null;
  revoked_on?: string | null;
  /** The folder whose client view shows the household, interview and earlier decisions. */
  folder_id?: string;
  /** The party's name (the pending and decided lists and one proceeding's read). */
  client_name?: string | null;
  // The KPA term (KPA art. 35-36), while the proceeding waits for a decision.
  complicated?: boolean;
  suspended_on?: string | null;
  delayed_to?: string | null;
  decision_due_on?: string | null;
  /** Days to the term, or to a delay notice's new date if later; none while suspended. */
  days_left?: number | null;
  overdue?: boolean;
}

export interface CareTerms {
  tasks: string[];
  hours_per_day: string;
  hours_per_week: string;
  weekdays: number[];
  period_from: string;
  period_to: string;
  place: string;
  provider_id?: string;
  hourly_cost: string;
  fee_share_percent: string;
}

export interface ScheduleSlot {
  weekday: number;
  start: string;
  minutes: number;
}

/** A service order. The server documents its terms and schedule only as objects (OrderOut:
 * `terms: dict`, `schedule: list[dict]`), so those two are typed here by hand. */
export type Order = Omit<Schemas['OrderOut'], 'terms' | 'schedule'> & {
  terms: CareTerms;
  schedule: ScheduleSlot[];
};

/** One change in the client's folder the provider should know of (issue #20). */
export type FolderChange = Schemas['FolderChangeOut'];
/** `GET /api/handoff/capacity`: demand against capacity per service and district. */
export type Demand = Schemas['DemandOut'];

/** `GET /api/caregivers`: the coordinator's own provider's active caregivers. */
export type Caregiver = Schemas['CaregiverOut'];

export interface MonthVisit {
  visit_id: string;
  caregiver_id: string;
  started_at: string;
  ended_at: string | null;
  minutes: number | null;
  tasks_done: string[] | null;
  flags: string[] | null;
}

export type MonthReport = Schemas['MonthOut'];

/** A visit of her day; `finished_visits` is absent from servers older than it. */
export type CaregiverVisit = Omit<Schemas['CaregiverVisitOut'], 'finished_visits'> & {
  finished_visits?: FinishedVisit[];
};

export type FinishedVisit = Schemas['FinishedVisitOut'];

export type Observation = Schemas['ObservationOut'];

/** An order as the client view lists it (its terms typed by hand, as in `Order`). */
export type OrderSummary = Omit<Schemas['OrderSummaryOut'], 'terms'> & { terms: Partial<CareTerms> };

export type WorkerActivity = Schemas['WorkerActivityOut'];

export type TeamActivity = Schemas['TeamActivityOut'];
export type TeamWorkload = Schemas['TeamWorkloadOut'];
export type UnitFigures = Schemas['UnitFiguresOut'];
export type TeamFigures = Schemas['TeamFiguresOut'];
export type DistrictFigures = Schemas['DistrictFiguresOut'];
export type WorkerFolder = Schemas['FolderSummaryOut'];

export type AccessEntry = Schemas['AccessEntryOut'];
export type AccessLine = Schemas['AccessLineOut'];
export type AccessReport = Schemas['AccessReportOut'];
export type PersonHit = Schemas['PersonHitOut'];

/** Care tasks a decision may order (domain/care.py CARE_TASKS). */
export const CARE_TASKS = [
  'personal_hygiene',
  'meals',
  'shopping',
  'cleaning',
  'medication',
  'mobility',
  'errands',
  'companionship',
  'specialist_therapy',
  'other',
] as const;

/** Reasons for help, art. 7 of the Act (point numbers; 10 is repealed). */
export const REASONS = ['1', '2', '3', '4', '5', '6', '7', '7a', '8', '9', '11', '12', '13', '13_alcoholism', '13_drugs', '14', '14_random_event', '14_crisis', '15'] as const;

/** Forms whose granting decision places a service order (the care terms are needed). */
export const CARE_FORMS = [
  'care_services',
  'specialist_care_services',
  'specialist_care_services_mental',
  'day_care_home',
  'residential_care_home',
] as const;

/** Forms whose granting decision pays money (its amount, period and instalments are needed). */
export const CASH_FORMS = [
  'permanent_allowance',
  'periodic_allowance',
  'purpose_allowance',
  'special_purpose_allowance',
  'natural_disaster_allowance',
  'funeral',
  'clothing',
] as const;

/** Forms whose granting decision counts days (or meals) at a unit cost (art. 48a–48b). */
export const DAYS_FORMS = ['meal', 'shelter'] as const;

export const OBSERVATION_KINDS = [
  'health_worsening',
  'no_food',
  'fall',
  'hygiene',
  'behaviour_change',
  'housing_problem',
  'other',
] as const;

// --- statistical returns (MRPiPS-03), manager only: docs/returns.md ---

export type ReturnPart = 'H1' | 'Y';

/** One form and task of section 1 (money is a string with two decimals, "1500.00"). */
export interface BenefitCell {
  persons: number;
  benefits: number;
  amount: string;
  families: number;
  family_persons: number;
}

/** Families (and persons in them) with the rural split: sections 2 and 3. */
export interface FamiliesBlock {
  families: number;
  family_persons: number;
  rural_families: number;
  rural_family_persons: number;
}

export interface ReturnFigures {
  benefits: Record<string, { commissioned: BenefitCell; own: BenefitCell }> & {
    total: { persons: number; families: number; family_persons: number };
  };
  reasons: Record<string, FamiliesBlock>;
  social_work: FamiliesBlock;
  social_contracts: { contracts: number; persons: number; families: number };
  /** Layout "2026" only: families helped by number of persons and of children. */
  family_types?: Record<string, { families: number; family_persons: number }>;
}

export interface ReturnFiguresOut {
  year: number;
  part: ReturnPart;
  figures: ReturnFigures;
  content_hash: string;
  position: number;
  as_of: string;
  /** The rows the figures were counted in: "2026", or "2025" for a return compiled before. */
  layout?: string;
  /** The form's consistency rules these figures break (empty: all hold; docs/returns.md). */
  checks?: RuleFailure[];
}

export type ReturnRule =
  | 'family_persons_at_least_families'
  | 'family_persons_at_least_persons'
  | 'persons_at_least_families'
  | 'total_at_least_row'
  | 'rural_within_row'
  | 'subrow_within_row'
  | 'parts_add_up';

export interface RuleFailure {
  rule: ReturnRule;
  /** The row's dotted path, e.g. benefits.periodic_allowance.own */
  row: string;
  figures: Record<string, number | string>;
  /** Whether particular families cause it (GET …/checks/folders names them). */
  has_folders: boolean;
}

/** GET /api/returns/{year}/{part}/checks/folders?rule=&row= (a logged read) */
export interface CheckFoldersOut {
  rule: ReturnRule;
  row: string;
  as_of: string | null;
  folders: { folder_id: string; team_id: string; head_name: string; address_line: string }[];
}

export interface FigureDifference {
  path: string;
  before: unknown;
  after: unknown;
}

/** GET /api/returns/{year}/{part} */
export interface ReturnView {
  return_id: string | null;
  version: number | null;
  live: ReturnFiguresOut;
  draft: ReturnFiguresOut | null;
  submitted: ReturnFiguresOut | null;
  submitted_revision: number | null;
  submitted_on: string | null;
  differences_since_submission: FigureDifference[];
}

/** GET /api/returns/{year}/{part}/difference?from=&to= : the figures that changed between two
 * recorded times (`before`/`after` echo the two times). */
export interface ReturnDifference {
  before: string;
  after: string;
  differences: FigureDifference[];
}

/** GET /api/returns/{year}/{part}/verification */
export interface ReturnVerification {
  equal: boolean;
  submitted_hash: string;
  recounted_hash: string;
  position: number;
  as_of: string;
  events_read: number;
  seconds: number;
  differences: FigureDifference[];
}

/** `GET /api/providers`: the provider directory (api/routes/providers.py). */
export interface ProviderEntry {
  provider_id: string;
  version: number;
  name: string;
  address: string;
  /** Forms of help it offers. */
  services: string[];
  /** Places or clients: shown, not enforced. */
  capacity: number | null;
  active: boolean;
}

/** Forms a provider may offer (domain/provider.py OFFERABLE_FORMS: every form but cash). */
export const OFFERABLE_FORMS = [
  'social_work',
  'specialist_counselling',
  'crisis_intervention',
  'care_services',
  'specialist_care_services',
  'specialist_care_services_mental',
  'day_care_home',
  'residential_care_home',
  'social_contract',
  'meal',
  'shelter',
] as const;

/** A hit of the city-wide search (GET /api/persons/city): `person` only for her own team. */
export interface CityHit {
  team_id: string;
  folder_id: string;
  own_team: boolean;
  folder_open: boolean;
  /** `pesel`: the PESEL matched; `details`: name, birth date or address did. */
  match: 'pesel' | 'details';
  /** The person has no PESEL: matched by details only. */
  warning: boolean;
  person: {
    member_id: string;
    first_name: string;
    last_name: string;
    pesel: string | null;
    birth_date: string | null;
    address: string;
  } | null;
}

export interface CitySearch {
  pesel?: string;
  name?: string;
  birth_date?: string;
  address?: string;
}
