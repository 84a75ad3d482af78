"use client";

import { MAX_WORD_LENGTH } from "@services/lib/tracked-word";
import { useActionState, useRef } from "react";
import { type AddWordField, addWordAction } from "../app/actions";
import { idleState } from "../lib/form-state";
import { Field } from "./field";
import { FormStatus } from "./form-status";
import { useFocusFirstError } from "./use-focus-first-error";

/** "Track a word": validated on the server, errors under the field, result announced politely. */
export function AddWordForm() {
  const [state, action, pending] = useActionState(addWordAction, idleState<AddWordField>());
  const form = useRef<HTMLFormElement>(null);
  useFocusFirstError(form, state);
  return (
    <form ref={form} action={action} noValidate className="card form" aria-labelledby="add-word-heading">
      <h2 id="add-word-heading">Track a word</h2>
      <div className="row">
        <Field
          id="word"
          label="Word or phrase"
          hint="Letters, digits, spaces and - . + # & ' _"
          error={state.fieldErrors.word}
        >
          {(aria) => (
            <input
              id="word"
              name="word"
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={MAX_WORD_LENGTH * 2}
              defaultValue={state.values.word ?? ""}
              required
              {...aria}
            />
          )}
        </Field>
        <button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add word"}
        </button>
      </div>
      <FormStatus id="add-word-status" state={state} />
    </form>
  );
}
