"use client";

import { useActionState, useRef } from "react";
import { type ReportField, requestReportAction } from "../app/actions";
import { idleState } from "../lib/form-state";
import { Field } from "./field";
import { FormStatus } from "./form-status";
import { useFocusFirstError } from "./use-focus-first-error";

/** "Email me a report": queues `generate-report` for the chosen word and address. */
export function ReportForm({ words }: { words: readonly string[] }) {
  const [state, action, pending] = useActionState(requestReportAction, idleState<ReportField>());
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={action} noValidate className="card form" aria-labelledby="report-heading">
      <h2 id="report-heading">Email me a report</h2>
      <p className="hint">A PDF of the word’s recent mentions, sent to your inbox.</p>
      <Field id="report-word" label="Word" error={state.fieldErrors.word}>
        {(aria) => (
          <select
            id="report-word"
            name="word"
            key={state.values.word ?? ""}
            defaultValue={state.values.word ?? words[0] ?? ""}
            disabled={words.length === 0}
            {...aria}
          >
            {words.length === 0 ? <option value="">Track a word first</option> : null}
            {words.map((word) => (
              <option key={word} value={word}>
                {word}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="report-email" label="Email address" error={state.fieldErrors.email}>
        {(aria) => (
          <input
            id="report-email"
            name="email"
            type="email"
            inputMode="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={state.values.email ?? ""}
            required
            {...aria}
          />
        )}
      </Field>
      <button type="submit" disabled={pending || words.length === 0}>
        {pending ? "Sending…" : "Email me a report"}
      </button>
      <FormStatus id="report-status" state={state} />
    </form>
  );
}
