// Social contracts (kontrakt socjalny, art. 108): signed by the social worker with a member of
// the household, closed with an outcome. Each contract is its own aggregate on the server, so
// its commands are queued under the contract's id (its own version, like a proceeding's): the
// close waits behind the sign of the same contract, and a folder's visits are not held by it.
import { isPastOrToday } from './commands';
import type { ClientView, Member, TimelineItem } from './contract';
import type { CommandKind, OutboxEntry } from './db';
import type { MessageKey } from './i18n';
import type { NewCommand } from './outbox';

export const OUTCOMES = ['achieved', 'partly_achieved', 'broken'] as const;
export type ContractOutcome = (typeof OUTCOMES)[number];

export const CONTRACT_KINDS: readonly CommandKind[] = ['social_contract_signed', 'social_contract_closed'];

/** The server's limit (domain/social_contract.py): a contract runs at most five years. */
export const MAX_CONTRACT_DAYS = 5 * 366;

export interface SignInput {
  member_id: string;
  signed_on: string;
  ends_on: string;
  goals: string;
}

export interface CloseInput {
  closed_on: string;
  outcome: ContractOutcome | '';
}

/** One contract of the folder, as the timeline and the queued commands tell it. */
export interface SocialContract {
  contract_id: string;
  member_id: string;
  signed_on: string | null;
  ends_on: string | null;
  goals: string;
  closed_on: string | null;
  outcome: string | null;
  /** The sign (or close) is still on the tablet. */
  queued: boolean;
  /** The queued sign's command, for a close queued right after it (discarded together). */
  sign_command_id: string | null;
  closing_queued: boolean;
}

const signPath = (folderId: string) => `/api/folders/${encodeURIComponent(folderId)}/social-contracts`;
const fields = (item: TimelineItem): Record<string, unknown> => ({ ...(item.details as object | undefined), ...item });
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** Whether a queued command is the sign of a contract of this folder (its path says so). */
const signedHere = (entry: OutboxEntry, folderId: string) =>
  entry.kind === 'social_contract_signed' && entry.path === signPath(folderId);

/**
 * The folder's contracts, oldest first: signed and closed on the server (the timeline), then
 * those signed or closed on this tablet and not yet sent.
 */
export function folderContracts(view: ClientView, entries: OutboxEntry[]): SocialContract[] {
  const byId = new Map<string, SocialContract>();
  const items = [...(view.timeline ?? [])].reverse(); // the server sends newest first
  for (const item of items) {
    const f = fields(item);
    const id = str(f.contract_id);
    if (!id) continue;
    if (f.kind === 'social_contract_signed') {
      byId.set(id, {
        contract_id: id, member_id: str(f.member_id) ?? '', signed_on: str(f.on_date), ends_on: str(f.ends_on),
        goals: str(f.goals) ?? '', closed_on: null, outcome: null, queued: false, sign_command_id: null, closing_queued: false,
      });
    } else if (f.kind === 'social_contract_closed') {
      const c = byId.get(id);
      if (c) Object.assign(c, { closed_on: str(f.on_date), outcome: str(f.outcome) });
    }
  }
  for (const entry of entries) {
    const b = entry.body as Record<string, unknown>;
    // a sign the server refused is not a contract: it waits in the timeline with its error
    if (signedHere(entry, view.folder_id) && entry.status === 'pending' && !byId.has(entry.folder_id)) {
      byId.set(entry.folder_id, {
        contract_id: entry.folder_id, member_id: str(b.member_id) ?? '', signed_on: str(b.signed_on), ends_on: str(b.ends_on),
        goals: str(b.goals) ?? '', closed_on: null, outcome: null, queued: true, sign_command_id: entry.command_id, closing_queued: false,
      });
    }
  }
  for (const entry of entries) {
    const c = entry.kind === 'social_contract_closed' ? byId.get(entry.folder_id) : undefined;
    if (c && !c.closed_on) c.closing_queued = true;
  }
  return [...byId.values()];
}

/** The folder's own queued commands and those of its contracts (queued under the contract). */
export function folderEntries(entries: OutboxEntry[], view: ClientView | undefined, folderId: string): OutboxEntry[] {
  const contracts = new Set(view ? folderContracts(view, entries).map((c) => c.contract_id) : []);
  for (const e of entries) if (signedHere(e, folderId)) contracts.add(e.folder_id);
  return entries.filter((e) => e.folder_id === folderId || (CONTRACT_KINDS.includes(e.kind) && contracts.has(e.folder_id)));
}

/** The folder a queued contract command belongs to, if the tablet can tell. */
export function folderOfSign(entry: OutboxEntry): string | null {
  const m = /^\/api\/folders\/([^/]+)\/social-contracts$/.exec(entry.path);
  return m ? decodeURIComponent(m[1]!) : null;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function signErrors(input: SignInput, members: Member[], today: string): Partial<Record<keyof SignInput, MessageKey>> {
  const e: Partial<Record<keyof SignInput, MessageKey>> = {};
  if (!members.some((m) => m.member_id === input.member_id)) e.member_id = 'contract.err.member';
  if (!isPastOrToday(input.signed_on, today)) e.signed_on = 'contract.err.signedOn';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.ends_on)) e.ends_on = 'contract.err.endsOn';
  else if (!e.signed_on && input.ends_on < input.signed_on) e.ends_on = 'contract.err.endsBefore';
  else if (!e.signed_on && input.ends_on > addDays(input.signed_on, MAX_CONTRACT_DAYS)) e.ends_on = 'contract.err.tooLong';
  if (!input.goals.trim()) e.goals = 'contract.err.goals';
  return e;
}

export function closeErrors(input: CloseInput, contract: SocialContract, today: string): Partial<Record<keyof CloseInput, MessageKey>> {
  const e: Partial<Record<keyof CloseInput, MessageKey>> = {};
  if (!isPastOrToday(input.closed_on, today)) e.closed_on = 'contract.err.closedOn';
  else if (contract.signed_on && input.closed_on < contract.signed_on) e.closed_on = 'contract.err.closedBefore';
  if (!OUTCOMES.includes(input.outcome as ContractOutcome)) e.outcome = 'contract.err.outcome';
  return e;
}

/** Signing makes the contract (a new aggregate): no expected_version, its own id as the key. */
export function signCommand(folderId: string, input: SignInput): NewCommand {
  const contractId = crypto.randomUUID();
  return {
    command_id: crypto.randomUUID(),
    folder_id: contractId,
    path: signPath(folderId),
    kind: 'social_contract_signed',
    seen_version: null,
    body: {
      occurred_at: new Date().toISOString(),
      contract_id: contractId,
      member_id: input.member_id,
      signed_on: input.signed_on,
      ends_on: input.ends_on,
      goals: input.goals.trim(),
    },
  };
}

/**
 * Closing expects the contract's version. An open contract has had one event (signed), so it is
 * version 1; the outbox raises it if the server answered a later one for this contract.
 */
export function closeCommand(contract: SocialContract, input: CloseInput): NewCommand {
  return {
    command_id: crypto.randomUUID(),
    folder_id: contract.contract_id,
    path: `/api/social-contracts/${encodeURIComponent(contract.contract_id)}/closure`,
    kind: 'social_contract_closed',
    seen_version: 1,
    depends_on: contract.sign_command_id,
    body: { occurred_at: new Date().toISOString(), closed_on: input.closed_on, outcome: input.outcome },
  };
}
