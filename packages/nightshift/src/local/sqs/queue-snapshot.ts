import { readFile, rename, rm, writeFile } from "node:fs/promises";
import type { PendingRetry } from "../scheduler";
import type { LocalSqsServer, StoredMessage } from "./fauxqs-server";

/**
 * fauxqs keeps messages in memory only, so the environment saves them to `.nightshift/queues.json`
 * (every couple of seconds while something changed, and on shutdown) and puts them back on start.
 * Messages in flight when the environment stopped are saved too: their handler had not finished, so
 * they are delivered again, with their receive count kept (so a poison message still reaches the
 * DLQ after the same number of tries).
 */
export interface QueueSnapshot {
  readonly version: 1;
  readonly savedAt: string;
  /** Messages by physical queue name (DLQs included). */
  readonly queues: Record<string, StoredMessage[]>;
  /** Cron retries that were waiting for their time. */
  readonly cronRetries: PendingRetry[];
}

export function takeSnapshot(
  server: LocalSqsServer,
  physicalNames: readonly string[],
  cronRetries: PendingRetry[],
): QueueSnapshot {
  const queues: Record<string, StoredMessage[]> = {};
  for (const name of physicalNames) {
    const messages = server.messages(name);
    if (!messages) continue;
    const all = [...messages.inFlight, ...messages.ready, ...messages.delayed];
    if (all.length > 0) queues[name] = all.map((m) => ({ ...m }));
  }
  return { version: 1, savedAt: new Date().toISOString(), queues, cronRetries };
}

/** A stable fingerprint, so an unchanged state is not rewritten. */
export function snapshotKey(snapshot: QueueSnapshot): string {
  const parts: string[] = [];
  for (const [name, messages] of Object.entries(snapshot.queues).sort(([a], [b]) => a.localeCompare(b))) {
    parts.push(name, ...messages.map((m) => `${m.messageId}:${m.approximateReceiveCount}`).sort());
  }
  parts.push(...snapshot.cronRetries.map((r) => `${r.job}:${r.event.executionId}:${r.event.attempt}`));
  return parts.join("|");
}

/** Writes atomically (temp file + rename), so a crash mid-write never leaves half a snapshot. */
export async function saveSnapshot(file: string, snapshot: QueueSnapshot): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(snapshot)}\n`);
  await rename(temp, file);
}

export async function readSnapshot(file: string): Promise<QueueSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as QueueSnapshot;
    return parsed.version === 1 && parsed.queues ? { ...parsed, cronRetries: parsed.cronRetries ?? [] } : undefined;
  } catch {
    // A damaged file is kept aside for inspection instead of being silently dropped.
    await rename(file, `${file}.damaged-${Date.now()}`).catch(() => {});
    return undefined;
  }
}

/**
 * Puts saved messages back. Messages of a queue that no longer exists are kept in the file's
 * `orphaned` list instead of being dropped. Returns how many were restored and which queues are gone.
 */
export function restoreSnapshot(
  server: LocalSqsServer,
  snapshot: QueueSnapshot,
): { restored: number; missing: Record<string, StoredMessage[]> } {
  let restored = 0;
  const missing: Record<string, StoredMessage[]> = {};
  for (const [name, messages] of Object.entries(snapshot.queues)) {
    for (const message of messages) {
      if (server.restore(name, message)) restored += 1;
      else missing[name] = [...(missing[name] ?? []), message];
    }
  }
  return { restored, missing };
}

export async function removeSnapshot(file: string): Promise<void> {
  await rm(file, { force: true });
}
