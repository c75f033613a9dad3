// Social contracts (art. 108) on the tablet: the folder's contracts read from the timeline and
// the queued commands, the checks before anything is queued, and the two commands' bodies.
import { describe, expect, it } from 'vitest';
import type { ClientView } from '../src/contract';
import type { OutboxEntry } from '../src/db';
import { setLang } from '../src/i18n';
import { pendingLine, timelineLines } from '../src/roles/social_worker/timeline';
import {
  closeCommand,
  closeErrors,
  folderContracts,
  folderEntries,
  signCommand,
  signErrors,
  type SignInput,
} from '../src/socialContracts';

const TODAY = '2026-11-25';
const MEMBERS = [
  { member_id: 'm1', first_name: 'Jan', last_name: 'Nowak', relation: 'head' },
  { member_id: 'm2', first_name: 'Ewa', last_name: 'Nowak', relation: 'spouse' },
];

function folder(timeline: ClientView['timeline'] = []): ClientView {
  return {
    folder_id: 'f1', version: 7, team_id: 'ZTPS-1', worker_id: 'u1', status: 'open',
    address: { street: 'ul. Piękna', building: '1', postal_code: '50-001', city: 'Wrocław', teryt: '0264069' },
    members: MEMBERS, timeline, interview: null,
  };
}

// as the server sends them (projections/client_view.py), newest first
const SIGNED = { version: 5, kind: 'social_contract_signed', on_date: '2026-03-02', actor_id: 'u1', recorded_at: null,
  details: { contract_id: 'c1', member_id: 'm2', ends_on: '2026-12-31', goals: 'Rejestracja w PUP; terapia.' } };
const CLOSED = { version: 6, kind: 'social_contract_closed', on_date: '2026-10-01', actor_id: 'u1', recorded_at: null,
  details: { contract_id: 'c1', outcome: 'partly_achieved' } };

function entry(command: ReturnType<typeof signCommand>, seq = 1): OutboxEntry {
  return {
    command_id: command.command_id, user: 'u1', folder_id: command.folder_id, method: 'POST', path: command.path,
    body: { ...command.body, command_id: command.command_id }, created_at: '', seq, attempts: 0, next_attempt_at: 0,
    status: 'pending', last_error: null, kind: command.kind, depends_on: command.depends_on ?? null,
  };
}

const signInput = (patch: Partial<SignInput> = {}): SignInput =>
  ({ member_id: 'm2', signed_on: TODAY, ends_on: '2027-05-31', goals: 'Podjęcie pracy.', ...patch });

describe('the folder’s contracts', () => {
  it('come from the timeline: signed with whom, until when, and how they ended', () => {
    expect(folderContracts(folder([SIGNED]), [])).toMatchObject([
      { contract_id: 'c1', member_id: 'm2', signed_on: '2026-03-02', ends_on: '2026-12-31', closed_on: null, queued: false },
    ]);
    expect(folderContracts(folder([CLOSED, SIGNED]), [])).toMatchObject([
      { contract_id: 'c1', closed_on: '2026-10-01', outcome: 'partly_achieved' },
    ]);
  });

  it('include one signed on this tablet and not yet sent, and a close waiting behind it', () => {
    const sign = signCommand('f1', signInput());
    const contracts = folderContracts(folder([SIGNED]), [entry(sign)]);
    expect(contracts.map((c) => [c.contract_id, c.queued])).toEqual([['c1', false], [sign.folder_id, true]]);
    const close = closeCommand(contracts[1]!, { closed_on: TODAY, outcome: 'broken' });
    expect(close.depends_on).toBe(sign.command_id);
    expect(folderContracts(folder([SIGNED]), [entry(sign), entry(close, 2)])[1]!.closing_queued).toBe(true);
    // a sign the server refused is no contract (it waits in the timeline with its error)
    expect(folderContracts(folder(), [{ ...entry(sign), status: 'failed' }])).toEqual([]);
    expect(folderEntries([{ ...entry(sign), status: 'failed' }], folder(), 'f1')).toHaveLength(1);
    // a sign of another folder is not this folder's
    expect(folderContracts(folder(), [entry(signCommand('f2', signInput()))])).toEqual([]);
  });

  it('show their queued commands in the folder’s timeline although they are queued under the contract', () => {
    const sign = signCommand('f1', signInput());
    const close = closeCommand(folderContracts(folder([SIGNED]), [])[0]!, { closed_on: TODAY, outcome: 'achieved' });
    const other = signCommand('f2', signInput());
    const all = [entry(sign, 1), entry(close, 2), entry(other, 3)];
    expect(folderEntries(all, folder([SIGNED]), 'f1').map((e) => e.command_id)).toEqual([sign.command_id, close.command_id]);
  });
});

describe('the checks before a contract is queued', () => {
  it('needs a member of the household, a signing day not in the future, an end after it, and goals', () => {
    expect(signErrors(signInput(), MEMBERS, TODAY)).toEqual({});
    expect(signErrors(signInput({ member_id: 'x', signed_on: '2026-11-26', ends_on: '', goals: '  ' }), MEMBERS, TODAY)).toEqual({
      member_id: 'contract.err.member', signed_on: 'contract.err.signedOn', ends_on: 'contract.err.endsOn', goals: 'contract.err.goals',
    });
    expect(signErrors(signInput({ ends_on: '2026-11-24' }), MEMBERS, TODAY)).toEqual({ ends_on: 'contract.err.endsBefore' });
    // the server's limit: five years of 366 days
    expect(signErrors(signInput({ ends_on: '2031-11-29' }), MEMBERS, TODAY)).toEqual({}); // 1830 days
    expect(signErrors(signInput({ ends_on: '2031-11-30' }), MEMBERS, TODAY)).toEqual({ ends_on: 'contract.err.tooLong' });
  });

  it('closes with an outcome, not before the signing nor in the future', () => {
    const c = folderContracts(folder([SIGNED]), [])[0]!;
    expect(closeErrors({ closed_on: TODAY, outcome: '' }, c, TODAY)).toEqual({ outcome: 'contract.err.outcome' });
    expect(closeErrors({ closed_on: '2026-03-01', outcome: 'achieved' }, c, TODAY)).toEqual({ closed_on: 'contract.err.closedBefore' });
    expect(closeErrors({ closed_on: '2026-11-26', outcome: 'achieved' }, c, TODAY)).toEqual({ closed_on: 'contract.err.closedOn' });
    expect(closeErrors({ closed_on: TODAY, outcome: 'broken' }, c, TODAY)).toEqual({});
  });
});

describe('the commands', () => {
  it('sign: the folder’s route, a new contract id as the outbox key, no expected_version', () => {
    const c = signCommand('f1', signInput({ goals: '  Podjęcie pracy.  ' }));
    expect(c.path).toBe('/api/folders/f1/social-contracts');
    expect(c.folder_id).toBe(c.body.contract_id);
    expect(c.seen_version).toBeNull();
    expect(c.kind).toBe('social_contract_signed');
    expect(c.body).toMatchObject({ member_id: 'm2', signed_on: TODAY, ends_on: '2027-05-31', goals: 'Podjęcie pracy.' });
    expect(c.body).not.toHaveProperty('expected_version');
  });

  it('close: the contract’s route on its own version (1 while open)', () => {
    const c = closeCommand(folderContracts(folder([SIGNED]), [])[0]!, { closed_on: TODAY, outcome: 'achieved' });
    expect(c).toMatchObject({ path: '/api/social-contracts/c1/closure', folder_id: 'c1', seen_version: 1, depends_on: null,
      kind: 'social_contract_closed', body: { closed_on: TODAY, outcome: 'achieved' } });
  });
});

describe('the timeline’s words for them', () => {
  it('names both kinds and the outcome, in Polish and in English', () => {
    setLang('pl');
    const [closed, signed] = timelineLines([CLOSED, SIGNED], MEMBERS);
    expect(signed).toMatchObject({ title: 'Zawarcie kontraktu socjalnego', date: '2026-03-02' });
    expect(signed!.details).toEqual(['z: Ewa Nowak', 'do 31 grudnia 2026', 'Rejestracja w PUP; terapia.']);
    expect(closed).toMatchObject({ title: 'Zakończenie kontraktu socjalnego', details: ['cele osiągnięte częściowo'] });
    const pending = pendingLine(entry(closeCommand(folderContracts(folder([SIGNED]), [])[0]!, { closed_on: TODAY, outcome: 'broken' })));
    expect(pending).toMatchObject({ title: 'Zakończenie kontraktu socjalnego', date: TODAY, details: ['kontrakt niedotrzymany'] });
    setLang('en');
    const [closedEn, signedEn] = timelineLines([CLOSED, SIGNED], MEMBERS);
    expect(signedEn!.title).toBe('Social contract signed');
    expect(closedEn).toMatchObject({ title: 'Social contract closed', details: ['goals partly achieved'] });
    setLang('pl');
  });
});
