import { useRef, useState } from 'preact/hooks';

/**
 * Form fields whose latest values are readable at once. A submit handler made in an earlier
 * render would otherwise see the values from before the last keystrokes (renders are batched),
 * e.g. when a fast tap on "save" follows typing.
 */
export function useFormState<T extends object>(initial: T): [T, (patch: Partial<T>) => void, () => T] {
  const latest = useRef(initial);
  const [value, setValue] = useState(initial);
  const update = (patch: Partial<T>) => {
    latest.current = { ...latest.current, ...patch };
    setValue(latest.current);
  };
  return [value, update, () => latest.current];
}
