import path from "node:path";
import type { PendingRetry } from "../scheduler";
import { stateDir } from "../state-file";
import type { LocalSqsServer, StoredMessage } from "./fauxqs-server";
import {
  type QueueSnapshot,
  readSnapshot,
  restoreSnapshot,
  saveSnapshot,
  snapshotKey,
  takeSnapshot,
} from "./queue-snapshot";

/** `.nightshift/queues.json`. */
export function queueSnapshotFile(root: string): string {
  return path.join(stateDir(root), "queues.json");
}

/**
 * Restores a saved snapshot into a fresh fauxqs. Messages of queues that no longer exist go into
 * `orphans` (and stay in the file on every later save) instead of being dropped.
 */
export async function restoreQueues(
  server: LocalSqsServer,
  file: string,
  orphans: Record<string, StoredMessage[]>,
): Promise<{ count: number; cronRetries: PendingRetry[] }> {
  const snapshot = await readSnapshot(file);
  if (!snapshot) return { count: 0, cronRetries: [] };
  const { restored, missing } = restoreSnapshot(server, snapshot);
  Object.assign(orphans, missing);
  return { count: restored, cronRetries: snapshot.cronRetries };
}

export interface SnapshotWriterOptions {
  readonly file: string;
  readonly server: LocalSqsServer;
  readonly physicalNames: () => string[];
  readonly cronRetries: () => PendingRetry[];
  readonly orphans: Record<string, StoredMessage[]>;
  readonly intervalMs: number;
}

/**
 * Saves the queues every `intervalMs` when their content changed, and once more on `save()` at
 * shutdown. A hard kill loses at most the last interval's changes; a clean stop loses nothing.
 */
export class SnapshotWriter {
  private timer: NodeJS.Timeout | undefined;
  private lastKey: string | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SnapshotWriterOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.save(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const taken = takeSnapshot(this.options.server, this.options.physicalNames(), this.options.cronRetries());
      const snapshot: QueueSnapshot = { ...taken, queues: { ...this.options.orphans, ...taken.queues } };
      const key = snapshotKey(snapshot);
      if (key === this.lastKey) return;
      await saveSnapshot(this.options.file, snapshot);
      this.lastKey = key;
    });
    return this.writing.catch(() => {});
  }
}
