import type { StandardSchemaV1 } from "@standard-schema/spec";

/** One schema issue, flattened for error messages and logs: `email: Invalid email address`. */
export interface PayloadIssue {
  /** Dotted path into the payload (`items.0.sku`), or `(root)` for the payload itself. */
  readonly path: string;
  readonly message: string;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: PayloadIssue[] };

function pathOf(issue: StandardSchemaV1.Issue): string {
  if (!issue.path || issue.path.length === 0) return "(root)";
  return issue.path
    .map((segment) => (typeof segment === "object" && segment !== null ? segment.key : segment))
    .map(String)
    .join(".");
}

/** Runs a Standard Schema (zod, valibot, arktype…) and flattens its issues. */
export async function validatePayload<S extends StandardSchemaV1>(
  schema: S,
  value: unknown,
): Promise<Validation<StandardSchemaV1.InferOutput<S>>> {
  const result = await schema["~standard"].validate(value);
  if (result.issues) {
    return { ok: false, issues: result.issues.map((issue) => ({ path: pathOf(issue), message: issue.message })) };
  }
  return { ok: true, value: result.value };
}

/** `email: Invalid email; age: Expected number` — one line for logs and error messages. */
export function formatIssues(issues: readonly PayloadIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join("; ");
}
