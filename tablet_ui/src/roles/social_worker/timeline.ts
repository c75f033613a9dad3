// Turning timeline items and pending commands into lines the social worker reads.
// The v1 contract does not fix the fields of a timeline item, so they are read defensively:
// the kind from `type`/`kind`/`event`, the date from the first date-like field present.
import { maskIban } from '../../bankAccount';
import type { Activity, Member, SectionKey, TimelineItem } from '../../contract';
import type { OutboxEntry } from '../../db';
import type { DocumentRef } from '../../documents';
import { formatDuration } from '../../format';
import { formatDate, hasMessage, label, t, type MessageKey } from '../../i18n';

export interface TimelineLine {
  key: string;
  title: string;
  date: string | null;
  details: string[];
  /** A document issued (a decision's or a notice's PDF), to download. */
  document?: DocumentRef;
}

/** The document a `document_issued` entry names, if it names one whole (its `details`: the
 * entry's own `kind` is the timeline's, the document's kind is in there). */
function documentOf(type: string, item: TimelineItem): DocumentRef | undefined {
  const details = item.details;
  if (!details || typeof details !== 'object' || Array.isArray(details)) return undefined;
  const fields = details as Record<string, unknown>;
  const proceedingId = text(fields.proceeding_id);
  const documentId = text(fields.document_id);
  const kind = text(fields.kind);
  if (type !== 'document_issued' || !proceedingId || !documentId || !kind) return undefined;
  return { proceedingId, documentId, kind };
}

// `on_date` is the server's: the day the fact happened (a visit's day, a decision's date).
const DATE_FIELDS = ['on_date', 'occurred_on', 'visited_on', 'conducted_on', 'updated_on', 'trigger_date', 'date', 'occurred_at', 'recorded_at', 'at'];

function flatten(item: TimelineItem): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const nested of ['details', 'payload', 'data', 'visit', 'interview']) {
    const value = item[nested];
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(out, value);
  }
  return Object.assign(out, item);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value : null;
}

function titleFor(type: string): string {
  const known = `timeline.kind.${type}`;
  if (type && hasMessage(known)) return t(known);
  const lower = type.toLowerCase();
  if (lower.includes('visit')) return t('timeline.visit');
  if (lower.includes('interview') && lower.includes('conduct')) return t('timeline.interview_conducted');
  if (lower.includes('interview') && lower.includes('schedul')) return t('timeline.interview_scheduled');
  if (lower.includes('interview')) return t('timeline.interview');
  return type;
}

/** Activity, duration, place and notes of a visit, as far as they are known. */
function visitDetails(fields: Record<string, unknown>): string[] {
  const details: string[] = [];
  const activity = text(fields.activity);
  if (activity) details.push(t(`activity.${activity as Activity}` as MessageKey));
  if (typeof fields.minutes === 'number') details.push(formatDuration(fields.minutes));
  for (const field of ['place', 'notes', 'note', 'reason', 'summary', 'description', 'health_notes', 'access_notes']) {
    const value = text(fields[field]);
    if (value) details.push(value);
  }
  return details;
}

/** A social contract: with whom, until when, its goals; or how it ended. */
function contractDetails(type: string, fields: Record<string, unknown>, members: Member[]): string[] {
  if (type === 'social_contract_closed') {
    const outcome = text(fields.outcome);
    return outcome ? [label('contract.outcome.', outcome)] : [];
  }
  const details: string[] = [];
  const member = members.find((m) => m.member_id === fields.member_id);
  if (member) details.push(t('contract.with', { name: `${member.first_name} ${member.last_name}` }));
  const ends = text(fields.ends_on);
  if (ends) details.push(t('contract.until', { date: formatDate(ends) }));
  const goals = text(fields.goals);
  if (goals) details.push(goals);
  return details;
}

const CONTRACT_TYPES = ['social_contract_signed', 'social_contract_closed'];

/** A recorded bank account: whose, and only its last four digits (or: paid in cash). */
function accountDetails(fields: Record<string, unknown>, members: Member[]): string[] {
  const member = members.find((m) => m.member_id === fields.member_id);
  const account = text(fields.account);
  return [
    ...(member ? [`${member.first_name} ${member.last_name}`] : []),
    account ? t('account.masked', { account }) : t('account.cash'),
  ];
}

/**
 * The interview's section letters ("Sekcje: A, H, I, J"): the server's timeline names them as a
 * list, a queued command holds them as an object of texts (only those filled in count).
 */
export function sectionList(sections: unknown): string[] {
  if (!sections || typeof sections !== 'object') return [];
  const keys = Array.isArray(sections)
    ? sections.filter((k): k is string => typeof k === 'string' && k.trim() !== '')
    : Object.keys(sections).filter((k) => text((sections as Record<string, unknown>)[k]));
  return keys.length ? [t('timeline.sections', { list: [...keys].sort().join(', ') })] : [];
}

/** Whom a folder was assigned to: the worker's name (the server's `worker_name`), never the id. */
function workerName(fields: Record<string, unknown>): string[] {
  const name = text(fields.worker_name);
  return name ? [t('timeline.worker', { name })] : [];
}

/** The server's timeline, newest first (`members` name the person of a social contract). */
export function timelineLines(items: TimelineItem[], members: Member[] = []): TimelineLine[] {
  const lines = items.map((item, index) => {
    const fields = flatten(item);
    const type = text(fields.type) ?? text(fields.kind) ?? text(fields.event) ?? '';
    const date = DATE_FIELDS.map((f) => text(fields[f])).find((v) => v !== null) ?? null;
    const document = documentOf(type, item);
    const line: TimelineLine = {
      key: text(fields.id) ?? text(fields.event_id) ?? `${index}`,
      title: titleFor(type),
      date,
      details: document
        ? [label('document.kind.', document.kind)]
        : CONTRACT_TYPES.includes(type)
          ? contractDetails(type, fields, members)
          : type === 'bank_account_recorded'
            ? accountDetails(fields, members)
            : type === 'services_proposed'
              ? [t('proposals.timelineChosen', { chosen: (fields.chosen as string[] | undefined ?? []).join(', '), version: String(fields.catalogue_version ?? '') })]
            : [...visitDetails(fields), ...sectionList(fields.sections), ...workerName(fields)],
    };
    if (document) line.document = document;
    return line;
  });
  // The server sends the timeline newest first, in the order things were recorded.
  return lines;
}

/** A command waiting in the outbox, described like the timeline line it will become. */
export function pendingLine(entry: OutboxEntry, members: Member[] = []): TimelineLine {
  const body = entry.body as Record<string, unknown>;
  const visit = (body.visit ?? {}) as Record<string, unknown>;
  switch (entry.kind) {
    case 'visit_recorded':
      return { key: entry.command_id, title: t('timeline.visit'), date: text(visit.visited_on), details: visitDetails(visit) };
    case 'interview_scheduled':
      return { key: entry.command_id, title: t('timeline.interview_scheduled'), date: text(body.trigger_date), details: [] };
    case 'interview_conducted':
      return {
        key: entry.command_id,
        title: t('timeline.interview_conducted'),
        date: text(body.conducted_on),
        details: sectionList(body.sections as Partial<Record<SectionKey, string>>),
      };
    case 'social_contract_signed':
    case 'social_contract_closed':
      return {
        key: entry.command_id,
        title: t(`timeline.kind.${entry.kind}`),
        date: text(body.signed_on) ?? text(body.closed_on),
        details: contractDetails(entry.kind, body, members),
      };
    case 'member_left':
    case 'member_died':
    case 'head_changed':
      return {
        key: entry.command_id,
        title: t(`timeline.kind.${entry.kind}`),
        date: text(body.left_on) ?? text(body.died_on) ?? text(body.changed_on),
        details: text(body.reason) ? [text(body.reason)!] : [],
      };
    case 'bank_account_recorded':
      return {
        key: entry.command_id,
        title: t('timeline.kind.bank_account_recorded'),
        date: null,
        details: accountDetails({ member_id: body.member_id, account: text(body.iban) ? maskIban(text(body.iban)!) : null }, members),
      };
    default:
      // commands of the other roles (not shown in a folder's timeline)
      return { key: entry.command_id, title: t(`kind.${entry.kind}`), date: null, details: [] };
  }
}

export function lineDate(line: TimelineLine): string {
  return line.date ? formatDate(line.date) : '';
}
