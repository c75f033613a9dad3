// Opening a folder and filing an application (issue #17 items 3 and 6): what the forms turn
// into, checked before they are queued (the server checks again), and the signature drawn on
// the screen made small enough for its request.
import { isPastOrToday } from './commands';
import type { Address, CaseloadRow, Member } from './contract';
import type { OutboxEntry } from './db';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';
import { addressText } from './roles/shared/AddressFields';

/** The server's limit for a signature image (domain/signature.py MAX_SIGNATURE_BYTES). */
export const MAX_SIGNATURE_BYTES = 100_000;

/** Who applied (art. 102 of the social assistance act); `ex_officio` sends no applicant. */
export const APPLICANTS = ['person', 'representative', 'other_with_consent', 'ex_officio'] as const;
export type Applicant = (typeof APPLICANTS)[number];

/** Identity documents the server knows (domain/identifiers.py DocumentKind). */
export const DOCUMENT_KINDS = ['id_card', 'passport', 'residence_card', 'other'] as const;

/** The forms of help an application may ask for (domain/help.py FormOfHelp). */
export const FORMS = [
  'permanent_allowance',
  'periodic_allowance',
  'purpose_allowance',
  'special_purpose_allowance',
  'social_work',
  'specialist_counselling',
  'crisis_intervention',
  'care_services',
  'specialist_care_services',
  'specialist_care_services_mental',
  'day_care_home',
  'residential_care_home',
  'meal',
  'shelter',
  'natural_disaster_allowance',
  'funeral',
  'clothing',
] as const;

export interface NewFolderInput {
  first_name: string;
  last_name: string;
  pesel: string;
  /** Without a PESEL (e.g. a foreigner) an identity document names the person. */
  document_kind: string;
  document_number: string;
  street: string;
  building: string;
  flat: string;
  postal_code: string;
  city: string;
  teryt: string;
  /** A homeless person (art. 101 ust. 2): `city` and `teryt` are then the municipality of last
   * permanent residence, `meeting_place` where the person can be met; no street or postal code. */
  no_fixed_address: boolean;
  meeting_place: string;
  /** First contact only: the team, where the address does not decide it (a homeless person's
   * has no street or postal code for the areas table: 422 team_area.not_found otherwise). */
  team_id: string;
}

/** Wrocław's municipality code: the demo city's, a default the person can change. */
export const DEFAULT_CITY = { city: 'Wrocław', teryt: '0264011' };

export function emptyFolderInput(prefill: Partial<NewFolderInput> = {}): NewFolderInput {
  return {
    first_name: '',
    last_name: '',
    pesel: '',
    document_kind: 'id_card',
    document_number: '',
    street: '',
    building: '',
    flat: '',
    postal_code: '',
    ...DEFAULT_CITY,
    no_fixed_address: false,
    meeting_place: '',
    team_id: '',
    ...prefill,
  };
}

/** `#/folders/new?pesel=…&first_name=…&last_name=…` (the search screen links there). */
export function prefillFrom(query: string): Partial<NewFolderInput> {
  const params = new URLSearchParams(query);
  const found: Partial<NewFolderInput> = {};
  for (const key of ['pesel', 'first_name', 'last_name'] as const) {
    const value = params.get(key);
    if (value) found[key] = value.slice(0, 100);
  }
  return found;
}

export type FolderErrors = Partial<Record<keyof NewFolderInput, MessageKey>>;

/** `byFirstContact`: no team of her own, so a homeless person's folder needs one named. */
export function newFolderErrors(input: NewFolderInput, byFirstContact = false): FolderErrors {
  const errors: FolderErrors = {};
  if (!input.first_name.trim()) errors.first_name = 'newFolder.err.name';
  if (!input.last_name.trim()) errors.last_name = 'newFolder.err.name';
  if (input.pesel.trim() && !/^\d{11}$/.test(input.pesel.trim())) errors.pesel = 'newFolder.err.pesel';
  if (!input.pesel.trim() && !input.document_number.trim()) errors.pesel = 'newFolder.err.identifier';
  if (input.no_fixed_address) {
    if (!input.meeting_place.trim()) errors.meeting_place = 'address.err.meetingPlace';
    if (byFirstContact && !input.team_id.trim()) errors.team_id = 'newFolder.err.team';
  } else {
    if (!input.street.trim()) errors.street = 'newFolder.err.street';
    if (!input.building.trim()) errors.building = 'newFolder.err.building';
    if (!/^\d{2}-\d{3}$/.test(input.postal_code.trim())) errors.postal_code = 'newFolder.err.postalCode';
  }
  if (!input.city.trim()) errors.city = 'newFolder.err.city';
  if (!/^\d{7}$/.test(input.teryt.trim())) errors.teryt = 'newFolder.err.teryt';
  return errors;
}

export function addressOf(input: NewFolderInput): Address {
  if (input.no_fixed_address) {
    // The API's AddressIn: no street, building, flat or postal code for a homeless person.
    return {
      street: null,
      building: null,
      postal_code: null,
      city: input.city.trim(),
      teryt: input.teryt.trim(),
      no_fixed_address: true,
      meeting_place: input.meeting_place.trim(),
    };
  }
  return {
    street: input.street.trim(),
    building: input.building.trim(),
    flat: input.flat.trim() || null,
    postal_code: input.postal_code.trim(),
    city: input.city.trim(),
    teryt: input.teryt.trim(),
  };
}

export function addressLine(address: Address): string {
  if (address.no_fixed_address) return addressText(address);
  const flat = address.flat ? `/${address.flat}` : '';
  return `${address.street} ${address.building}${flat}, ${address.postal_code} ${address.city}`;
}

/**
 * POST /api/folders: the folder's and the head's ids are made here, so later commands (an
 * application) can name them before the server has answered. A social worker names her own
 * team; first contact names none and the address decides.
 */
export function openFolderCommand(input: NewFolderInput, teamId: string | null): NewCommand {
  const folderId = crypto.randomUUID();
  const head: Member = {
    member_id: crypto.randomUUID(),
    first_name: input.first_name.trim(),
    last_name: input.last_name.trim(),
    pesel: input.pesel.trim() || null,
    document: input.pesel.trim() || !input.document_number.trim()
      ? null
      : { kind: input.document_kind, number: input.document_number.trim() },
    relation: 'head',
  };
  const body: Record<string, unknown> = {
    occurred_at: new Date().toISOString(),
    folder_id: folderId,
    address: addressOf(input),
    head,
  };
  const named = teamId ?? (input.team_id.trim() || null);
  if (named) body.team_id = named;
  return { command_id: crypto.randomUUID(), folder_id: folderId, path: '/api/folders', kind: 'folder_opened', seen_version: null, body };
}

/** The folders this person opened that the server has not taken yet, as caseload rows. */
export function waitingFolders(entries: OutboxEntry[], known: CaseloadRow[]): CaseloadRow[] {
  const have = new Set(known.map((row) => row.folder_id));
  return entries
    .filter((e) => e.kind === 'folder_opened' && !have.has(e.folder_id))
    .map((e) => {
      const head = e.body.head as Member;
      return {
        folder_id: e.folder_id,
        head_name: `${head.first_name} ${head.last_name}`,
        address_line: addressLine(e.body.address as Address),
        version: 0,
        interview_due_on: null,
        interview_overdue: false,
        last_visit_on: null,
      };
    });
}

export interface ApplicationInput {
  person_id: string;
  form: string;
  applicant: Applicant;
  on: string;
  case_reference: string;
}

export type ApplicationErrors = Partial<Record<keyof ApplicationInput | 'signature', MessageKey>>;

export function applicationErrors(input: ApplicationInput, today: string): ApplicationErrors {
  const errors: ApplicationErrors = {};
  if (!input.person_id) errors.person_id = 'apply.err.person';
  if (!(FORMS as readonly string[]).includes(input.form)) errors.form = 'apply.err.form';
  if (!isPastOrToday(input.on, today)) errors.on = 'apply.err.on';
  if (!input.case_reference.trim()) errors.case_reference = 'apply.err.caseReference';
  return errors;
}

/** POST /api/folders/{id}/proceedings, with the signature as a data URL if there is one. */
export function applicationCommand(folderId: string, input: ApplicationInput, signature: string | null): NewCommand {
  const body: Record<string, unknown> = {
    occurred_at: new Date().toISOString(),
    proceeding_id: crypto.randomUUID(),
    person_id: input.person_id,
    form: input.form,
    on: input.on,
    case_reference: input.case_reference.trim(),
  };
  if (input.applicant !== 'ex_officio') body.applicant = input.applicant;
  if (signature && input.applicant !== 'ex_officio') body.signature = signature;
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/proceedings`,
    kind: 'application_filed',
    seen_version: null,
    body,
  };
}

/** Bytes of the image a `data:…;base64,` URL holds. */
export function dataUrlBytes(dataUrl: string): number {
  const encoded = dataUrl.slice(dataUrl.indexOf(',') + 1);
  const padding = encoded.endsWith('==') ? 2 : encoded.endsWith('=') ? 1 : 0;
  return Math.floor((encoded.length * 3) / 4) - padding;
}

/** What can turn a drawing into an image at a given scale (a canvas in the browser). */
export type Exporter = (scale: number) => string;

/**
 * The signature as a PNG data URL of at most `max` bytes: full size if it fits, otherwise
 * scaled down step by step (a signature stays legible at half size); null if nothing fits.
 */
export function exportSignature(exporter: Exporter, max = MAX_SIGNATURE_BYTES): string | null {
  for (const scale of [1, 0.75, 0.5, 0.35, 0.25]) {
    const url = exporter(scale);
    if (url.startsWith('data:image/png;base64,') && dataUrlBytes(url) <= max) return url;
  }
  return null;
}

/** POST /api/folders/{id}/assignment: the team's manager gives a new arrival to a worker. */
export function assignCommand(folderId: string, version: number, workerId: string): NewCommand {
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/assignment`,
    kind: 'folder_assigned',
    seen_version: version,
    body: { occurred_at: new Date().toISOString(), worker_id: workerId },
  };
}
