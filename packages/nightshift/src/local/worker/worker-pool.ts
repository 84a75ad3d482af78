import { serializeError, type WorkerJob } from "./protocol";
import { WorkerLoadError, type WorkerOutcome, WorkerProcess, type WorkerSpawnOptions } from "./worker-process";

/** An invocation's outcome plus whether it paid for a cold start (a fresh worker). */
export type PoolOutcome = WorkerOutcome & { readonly coldStart: boolean };

export interface WorkerPoolOptions {
  /** Called for every new worker, so env changes (a restarted service) reach fresh workers. */
  readonly spawnOptions: () => WorkerSpawnOptions;
}

/**
 * Warm workers per job, like Lambda's warm instances: an invocation takes an idle worker of its job
 * or forks a new one, and gives it back when done. A worker that crashed, timed out or belongs to an
 * older code generation (a file changed) is never reused.
 */
export class WorkerPool {
  private generation = 0;
  private readonly idle = new Map<string, WorkerProcess[]>();
  private readonly generations = new WeakMap<WorkerProcess, number>();
  private readonly all = new Set<WorkerProcess>();
  private stopped = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  /** True once `stop()` was called: a worker killed now was stopped by shutdown, not by its job. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Live worker processes (busy or idle). */
  get size(): number {
    return this.all.size;
  }

  /** Process ids of live workers (for the state file and leak checks). */
  pids(): number[] {
    return [...this.all].map((w) => w.child.pid).filter((pid): pid is number => typeof pid === "number");
  }

  async run(
    job: WorkerJob,
    event: unknown,
    invoke: { id?: string; timeoutMs: number; functionName: string },
  ): Promise<PoolOutcome> {
    if (this.stopped) {
      return {
        status: "error",
        error: { name: "Error", message: "the local environment is shutting down" },
        logs: [],
        coldStart: false,
      };
    }
    const key = `${job.kind}:${job.name}`;
    const generation = this.generation;
    let worker = this.takeIdle(key);
    const coldStart = !worker;
    if (!worker) {
      try {
        worker = await WorkerProcess.spawn(job, this.options.spawnOptions());
      } catch (error) {
        const logs = error instanceof WorkerLoadError ? error.logs : [];
        return { status: "error", error: serializeError(error), logs, coldStart };
      }
      this.generations.set(worker, generation);
      this.all.add(worker);
      void worker.whenClosed().then(() => this.all.delete(worker as WorkerProcess));
    }
    const outcome = await worker.invoke(event, invoke);
    if (worker.alive && !this.stopped && this.generations.get(worker) === this.generation) {
      const list = this.idle.get(key) ?? [];
      list.push(worker);
      this.idle.set(key, list);
    } else {
      worker.kill();
    }
    return { ...outcome, coldStart };
  }

  /** New code: idle workers go now, busy ones after their current invocation. */
  reload(): void {
    this.generation += 1;
    for (const list of this.idle.values()) for (const worker of list) worker.kill();
    this.idle.clear();
  }

  /** Kills every worker and waits until all have exited. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.idle.clear();
    const workers = [...this.all];
    for (const worker of workers) worker.kill();
    await Promise.all(workers.map((w) => w.whenClosed()));
  }

  private takeIdle(key: string): WorkerProcess | undefined {
    const list = this.idle.get(key);
    while (list?.length) {
      const worker = list.pop() as WorkerProcess;
      if (worker.alive) return worker;
    }
    return undefined;
  }
}
