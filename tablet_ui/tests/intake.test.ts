import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../src/db';
import {
  applicationCommand,
  applicationErrors,
  assignCommand,
  dataUrlBytes,
  emptyFolderInput,
  exportSignature,
  MAX_SIGNATURE_BYTES,
  newFolderErrors,
  openFolderCommand,
  prefillFrom,
  waitingFolders,
  type ApplicationInput,
} from '../src/intake';
import { catalogue } from './support/catalogue';
import { href, parseRoute } from '../src/ui/router';

const filled = emptyFolderInput({
  first_name: ' Halina ',
  last_name: 'Kowalczyk',
  pesel: '',
  document_number: 'ABC123456',
  street: 'Legnicka',
  building: '12',
  flat: '3',
  postal_code: '54-203',
});

const entry = (command: ReturnType<typeof openFolderCommand>): OutboxEntry => ({
  command_id: command.command_id,
  user: 'u',
  folder_id: command.folder_id,
  method: 'POST',
  path: command.path,
  body: { ...command.body, command_id: command.command_id },
  created_at: '',
  seq: 1,
  attempts: 0,
  next_attempt_at: 0,
  status: 'pending',
  last_error: null,
  kind: command.kind,
});

describe('opening a folder on the tablet', () => {
  it('takes the search screen’s prefill from the address', () => {
    const route = parseRoute('#/folders/new?pesel=85010112345&first_name=Jan&last_name=Ko%C5%82odziej');
    expect(route).toEqual({ name: 'newFolder', query: 'pesel=85010112345&first_name=Jan&last_name=Ko%C5%82odziej' });
    const input = emptyFolderInput(prefillFrom(route.name === 'newFolder' ? route.query : ''));
    expect(input).toMatchObject({ pesel: '85010112345', first_name: 'Jan', last_name: 'Kołodziej', city: 'Wrocław' });
    expect(href.newFolder()).toBe('#/folders/new');
  });

  it('says what is missing before anything is queued', () => {
    expect(newFolderErrors(emptyFolderInput())).toMatchObject({
      first_name: 'newFolder.err.name',
      street: 'newFolder.err.street',
      postal_code: 'newFolder.err.postalCode',
    });
    expect(newFolderErrors({ ...filled, pesel: '123' })).toEqual({ pesel: 'newFolder.err.pesel' });
    // the server wants a PESEL or an identity document (member.no_identifier)
    expect(newFolderErrors({ ...filled, document_number: ' ' })).toEqual({ pesel: 'newFolder.err.identifier' });
    expect(newFolderErrors(filled)).toEqual({});
  });

  it('opens a homeless person’s folder: the municipality and where to meet, no street', () => {
    const homeless = { ...filled, street: '', building: '', postal_code: '', no_fixed_address: true, meeting_place: ' Noclegownia ' };
    expect(newFolderErrors({ ...homeless, meeting_place: '' })).toEqual({ meeting_place: 'address.err.meetingPlace' });
    expect(newFolderErrors(homeless)).toEqual({});
    expect(openFolderCommand(homeless, null).body.address).toEqual({ street: null, building: null, postal_code: null,
      city: 'Wrocław', teryt: '0264011', no_fixed_address: true, meeting_place: 'Noclegownia' });
    expect(waitingFolders([entry(openFolderCommand(homeless, 'ZTPS-1'))], [])[0]!.address_line).toBe('Bez stałego adresu · Noclegownia (Wrocław)');
  });

  it('names the worker’s team, or none for first contact (the address decides)', () => {
    const mine = openFolderCommand(filled, 'ZTPS-1');
    expect(mine).toMatchObject({ path: '/api/folders', kind: 'folder_opened', seen_version: null });
    expect(mine.body).toMatchObject({
      folder_id: mine.folder_id,
      team_id: 'ZTPS-1',
      address: { street: 'Legnicka', building: '12', flat: '3', postal_code: '54-203', city: 'Wrocław', teryt: '0264011' },
      head: { first_name: 'Halina', last_name: 'Kowalczyk', pesel: null, document: { kind: 'id_card', number: 'ABC123456' }, relation: 'head' },
    });
    expect('team_id' in openFolderCommand(filled, null).body).toBe(false);
  });

  it('shows a folder opened here in the caseload until the server lists it', () => {
    const command = openFolderCommand(filled, 'ZTPS-1');
    const rows = waitingFolders([entry(command)], []);
    expect(rows).toEqual([expect.objectContaining({ folder_id: command.folder_id, head_name: 'Halina Kowalczyk', address_line: 'Legnicka 12/3, 54-203 Wrocław' })]);
    const listed = { ...rows[0]!, version: 1 };
    expect(waitingFolders([entry(command)], [listed])).toEqual([]);
  });
});

describe('an application', () => {
  const input: ApplicationInput = { person_id: 'p-1', form: 'purpose_allowance', applicant: 'person', on: '2026-03-02', case_reference: ' ZTPS1.5111.42.2026 ' };

  it('is checked: a person, a form, no future date, a case reference', () => {
    expect(applicationErrors(input, '2026-03-02')).toEqual({});
    expect(applicationErrors({ ...input, person_id: '', form: 'nonsense', on: '2026-03-03', case_reference: ' ' }, '2026-03-02')).toEqual({
      person_id: 'apply.err.person',
      form: 'apply.err.form',
      on: 'apply.err.on',
      case_reference: 'apply.err.caseReference',
    });
  });

  it('carries who applied and the signature; ex officio has neither', () => {
    const signed = applicationCommand('f-1', input, 'data:image/png;base64,iVBORw0KGgo=');
    expect(signed).toMatchObject({ path: '/api/folders/f-1/proceedings', kind: 'application_filed', seen_version: null, folder_id: 'f-1' });
    expect(signed.body).toMatchObject({ person_id: 'p-1', form: 'purpose_allowance', applicant: 'person', on: '2026-03-02', case_reference: 'ZTPS1.5111.42.2026', signature: 'data:image/png;base64,iVBORw0KGgo=' });
    const exOfficio = applicationCommand('f-1', { ...input, applicant: 'ex_officio' }, 'data:image/png;base64,iVBORw0KGgo=');
    expect('applicant' in exOfficio.body || 'signature' in exOfficio.body).toBe(false);
    expect(parseRoute(href.application('f-1', 'p-1'))).toEqual({ name: 'application', folderId: 'f-1', person: 'p-1', form: null });
    // a pick of the catalogue's proposals opens it with its form (issue #20)
    expect(parseRoute(href.application('f-1', 'p-1', 'care_services'))).toEqual(
      { name: 'application', folderId: 'f-1', person: 'p-1', form: 'care_services' });
  });

  it('sends a signature of at most 100 kB, scaled down if it is larger', () => {
    const ofBytes = (n: number) => `data:image/png;base64,${'A'.repeat(Math.ceil(n / 3) * 4)}`;
    expect(dataUrlBytes(ofBytes(3000))).toBe(3000);
    const scales: number[] = [];
    const image = exportSignature((scale) => {
      scales.push(scale);
      return ofBytes(Math.round(180_000 * scale * scale));
    });
    expect(scales).toEqual([1, 0.75, 0.5]);
    expect(dataUrlBytes(image!)).toBeLessThanOrEqual(MAX_SIGNATURE_BYTES);
    expect(exportSignature(() => ofBytes(MAX_SIGNATURE_BYTES + 3))).toBeNull();
    expect(exportSignature(() => 'data:image/jpeg;base64,AAAA')).toBeNull();
  });
});

describe('the manager assigns a new arrival', () => {
  it('expects the version the list showed', () => {
    expect(assignCommand('f-9', 2, 'w-1')).toMatchObject({ path: '/api/folders/f-9/assignment', kind: 'folder_assigned', seen_version: 2, body: { worker_id: 'w-1' } });
  });
});

describe('the timeline', () => {
  it('names the signature entry in both languages', () => {
    expect(catalogue.pl['timeline.kind.application_signed']).toBe('Podpis wnioskodawcy na ekranie');
    expect(catalogue.en['timeline.kind.application_signed']).toBe("Applicant's signature on the screen");
  });
});
