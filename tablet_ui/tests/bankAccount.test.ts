// The bank account form's checks (issue #18): an IBAN is accepted only with its mod-97
// checksum right, as the server checks it; empty means cash; shown masked.
import { describe, expect, it } from 'vitest';
import { bankAccountCommand, bankAccountErrors, maskIban, validIban } from '../src/bankAccount';

describe('the IBAN check', () => {
  it('accepts right numbers with or without spaces and in lower case', () => {
    expect(validIban('PL61109010140000071219812874')).toBe(true);
    expect(validIban('pl61 1090 1014 0000 0712 1981 2874')).toBe(true);
    expect(validIban('DE89370400440532013000')).toBe(true);
  });

  it('refuses a transposed digit, a wrong length and letters where digits go', () => {
    expect(validIban('PL61109010140000071219812847')).toBe(false);
    expect(validIban('PL6110901014000007121981287')).toBe(false);
    expect(validIban('PL61109010140000071219812874 0')).toBe(false);
    expect(validIban('61109010140000071219812874PL')).toBe(false);
  });

  it('lets an empty field through (cash) and names the field of a wrong number', () => {
    expect(bankAccountErrors({ member_id: 'm', iban: '  ' })).toEqual({});
    expect(bankAccountErrors({ member_id: 'm', iban: 'PL00 1234' })).toEqual({ iban: 'account.err.iban' });
  });

  it('sends the number without spaces, or null for cash, and shows four digits', () => {
    const sent = bankAccountCommand('f-1', 7, { member_id: 'm-1', iban: 'pl61 1090 1014 0000 0712 1981 2874' });
    expect(sent.path).toBe('/api/folders/f-1/bank-accounts');
    expect(sent.seen_version).toBe(7);
    expect(sent.body.iban).toBe('PL61109010140000071219812874');
    expect(bankAccountCommand('f-1', 7, { member_id: 'm-1', iban: '' }).body.iban).toBeNull();
    expect(maskIban('PL61 1090 1014 0000 0712 1981 2874')).toBe('PL •••• 2874');
  });
});
