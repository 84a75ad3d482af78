import type { FormState } from "../lib/form-state";

/** The form's live region: announces success and errors without moving focus. */
export function FormStatus({ state, id }: { state: FormState<string>; id: string }) {
  return (
    <p id={id} className={`status status-${state.status}`} role="status" aria-live="polite" aria-atomic="true">
      {state.message}
    </p>
  );
}
