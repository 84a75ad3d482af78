import type { ReactNode } from "react";

export interface FieldProps {
  /** The input's id; the label, hint and error are tied to it. */
  readonly id: string;
  readonly label: string;
  readonly hint?: string;
  readonly error?: string;
  /** Renders the control with the ARIA attributes that link it to its hint and error. */
  readonly children: (aria: { "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
}

/** A labelled form control with an optional hint and an error message read by screen readers. */
export function Field({ id, label, hint, error, children }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children({
        ...(error ? { "aria-invalid": true } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
      })}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
