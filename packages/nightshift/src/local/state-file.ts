import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/** Everything under `<root>/.nightshift/` (git-ignored). */
export function stateDir(root: string): string {
  return path.join(root, ".nightshift");
}

/** `.nightshift/dev.json`: how other commands of this checkout find the running environment. */
export function devStateFile(root: string): string {
  return path.join(stateDir(root), "dev.json");
}

/** What `nightshift dev` writes to `.nightshift/dev.json` while it runs. */
export interface DevState {
  readonly pid: number;
  readonly root: string;
  readonly startedAt: string;
  readonly app: string;
  readonly region: string;
  readonly accountId: string;
  readonly resourcePrefix: string;
  readonly ports: {
    readonly dashboard: number;
    readonly web?: number;
    readonly sqs: number;
    readonly smtp: number;
    readonly database?: number;
  };
  readonly urls: {
    readonly dashboard: string;
    readonly web?: string;
    /** SQS and SNS share one endpoint. */
    readonly sqs: string;
    readonly sns: string;
    readonly smtp: string;
    readonly database: string;
  };
  /** The env vars workers get (endpoints, prefix, region, database, SMTP, feed): the CLI reuses them to send. */
  readonly env: Readonly<Record<string, string>>;
}

export async function writeDevState(root: string, state: DevState): Promise<void> {
  const file = devStateFile(root);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temp, file);
}

export async function readDevState(root: string): Promise<DevState | undefined> {
  try {
    return JSON.parse(await readFile(devStateFile(root), "utf8")) as DevState;
  } catch {
    return undefined;
  }
}

/** Removes the file, but only if it still describes this process (a newer run may own it). */
export async function removeDevState(root: string, pid = process.pid): Promise<void> {
  const state = await readDevState(root);
  if (state && state.pid !== pid) return;
  await rm(devStateFile(root), { force: true });
}
