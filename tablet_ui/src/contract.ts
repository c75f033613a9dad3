// Shapes of the HTTP API (docs/api-contract.md, v1). Only what the tablet app uses.

export type Lang = 'pl' | 'en';

export type Role =
  | 'social_worker'
  | 'decision_maker'
  | 'mcus_coordinator'
  | 'caregiver'
  | 'manager'
  | 'voivodeship_analyst'
  | 'admin';

export interface User {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit: string;
}

export interface LoginResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  user: User;
}

/** The one error shape of every 4xx/5xx body. */
export interface ApiErrorBody {
  error: {
    code: string;
    message: Record<Lang, string>;
    details: Record<string, unknown>;
  };
}

export type ApiErrorInfo = ApiErrorBody['error'];

/** Answer to every command: 201, or 200 for a retry of an already applied command. */
export interface CommandAck {
  command_id: string;
  folder_id: string;
  version: number;
  position: number;
  duplicate: boolean;
}

export interface Address {
  street: string;
  building: string;
  flat?: string | null;
  postal_code: string;
  city: string;
  teryt: string;
}

export interface Member {
  member_id: string;
  first_name: string;
  last_name: string;
  pesel?: string | null;
  document?: { kind: string; number: string } | null;
  birth_date?: string | null;
  relation: string;
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
  status: string;
  address: Address;
  members: Member[];
  timeline: TimelineItem[];
  interview: {
    due_on: string | null;
    update_due_on: string | null;
    overdue: boolean;
    /** Not in the v1 contract; used when the server sends it (see README). */
    interview_id?: string | null;
    conducted_on?: string | null;
  } | null;
}

export interface CaseloadRow {
  folder_id: string;
  head_name: string;
  address_line: string;
  version: number;
  interview_due_on: string | null;
  interview_overdue: boolean;
  last_visit_on: string | null;
}

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
