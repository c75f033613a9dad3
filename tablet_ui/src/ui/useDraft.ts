import { useEffect, useRef, useState } from 'preact/hooks';
import { Drafts } from '../drafts';
import { userKey } from '../session';
import { useApp } from './context';
import { useFormState } from './formState';

export interface DraftControls<T extends object = object> {
  /** True once a draft kept from an earlier visit to the form was put back into it. */
  restored: boolean;
  /** True while there is a draft on the tablet (restored, or typed here). */
  kept: boolean;
  /** "Odrzuć szkic": the form goes back to its empty state and the draft is deleted. */
  discard: () => Promise<void>;
  /** After the form was sent (queued in the outbox): the draft is no longer needed. `next`,
   * if given, is what a form that stays on the screen shows now (not kept as a draft). */
  clear(next?: Partial<T>): Promise<void>;
}

/**
 * `useFormState` whose values are also kept as a draft in IndexedDB (src/drafts.ts) under
 * `key`, restored when the form opens again. Every change is written at once, so leaving the
 * form at any moment loses nothing.
 */
export function useDraft<T extends object>(
  key: string,
  initial: T,
): [T, (patch: Partial<T>) => void, () => T, DraftControls<T>] {
  const { db, user } = useApp();
  const drafts = useRef(new Drafts(db, userKey(user))).current;
  const [value, setFields, latest] = useFormState<T>(initial);
  const [restored, setRestored] = useState(false);
  const [typed, setTyped] = useState(false);
  // Typing before the draft was read wins over the draft (nothing typed is ever overwritten).
  const touched = useRef(false);

  useEffect(() => {
    let live = true;
    void drafts.load<T>(key).then((kept) => {
      if (!live || !kept || touched.current) return;
      setFields({ ...initial, ...kept });
      setRestored(true);
    });
    return () => {
      live = false;
    };
  }, [key]);

  const update = (patch: Partial<T>) => {
    touched.current = true;
    setFields(patch);
    setTyped(true);
    // A form that stays on the screen after it was sent (the coordinator's caregiver, schedule
    // and suspension forms) starts a new draft with the next change.
    void drafts.save(key, latest());
  };

  const clear = async (next?: Partial<T>) => {
    if (next) setFields(next);
    setRestored(false);
    setTyped(false);
    await drafts.clear(key);
  };

  const discard = async () => {
    touched.current = true;
    setFields(initial);
    setRestored(false);
    setTyped(false);
    await drafts.clear(key);
  };

  return [value, update, latest, { restored, kept: restored || typed, discard, clear }];
}
