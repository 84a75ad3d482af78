"use client";

import { type RefObject, useEffect } from "react";
import type { FormState } from "../lib/form-state";

/** After a submit with errors, moves focus to the first invalid field so keyboard users land on it. */
export function useFocusFirstError(form: RefObject<HTMLFormElement | null>, state: FormState<string>): void {
  useEffect(() => {
    if (state.status !== "error") return;
    form.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
  }, [form, state]);
}
