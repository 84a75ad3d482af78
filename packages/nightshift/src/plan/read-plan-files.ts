import { readFile } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { NightshiftError } from "../errors";
import { parsePlanJson } from "./plan-json";
import type { StackPlan } from "./plan-report";

/**
 * The stack a plan file belongs to: `name=path` names it; otherwise the file name without `.json`
 * (`plans/pr-42.json` → `pr-42`), or the folder for a generic name
 * (`cdktf.out/stacks/production/plan.json` → `production`).
 */
export function stackNameFor(arg: string): { name: string; file: string } {
  const eq = arg.indexOf("=");
  if (eq > 0 && !arg.slice(0, eq).includes("/")) return { name: arg.slice(0, eq), file: arg.slice(eq + 1) };
  const base = basename(arg)
    .replace(/\.json$/i, "")
    .replace(/\.plan$/i, "");
  const generic = base === "plan" || base === "tfplan" || base === "";
  return { name: generic ? basename(dirname(arg)) : base, file: arg };
}

/** Reads and parses each `terraform show -json` file. Throws E_BAD_PLAN naming the unreadable file. */
export async function readPlanFiles(
  args: readonly string[],
  read: (file: string) => Promise<string> = (file) => readFile(file, "utf8"),
): Promise<StackPlan[]> {
  const stacks: StackPlan[] = [];
  for (const arg of args) {
    const { name, file } = stackNameFor(arg);
    let text: string;
    try {
      text = await read(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "does not exist" : `cannot be read (${code ?? String(error)})`;
      throw new NightshiftError(
        "E_BAD_PLAN",
        `${file}: the plan file ${why}; create it with \`terraform show -json tfplan > ${file}\`.`,
      );
    }
    const duplicate = stacks.find((s) => s.name === name);
    if (duplicate) {
      throw new NightshiftError(
        "E_BAD_PLAN",
        `${file}: stack "${name}" was already read from ${duplicate.file}; name each plan with name=path.`,
      );
    }
    stacks.push({ name, file, plan: parsePlanJson(text, file) });
  }
  return stacks;
}
