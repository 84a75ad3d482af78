import { readFileSync } from "node:fs";
import path from "node:path";
import { type TerraformStack, Testing } from "cdktf";

export type Resource = Record<string, unknown> & { "//"?: unknown };
export interface StackJson {
  terraform: Record<string, unknown>;
  provider: Record<string, unknown[]>;
  resource: Record<string, Record<string, Resource>>;
  data?: Record<string, Record<string, Resource>>;
}

/** The synthesized Terraform JSON of one stack, parsed. */
export function synthJson(stack: TerraformStack): StackJson {
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

/** A stack written by `app.synth()` into `outdir`. */
export function readStack(outdir: string, name: string): StackJson {
  return JSON.parse(readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) as StackJson;
}

/** Every resource of a type, as a list of [logical id, body]. */
export function resources(json: StackJson, type: string): [string, Resource][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The one resource of a type whose `field` equals `value`; fails the test if there is not exactly one. */
export function findResource(json: StackJson, type: string, field: string, value: unknown): Resource {
  const found = resources(json, type).filter(([, body]) => body[field] === value);
  if (found.length !== 1) {
    throw new Error(`expected one ${type} with ${field} = ${JSON.stringify(value)}, found ${found.length}`);
  }
  return (found[0] as [string, Resource])[1];
}

/** The Terraform reference `${type.id.attr}` of the resource with `field = value`. */
export function ref(json: StackJson, type: string, field: string, value: unknown, attribute: string): string {
  const found = resources(json, type).find(([, body]) => body[field] === value);
  if (!found) throw new Error(`no ${type} with ${field} = ${JSON.stringify(value)}`);
  return `\${${type}.${found[0]}.${attribute}}`;
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  Resource?: string | string[];
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export function statements(policy: unknown): Statement[] {
  return (JSON.parse(policy as string) as { Statement: Statement[] }).Statement;
}

export const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A Terraform interpolation as synth writes it: `tf("data.x.y")` is the string "${data.x.y}". */
export const tf = (expression: string): string => `\${${expression}}`;

/** The deploying account id, as every stack references it. */
export const ACCOUNT = tf("data.aws_caller_identity.account.account_id");
