/**
 * What a planned change does to one resource instance. `forget` removes it from state and leaves the
 * real object in the account (a `removed` block with `destroy = false`). `none` covers `no-op` and
 * `read` (data sources), which change nothing.
 */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "forget" | "none";

/** The kinds that change something, in the order reports list them. */
export const CHANGING_KINDS = ["create", "update", "replace", "delete", "forget"] as const;

export type ChangingKind = (typeof CHANGING_KINDS)[number];

/**
 * Maps Terraform's `change.actions` to one kind. `["delete","create"]`, `["create","delete"]` and
 * `["create","forget"]` are replacements. A combination Terraform may add later is read the way its
 * documentation suggests: any list containing "delete" destroys the object.
 *
 * @example toChangeKind(["create", "delete"]) // "replace"
 */
export function toChangeKind(actions: readonly string[]): ChangeKind | undefined {
  const key = actions.join(",");
  switch (key) {
    case "no-op":
    case "read":
      return "none";
    case "create":
      return "create";
    case "update":
      return "update";
    case "delete":
      return "delete";
    case "forget":
      return "forget";
    case "delete,create":
    case "create,delete":
    case "create,forget":
      return "replace";
  }
  if (actions.includes("delete")) return actions.includes("create") ? "replace" : "delete";
  return undefined;
}
