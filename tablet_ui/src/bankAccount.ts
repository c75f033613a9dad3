// The account a client's cash benefits are paid to (issue #18): the social worker records it on
// the folder (POST /api/folders/{id}/bank-accounts), through the outbox like the other forms.
// The IBAN is checked here as the server checks it (ISO 13616 mod 97), so a typo is caught in
// the form; empty means paid in cash. Screens show only its last four digits.

export type BankAccountField = 'iban';
export type BankAccountError = 'account.err.iban';

/** The IBAN without spaces, upper case. */
export const normalIban = (value: string): string => value.replace(/\s+/g, '').toUpperCase();

// A Polish IBAN is "PL" + 2 check digits + 24 digits (NRB); others as ISO 13616 allows.
const LENGTHS: Record<string, number> = { PL: 28, DE: 22, CZ: 24, SK: 24, LT: 20, GB: 22 };

/** Whether the IBAN's mod-97 checksum is right (ISO 7064), computed piecewise (no BigInt). */
export function validIban(value: string): boolean {
  const iban = normalIban(value);
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  if ((LENGTHS[iban.slice(0, 2)] ?? iban.length) !== iban.length) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const digits = /[0-9]/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

/** "PL •••• 2874", as the folder's timeline shows a recorded account. */
export const maskIban = (value: string): string => {
  const iban = normalIban(value);
  return `${iban.slice(0, 2)} •••• ${iban.slice(-4)}`;
};

export interface BankAccountInput {
  member_id: string;
  iban: string;
}

export function bankAccountErrors(input: BankAccountInput): Partial<Record<BankAccountField, BankAccountError>> {
  const iban = input.iban.trim();
  return iban && !validIban(iban) ? { iban: 'account.err.iban' } : {};
}

export function bankAccountCommand(folderId: string, seenVersion: number, input: BankAccountInput) {
  const iban = normalIban(input.iban);
  return {
    command_id: crypto.randomUUID(),
    folder_id: folderId,
    path: `/api/folders/${encodeURIComponent(folderId)}/bank-accounts`,
    kind: 'bank_account_recorded' as const,
    seen_version: seenVersion,
    body: { occurred_at: new Date().toISOString(), member_id: input.member_id, iban: iban || null },
  };
}
