// The address of a household, as a self-contained part of a form ("Nowa teczka", a move): a
// fixed address (street, building, flat, postal code, town, TERYT), or — "no fixed address" —
// a homeless person's: the municipality of last permanent residence, which is the competent
// one (art. 101 ust. 2 of the social assistance act), and where the person can be met.
// `addressBody` turns the fields into the API's `address` (api/schemas/commands.py AddressIn).
import type { Address } from '../../contract';
import { t, type MessageKey } from '../../i18n';

export interface AddressInput {
  no_fixed_address: boolean;
  street: string;
  building: string;
  flat: string;
  postal_code: string;
  city: string;
  teryt: string;
  meeting_place: string;
}

export const emptyAddress: AddressInput = {
  no_fixed_address: false, street: '', building: '', flat: '', postal_code: '', city: 'Wrocław',
  teryt: '', meeting_place: '',
};

export function addressErrors(input: AddressInput): Partial<Record<keyof AddressInput, MessageKey>> {
  const errors: Partial<Record<keyof AddressInput, MessageKey>> = {};
  const required: (keyof AddressInput)[] = input.no_fixed_address
    ? ['city', 'teryt', 'meeting_place']
    : ['street', 'building', 'postal_code', 'city', 'teryt'];
  for (const field of required) {
    if (!String(input[field]).trim()) errors[field] = field === 'meeting_place' ? 'address.err.meetingPlace' : 'address.err.required';
  }
  if (!input.no_fixed_address && input.postal_code.trim() && !/^\d{2}-\d{3}$/.test(input.postal_code.trim())) {
    errors.postal_code = 'address.err.postalCode';
  }
  return errors;
}

/** The API's address: a homeless person's carries no street, building or postal code. */
export function addressBody(input: AddressInput): Record<string, unknown> {
  const trimmed = (v: string) => v.trim() || null;
  if (input.no_fixed_address) {
    return { no_fixed_address: true, city: input.city.trim(), teryt: input.teryt.trim(),
      meeting_place: input.meeting_place.trim() };
  }
  return { street: input.street.trim(), building: input.building.trim(), flat: trimmed(input.flat),
    postal_code: input.postal_code.trim(), city: input.city.trim(), teryt: input.teryt.trim(),
    meeting_place: trimmed(input.meeting_place) };
}

/** How an address reads on a screen: a homeless person's says so, with the meeting place. */
export function addressText(address: Address | null | undefined): string {
  if (!address) return '';
  if (address.no_fixed_address) {
    return `${t('address.noFixed')} · ${address.meeting_place ?? ''} (${address.city})`;
  }
  const flat = address.flat ? `/${address.flat}` : '';
  return `${address.street} ${address.building}${flat}, ${address.postal_code} ${address.city}`;
}

export function AddressFields({ value, onChange, errors = {}, idPrefix = 'address', legend }: {
  value: AddressInput;
  onChange: (patch: Partial<AddressInput>) => void;
  errors?: Partial<Record<keyof AddressInput, MessageKey>>;
  idPrefix?: string;
  /** the fieldset's caption, when the fields are a part of a larger form */
  legend?: string;
}) {
  const field = (name: keyof AddressInput, labelKey: MessageKey, props: Record<string, unknown> = {}) => {
    const id = `${idPrefix}-${name}`;
    const error = errors[name];
    return (
      <>
        <label for={id}>{t(labelKey)}</label>
        <input id={id} data-testid={id} value={String(value[name])}
          onInput={(e) => onChange({ [name]: (e.currentTarget as HTMLInputElement).value })}
          aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} {...props} />
        {error && <p id={`${id}-error`} class="field-error">{t(error)}</p>}
      </>
    );
  };
  return (
    <fieldset class="address-fields" data-testid={`${idPrefix}-fields`}>
      {legend && <legend>{legend}</legend>}
      <label class="check">
        <input type="checkbox" data-testid={`${idPrefix}-no-fixed`} checked={value.no_fixed_address}
          onChange={(e) => onChange({ no_fixed_address: (e.currentTarget as HTMLInputElement).checked })} />
        {t('address.noFixed')}
      </label>
      {value.no_fixed_address ? (
        <>
          <p class="muted">{t('address.noFixedExplain')}</p>
          {field('city', 'address.lastResidence')}
          {field('teryt', 'address.teryt', { inputMode: 'numeric' })}
          {field('meeting_place', 'address.meetingPlace')}
        </>
      ) : (
        <>
          {field('street', 'address.street')}
          {field('building', 'address.building')}
          {field('flat', 'address.flat')}
          {field('postal_code', 'address.postalCode', { inputMode: 'numeric' })}
          {field('city', 'address.city')}
          {field('teryt', 'address.teryt', { inputMode: 'numeric' })}
        </>
      )}
    </fieldset>
  );
}
