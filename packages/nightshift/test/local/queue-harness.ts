import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { InvocationLog, type InvocationRecord } from "../../src/local/invocations";
import { createInvoker } from "../../src/local/invoke";
import type { LocalProject, LocalQueue } from "../../src/local/local-project";
import { QueuePoller } from "../../src/local/poller";
import { type LocalSqsServer, startLocalSqs } from "../../src/local/sqs/fauxqs-server";
import { sendTestMessage } from "../../src/local/sqs/queue-actions";
import { createLocalResources, type LocalQueueAddress } from "../../src/local/sqs/resources";
import { WorkerPool } from "../../src/local/worker/worker-pool";

/** A queue as discovery would produce it, with small timings for tests. */
export function localQueue(name: string, extra: Partial<LocalQueue> = {}): LocalQueue {
  return {
    kind: "queue",
    name,
    file: `services/queue/${name}.ts`,
    handlerFile: `services/queue/${name}.handler.ts`,
    batchSize: 10,
    batchWindowSeconds: 0,
    concurrency: 5,
    retries: 3,
    maxReceiveCount: 4,
    timeoutSeconds: 5,
    visibilityTimeoutSeconds: 30,
    memoryMb: 256,
    delaySeconds: 0,
    retentionSeconds: 345_600,
    fifo: false,
    contentBasedDeduplication: false,
    expectedDurationSeconds: 1,
    subscriptions: [],
    ...extra,
  };
}

/** fauxqs + the queue's resources + a worker pool + one poller, wired like the environment does. */
export class QueueHarness {
  readonly log = new InvocationLog();
  private constructor(
    readonly server: LocalSqsServer,
    readonly sqs: SQSClient,
    readonly queue: LocalQueue,
    readonly address: LocalQueueAddress,
    readonly pool: WorkerPool,
    readonly poller: QueuePoller,
  ) {}

  static async start(
    root: string,
    queue: LocalQueue,
    env: Record<string, string | undefined> = {},
  ): Promise<QueueHarness> {
    const server = await startLocalSqs({ region: "us-east-1" });
    const credentials = { accessKeyId: "t", secretAccessKey: "t" };
    const sqs = new SQSClient({ endpoint: server.endpoint, region: "us-east-1", credentials });
    const sns = new SNSClient({ endpoint: server.endpoint, region: "us-east-1", credentials });
    const project: LocalProject = { root, app: "test", region: "us-east-1", crons: [], queues: [queue], topics: [] };
    const address = (await createLocalResources(project, { sqs, sns }, "test-development")).get(
      queue.name,
    ) as LocalQueueAddress;
    const pool = new WorkerPool({
      spawnOptions: () => ({ cwd: root, env: { ...process.env, ...env, NODE_OPTIONS: undefined } }),
    });
    const log = new InvocationLog();
    const invoker = createInvoker({ root, pool, log, functionName: (job) => `test-development-${job}` });
    const poller = new QueuePoller({ queue, address, region: "us-east-1", sqs, invoker });
    const harness = new QueueHarness(server, sqs, queue, address, pool, poller);
    (harness as { log: InvocationLog }).log = log;
    return harness;
  }

  send(body: unknown): Promise<string> {
    return sendTestMessage(this.sqs, this.queue, this.address, { body });
  }

  counts() {
    return {
      main: this.server.counts(this.address.physicalName),
      dlq: this.server.counts(this.address.dlqPhysicalName),
    };
  }

  /** Resolves once `check()` holds, checking after each invocation ends and every 25 ms. */
  until<T>(check: () => T | undefined | false): Promise<T> {
    return new Promise((resolve) => {
      const attempt = () => {
        const value = check();
        if (value) {
          clearInterval(timer);
          resolve(value);
        }
      };
      const timer = setInterval(attempt, 25);
      attempt();
    });
  }

  waitFor(predicate: (record: InvocationRecord) => boolean): Promise<InvocationRecord> {
    return this.log.waitFor(predicate);
  }

  async stop(): Promise<void> {
    await this.poller.stop(0);
    await this.pool.stop();
    this.sqs.destroy();
    await this.server.stop();
  }
}
