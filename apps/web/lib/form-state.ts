import type { StandardSchemaV1 } from "@standard-schema/spec";

/** What a form's server action returns: a status line for the live region and errors per field. */
export interface FormState<F extends string> {
  readonly status: "idle" | "success" | "error";
  /** Announced in the form's `aria-live` region. */
  readonly message: string;
  /** One message per invalid field, shown under it. */
  readonly fieldErrors: Partial<Record<F, string>>;
  /** What the user typed, to put back in the fields after an error. */
  readonly values: Partial<Record<F, string>>;
}

export const idleState = <F extends string>(): FormState<F> => ({
  status: "idle",
  message: "",
  fieldErrors: {},
  values: {},
});

/**
 * Validates form input with a Standard Schema (the queue contract's own schema, so the form accepts
 * exactly what the queue accepts) and maps its issues to the first message per top-level field.
 */
export async function validateFields<S extends StandardSchemaV1, F extends string>(
  schema: S,
  input: Record<F, string>,
): Promise<
  { ok: true; value: StandardSchemaV1.InferOutput<S> } | { ok: false; fieldErrors: Partial<Record<F, string>> }
> {
  const result = await schema["~standard"].validate(input);
  if (!result.issues) return { ok: true, value: result.value };
  const fieldErrors: Partial<Record<F, string>> = {};
  for (const issue of result.issues) {
    const first = issue.path?.[0];
    const key = (typeof first === "object" && first !== null ? first.key : first) as F | undefined;
    if (key !== undefined && key in input && fieldErrors[key] === undefined) fieldErrors[key] = issue.message;
  }
  return { ok: false, fieldErrors };
}

/** A form field's value as a string (`""` when missing or a file). */
export const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
