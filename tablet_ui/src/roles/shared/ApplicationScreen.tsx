// The application for help: for whom, which form, who applied (art. 102: the person, a legal
// representative, another person with consent, or ex officio), the date received, and the
// applicant's signature drawn on the screen. Queued in the outbox like every command; with
// signal the screen waits for the server's answer and shows a refusal (e.g. a 422) in words.
// What is typed is kept as a draft until it is sent or discarded — but not the signature: it
// is given for this application as it is now, at the counter, and is sealed personal data on
// the server; a drawing put back into a form changed since would be signed by nobody, and it
// would lie on the tablet unsealed. A form restored from its draft is signed again.
import { useEffect, useRef, useState } from 'preact/hooks';
import { localToday } from '../../commands';
import { draftKey } from '../../drafts';
import { APPLICANTS, applicationCommand, applicationErrors, FORMS, type ApplicationErrors, type ApplicationInput } from '../../intake';
import { label, t } from '../../i18n';
import { useApp } from '../../ui/context';
import { DraftNote } from '../../ui/DraftNote';
import { errorInfoText } from '../../ui/errors';
import { navigate } from '../../ui/router';
import { ScreenTitle } from '../../ui/ScreenTitle';
import { useDraft } from '../../ui/useDraft';
import { FieldError, invalidProps } from './common';
import { SignaturePad, type SignatureValue } from './SignaturePad';

export interface Person {
  member_id: string;
  name: string;
}

interface Props {
  folderId: string;
  people: Person[];
  person: string | null;
  /** A form of help chosen before (a pick of the service catalogue's proposals, issue #20). */
  form?: string | null;
  back: string;
}

export function ApplicationScreen({ folderId, people, person, form = null, back }: Props) {
  const { outbox, online, notify } = useApp();
  const today = localToday();
  // A prefilled form has a draft of its own: each picked service its application.
  const key = form ? draftKey('application', `${folderId}:${form}`) : draftKey('application', folderId);
  const [input, update, latest, draft] = useDraft<ApplicationInput>(key, {
    person_id: person ?? '',
    form: form ?? '',
    applicant: 'person',
    on: today,
    case_reference: '',
  });
  const [signature, setSignature] = useState<SignatureValue>(null);
  const [errors, setErrors] = useState<ApplicationErrors>({});
  const [sending, setSending] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const sent = useRef<string | null>(null);

  // The only person known (e.g. just registered) is chosen for the worker — shown, not typed
  // (so it makes no draft, nor stops a kept draft from being restored).
  const only = people.length === 1 ? people[0]!.member_id : '';
  const current = (): ApplicationInput => ({ ...latest(), person_id: latest().person_id || only });

  useEffect(
    () =>
      outbox.subscribe((event) => {
        if (!('command_id' in event) || event.command_id !== sent.current) return;
        if (event.type === 'acked') {
          notify(t('apply.accepted'));
          navigate(back);
        } else if (event.type === 'failed' || event.type === 'conflict') {
          const id = event.command_id;
          void outbox.get(id).then(async (entry) => {
            // The form still holds what was typed: the refused command leaves the queue.
            setRefused(entry?.last_error ? errorInfoText(entry.last_error) : t('error.network'));
            setSending(null);
            sent.current = null;
            await outbox.discard(id);
            // Not sent after all: what the form holds is a draft again.
            update({});
          });
        }
      }),
    [outbox],
  );

  async function submit(event: Event) {
    event.preventDefault();
    if (sending) return;
    const value = current();
    const found = applicationErrors(value, localToday());
    if (signature && 'tooLarge' in signature && value.applicant !== 'ex_officio') found.signature = 'apply.err.signatureTooLarge';
    setErrors(found);
    setRefused(null);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`app-${first}`)?.focus();
      return;
    }
    const command = applicationCommand(folderId, value, signature && 'image' in signature ? signature.image : null);
    sent.current = command.command_id;
    setSending(command.command_id);
    // The draft goes before the command is queued (see OrderScreen's SuspendForm).
    await draft.clear();
    await outbox.enqueue(command);
    // Offline it waits in the outbox, whose notice says so; back to the folder meanwhile.
    if (!online) navigate(back);
  }

  const set = (name: keyof ApplicationInput) => (e: Event) =>
    update({ [name]: (e.currentTarget as HTMLInputElement).value } as Partial<ApplicationInput>);

  return (
    <main class="screen">
      <a class="back" href={back}>
        ← {t('common.back')}
      </a>
      <ScreenTitle>{t('apply.title')}</ScreenTitle>
      <form class="card form" onSubmit={submit} noValidate data-testid="application-form">
        <DraftNote draft={draft} />
        <label for="app-person_id">{t('apply.person')}</label>
        <select id="app-person_id" data-testid="app-person" value={input.person_id || only} onChange={set('person_id')}
          {...invalidProps('app-person_id', errors.person_id)}>
          <option value="">{t('arrivals.choose')}</option>
          {people.map((p) => (
            <option key={p.member_id} value={p.member_id}>
              {p.name}
            </option>
          ))}
        </select>
        <FieldError id="app-person_id-error" error={errors.person_id} />

        <label for="app-form">{t('apply.form')}</label>
        <select id="app-form" data-testid="app-form" value={input.form} onChange={set('form')}
          {...invalidProps('app-form', errors.form)}>
          <option value="">{t('arrivals.choose')}</option>
          {FORMS.map((f) => (
            <option key={f} value={f}>
              {label('form.', f)}
            </option>
          ))}
        </select>
        <FieldError id="app-form-error" error={errors.form} />

        <fieldset data-testid="app-applicant">
          <legend>{t('apply.applicant')}</legend>
          {APPLICANTS.map((a) => (
            <label class="check" key={a}>
              <input type="radio" name="applicant" value={a} data-testid="app-applicant-option"
                checked={input.applicant === a} onChange={set('applicant')} />
              {t(`apply.applicant.${a}`)}
            </label>
          ))}
        </fieldset>

        <label for="app-on">{t('apply.on')}</label>
        <input id="app-on" data-testid="app-on" type="date" max={today} value={input.on} onInput={set('on')}
          {...invalidProps('app-on', errors.on)} />
        <FieldError id="app-on-error" error={errors.on} />

        <label for="app-case_reference">{t('apply.caseReference')}</label>
        <input id="app-case_reference" data-testid="app-case-reference" value={input.case_reference}
          placeholder={t('apply.caseReferenceHint')} onInput={set('case_reference')} autocomplete="off"
          {...invalidProps('app-case_reference', errors.case_reference)} />
        <FieldError id="app-case_reference-error" error={errors.case_reference} />

        {input.applicant !== 'ex_officio' && (
          <>
            <label for="app-signature">{t('apply.signature')}</label>
            <SignaturePad id="app-signature" onChange={setSignature} />
            <FieldError id="app-signature-error" error={errors.signature} />
          </>
        )}

        {refused && (
          <p class="error" role="alert" data-testid="application-refused">
            {t('apply.refused')} {refused}
          </p>
        )}
        <button type="submit" class="primary" data-testid="application-submit" disabled={sending !== null}>
          {sending ? t('apply.sending') : t('apply.submit')}
        </button>
      </form>
    </main>
  );
}
