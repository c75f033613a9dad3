// What the social worker's forms turn into: contract command bodies, checked before they are
// queued (the server checks again; this is so the person hears about it while still at the client).
import {
  ACTIVITIES,
  REQUIRED_SECTIONS,
  SECTIONS,
  type Activity,
  type ClientView,
  type SectionKey,
} from './contract';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';

export interface VisitInput {
  visited_on: string;
  minutes: string;
  activity: Activity;
  place: string;
  notes: string;
}

export interface InterviewInput {
  conducted_on: string;
  sections: Partial<Record<SectionKey, string>>;
  /** the person's statement and the asset declaration (art. 107 ust. 5b), when made */
  parts?: InterviewPartsInput;
}

export interface InterviewPartsInput {
  statement: string;
  refused_to_sign: boolean;
  real_estate: string;
  movable_property: string;
  savings: string;
  other: string;
}

export const ASSET_FIELDS = ['real_estate', 'movable_property', 'savings', 'other'] as const;

/** The statement and the asset declaration as the API takes them, dated the interview's day;
 * a part left empty is not sent. */
export function interviewParts(input: InterviewInput): Record<string, unknown> {
  const parts = input.parts;
  if (!parts) return {};
  const found: Record<string, unknown> = {};
  if (parts.statement.trim()) {
    found.statement = { text: parts.statement.trim(), signed_on: input.conducted_on, refused_to_sign: parts.refused_to_sign };
  }
  if (ASSET_FIELDS.some((f) => parts[f].trim())) {
    found.assets = {
      ...Object.fromEntries(ASSET_FIELDS.map((f) => [f, parts[f].trim()])),
      declared_on: input.conducted_on,
    };
  }
  return found;
}

/** Today on the tablet's own calendar (not UTC: a visit at 00:30 belongs to that day). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function isPastOrToday(date: string, today: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && date <= today;
}

export function visitErrors(input: VisitInput, today: string): Partial<Record<keyof VisitInput, MessageKey>> {
  const errors: Partial<Record<keyof VisitInput, MessageKey>> = {};
  if (!isPastOrToday(input.visited_on, today)) errors.visited_on = 'visit.err.date';
  const minutes = Number(input.minutes);
  if (!/^\d+$/.test(input.minutes.trim()) || minutes < 1 || minutes > 1440) {
    errors.minutes = 'visit.err.minutes';
  }
  if (!ACTIVITIES.includes(input.activity)) errors.activity = 'visit.err.activity';
  return errors;
}

/** Sections A, H, I and J must be filled in before an interview counts as conducted. */
export function missingSections(sections: InterviewInput['sections']): SectionKey[] {
  return REQUIRED_SECTIONS.filter((key) => !sections[key]?.trim());
}

export function visitCommand(folderId: string, seenVersion: number, input: VisitInput): NewCommand {
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/visits`,
    kind: 'visit_recorded',
    seen_version: seenVersion,
    body: {
      occurred_at: new Date().toISOString(),
      visit: {
        visit_id: crypto.randomUUID(),
        visited_on: input.visited_on,
        minutes: Number(input.minutes),
        activity: input.activity,
        place: input.place.trim(),
        notes: input.notes.trim(),
      },
    },
  };
}

/**
 * Conducting an interview needs the interview's id in the path: the due one the client view
 * names (`interview.due_interview_id`); when none is scheduled, the tablet schedules one first
 * and conducts it right after (two chained commands).
 */
export function interviewCommands(
  folderId: string,
  seenVersion: number,
  interview: ClientView['interview'],
  input: InterviewInput,
): NewCommand[] {
  const base = `/api/folders/${encodeURIComponent(folderId)}/interviews`;
  const occurred_at = new Date().toISOString();
  const commands: NewCommand[] = [];
  // The interview that is due (the client view names it) is the one conducted: scheduling
  // another would leave the overdue one open and its badge red.
  let interviewId =
    interview?.due_interview_id ??
    (interview?.interview_id && !interview.conducted_on ? interview.interview_id : null);
  if (!interviewId) {
    interviewId = crypto.randomUUID();
    commands.push({
      command_id: crypto.randomUUID(),
      folder_id: folderId,
      path: base,
      kind: 'interview_scheduled',
      seen_version: seenVersion,
      body: { occurred_at, interview_id: interviewId, trigger_date: input.conducted_on, urgent: false },
    });
  }
  const sections: Partial<Record<SectionKey, string>> = {};
  for (const key of SECTIONS) {
    const text = input.sections[key]?.trim();
    if (text) sections[key] = text;
  }
  commands.push({
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `${base}/${encodeURIComponent(interviewId)}/conducted`,
    kind: 'interview_conducted',
    seen_version: seenVersion,
    depends_on: commands[0]?.command_id ?? null,
    body: { occurred_at, conducted_on: input.conducted_on, sections, ...interviewParts(input) },
  });
  return commands;
}

/** A change of the household: a member leaves, dies, or another member becomes the head. */
export type MemberChange = 'leaves' | 'died' | 'head';

export interface MemberChangeInput {
  change: MemberChange;
  /** the effective date: when it happened (not after today) */
  on: string;
  reason: string;
  /** the new head, when the head leaves or dies, or for 'head' */
  new_head_id: string;
  previous_head_relation: string;
}

export function memberChangeErrors(
  input: MemberChangeInput,
  today: string,
  memberIsHead: boolean,
): Partial<Record<keyof MemberChangeInput, MessageKey>> {
  const errors: Partial<Record<keyof MemberChangeInput, MessageKey>> = {};
  if (!isPastOrToday(input.on, today)) errors.on = 'household.err.date';
  if (input.change === 'leaves' && !input.reason.trim()) errors.reason = 'household.err.reason';
  if ((memberIsHead || input.change === 'head') && !input.new_head_id) errors.new_head_id = 'household.err.newHead';
  return errors;
}

export function memberChangeCommand(
  folderId: string,
  seenVersion: number,
  memberId: string,
  input: MemberChangeInput,
): NewCommand {
  const base = `/api/folders/${encodeURIComponent(folderId)}`;
  const head = input.new_head_id
    ? { new_head_id: input.new_head_id, previous_head_relation: input.previous_head_relation || 'other_relative' }
    : {};
  const common = { command_id: crypto.randomUUID(), folder_id: folderId, seen_version: seenVersion };
  const occurred_at = new Date().toISOString();
  if (input.change === 'leaves') {
    return {
      ...common,
      path: `${base}/members/${encodeURIComponent(memberId)}/departure`,
      kind: 'member_left',
      body: { occurred_at, left_on: input.on, reason: input.reason.trim(), ...head },
    };
  }
  if (input.change === 'died') {
    return {
      ...common,
      path: `${base}/members/${encodeURIComponent(memberId)}/death`,
      kind: 'member_died',
      body: { occurred_at, died_on: input.on, ...head },
    };
  }
  return {
    ...common,
    path: `${base}/head`,
    kind: 'head_changed',
    body: {
      occurred_at,
      new_head_id: memberId,
      changed_on: input.on,
      previous_head_relation: input.previous_head_relation || 'other_relative',
    },
  };
}

/**
 * Correcting a member's membership dates (a date typed wrongly): the day they joined and, for
 * one who left or died, that day. Only what differs from what is recorded is sent (the server
 * answers 409 case_folder.nothing_to_correct otherwise).
 */
export interface MembershipCorrectionInput {
  joined_on: string;
  ended_on: string;
}

export function membershipCorrectionErrors(
  input: MembershipCorrectionInput,
  recorded: { joined_on?: string | null; left_on?: string | null },
  today: string,
): Partial<Record<keyof MembershipCorrectionInput | 'form', MessageKey>> {
  const errors: Partial<Record<keyof MembershipCorrectionInput | 'form', MessageKey>> = {};
  if (input.joined_on && !isPastOrToday(input.joined_on, today)) errors.joined_on = 'household.err.date';
  if (recorded.left_on && input.ended_on && !isPastOrToday(input.ended_on, today)) errors.ended_on = 'household.err.date';
  const joined = input.joined_on || recorded.joined_on;
  const ended = recorded.left_on ? input.ended_on || recorded.left_on : null;
  if (!errors.ended_on && joined && ended && ended < joined) errors.ended_on = 'household.err.endedBeforeJoined';
  const changed = (input.joined_on && input.joined_on !== recorded.joined_on) ||
    (recorded.left_on && input.ended_on && input.ended_on !== recorded.left_on);
  if (!changed && Object.keys(errors).length === 0) errors.form = 'household.err.nothingToCorrect';
  return errors;
}

export function membershipCorrectionCommand(
  folderId: string,
  seenVersion: number,
  memberId: string,
  input: MembershipCorrectionInput,
  recorded: { joined_on?: string | null; left_on?: string | null },
): NewCommand {
  const body: Record<string, unknown> = { occurred_at: new Date().toISOString() };
  if (input.joined_on && input.joined_on !== recorded.joined_on) body.joined_on = input.joined_on;
  if (recorded.left_on && input.ended_on && input.ended_on !== recorded.left_on) body.ended_on = input.ended_on;
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/members/${encodeURIComponent(memberId)}/membership-corrections`,
    kind: 'membership_corrected',
    seen_version: seenVersion,
    body,
  };
}

/** A person joins the household on the day the worker states (not after today). */
export interface NewMemberInput {
  first_name: string;
  last_name: string;
  pesel: string;
  document_kind: string;
  document_number: string;
  birth_date: string;
  relation: string;
  joined_on: string;
}

export function newMemberErrors(input: NewMemberInput, today: string): Partial<Record<keyof NewMemberInput, MessageKey>> {
  const errors: Partial<Record<keyof NewMemberInput, MessageKey>> = {};
  if (!input.first_name.trim()) errors.first_name = 'newFolder.err.name';
  if (!input.last_name.trim()) errors.last_name = 'newFolder.err.name';
  if (input.pesel.trim() && !/^\d{11}$/.test(input.pesel.trim())) errors.pesel = 'newFolder.err.pesel';
  if (!input.pesel.trim() && !input.document_number.trim()) errors.pesel = 'newFolder.err.identifier';
  if (input.birth_date && !isPastOrToday(input.birth_date, today)) errors.birth_date = 'household.err.date';
  if (!input.relation) errors.relation = 'household.err.relation';
  if (!isPastOrToday(input.joined_on, today)) errors.joined_on = 'household.err.date';
  return errors;
}

/** POST /api/folders/{id}/members: the member's id is made here, like the folder's. */
export function newMemberCommand(folderId: string, seenVersion: number | null, input: NewMemberInput): NewCommand {
  const pesel = input.pesel.trim();
  const member: Record<string, unknown> = {
    member_id: crypto.randomUUID(),
    first_name: input.first_name.trim(),
    last_name: input.last_name.trim(),
    pesel: pesel || null,
    document: pesel || !input.document_number.trim()
      ? null
      : { kind: input.document_kind, number: input.document_number.trim() },
    relation: input.relation,
  };
  if (input.birth_date) member.birth_date = input.birth_date;
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/members`,
    kind: 'member_added',
    seen_version: seenVersion,
    body: { occurred_at: new Date().toISOString(), member, joined_on: input.joined_on },
  };
}
