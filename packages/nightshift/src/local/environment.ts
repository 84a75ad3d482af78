import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { CONFIG_FILE, loadConfig } from "../config/load-config";
import { NightshiftError } from "../errors";
import { physicalName } from "../runtime/names";
import { checkRequiredSecrets, localSecretSource } from "../secrets/check-required-secrets";
import { formatBanner } from "./banner";
import { systemClock } from "./clock";
import { type DashboardServer, startDashboard } from "./dashboard/server";
import { startLocalDatabase } from "./database";
import { discoverLocalProject } from "./discover";
import { localEnvVars, workerEnv } from "./env-vars";
import { type DevEnvironment, type DevEnvironmentOptions, sameSettings, unknownJob } from "./environment-types";
import { InvocationLog } from "./invocations";
import { createInvoker } from "./invoke";
import type { LocalProject, LocalQueue } from "./local-project";
import { printInvocation } from "./log-printer";
import { type NextDevServer, startNextDev } from "./next-dev";
import { QueuePoller } from "./poller";
import { ensurePortFree, portFromEnv } from "./ports";
import { watchSources } from "./reload";
import { findRunningEnvironment } from "./running";
import { LocalScheduler } from "./scheduler";
import { Inbox } from "./smtp/inbox";
import { startSmtpCatcher } from "./smtp/smtp-catcher";
import { failedRunRecord, sendFailedRun } from "./sqs/failed-run";
import { LOCAL_ACCOUNT_ID, type StoredMessage, startLocalSqs } from "./sqs/fauxqs-server";
import { purgeDeadLetters, redriveDeadLetters, sendTestMessage } from "./sqs/queue-actions";
import { createLocalResources, dlqName, type LocalQueueAddress } from "./sqs/resources";
import { queueSnapshotFile, restoreQueues, SnapshotWriter } from "./sqs/snapshot-writer";
import { type DevState, removeDevState, stateDir, writeDevState } from "./state-file";
import { DevStatusReader } from "./status";
import { WorkerPool } from "./worker/worker-pool";

export type { DevEnvironment, DevEnvironmentOptions } from "./environment-types";

/**
 * Starts the whole system locally with AWS semantics: Postgres (PGlite or `DATABASE_URL`, migrated),
 * SQS/SNS (fauxqs) with the stack's queues, DLQs, topics and subscriptions, the scheduler, one
 * poller per queue, workers that run the Lambda adapters, the SMTP catcher, the dashboard and
 * `next dev` for `apps/web`. Stops everything it started if any part fails to start.
 */
export async function startDevEnvironment(options: DevEnvironmentOptions): Promise<DevEnvironment> {
  const root = path.resolve(options.root);
  const env = options.env ?? process.env;
  const print = options.print ?? ((text: string) => process.stdout.write(text));
  const line = (text: string) => print(`${text}\n`);
  const clock = options.clock ?? systemClock;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const dashboardPort = options.dashboardPort ?? portFromEnv(env, "NIGHTSHIFT_DASHBOARD_PORT", 4000);
  const webPort = options.webPort === false ? false : (options.webPort ?? portFromEnv(env, "PORT", 3000));
  const smtpPort = options.smtpPort ?? portFromEnv(env, "NIGHTSHIFT_SMTP_PORT", 0) ?? 0;

  const startedAt = Date.now();
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const step of cleanups.reverse())
      await step().catch((error: unknown) => line(`nightshift dev: ${(error as Error).message}`));
    cleanups.length = 0;
  };

  try {
    const running = await findRunningEnvironment(root);
    if (running) {
      throw new NightshiftError(
        "E_USAGE",
        `another \`nightshift dev\` is already running for ${root} (pid ${running.pid}, dashboard ${running.urls.dashboard}). Use that one, or stop it (Ctrl-C in its terminal) before starting another.`,
      );
    }
    // Fixed ports first, so a clash fails in milliseconds with the env var to change.
    if (dashboardPort !== 0)
      await ensurePortFree(dashboardPort, { service: "the nightshift dashboard", envVar: "NIGHTSHIFT_DASHBOARD_PORT" });
    if (webPort !== false && webPort !== 0 && existsSync(path.join(root, "apps", "web", "package.json")))
      await ensurePortFree(webPort, { service: "the Next.js app (apps/web)", envVar: "PORT" });
    if (smtpPort !== 0)
      await ensurePortFree(smtpPort, { service: "the local SMTP server", envVar: "NIGHTSHIFT_SMTP_PORT" });
    await mkdir(stateDir(root), { recursive: true });

    // Discovery, the database and the mail catcher do not depend on each other: start them together.
    const inbox = new Inbox(path.join(stateDir(root), "inbox"));
    const started = await Promise.allSettled([
      discoverLocalProject(root, env),
      options.database === false
        ? Promise.resolve(undefined)
        : startLocalDatabase(root, env.DATABASE_URL?.trim() || undefined, (l) => line(`db    │ ${l}`)),
      inbox.load().then(() => startSmtpCatcher(inbox, { port: smtpPort })),
    ]);
    for (const result of started.slice(1)) {
      const value = result.status === "fulfilled" ? (result.value as { stop(): Promise<void> } | undefined) : undefined;
      if (value) cleanups.push(() => value.stop());
    }
    const failed = started.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    let project = (started[0] as PromiseFulfilledResult<LocalProject>).value;
    const database = (started[1] as PromiseFulfilledResult<Awaited<ReturnType<typeof startLocalDatabase>> | undefined>)
      .value;
    const smtp = (started[2] as PromiseFulfilledResult<Awaited<ReturnType<typeof startSmtpCatcher>>>).value;
    const prefix = `${project.app}-development`;

    const sqsServer = await startLocalSqs({ region: project.region });
    cleanups.push(() => sqsServer.stop());
    const credentials = { accessKeyId: "nightshift-local", secretAccessKey: "nightshift-local" };
    const sqs = new SQSClient({ endpoint: sqsServer.endpoint, region: project.region, credentials });
    const sns = new SNSClient({ endpoint: sqsServer.endpoint, region: project.region, credentials });
    cleanups.push(async () => {
      sqs.destroy();
      sns.destroy();
    });
    let addresses = await createLocalResources(project, { sqs, sns }, prefix);
    // The dashboard (and with it FEED_URL) is up before any worker starts, so the first invocation
    // (a message restored from the last run) already gets the full environment.
    const endpoints = {
      app: project.app,
      region: project.region,
      accountId: LOCAL_ACCOUNT_ID,
      resourcePrefix: prefix,
      sqsEndpoint: sqsServer.endpoint,
      ...(database ? { databaseUrl: database.url } : {}),
      smtpUrl: smtp.url,
      feedUrl: "",
      dashboardUrl: "",
    };
    function workerEnvironment() {
      return workerEnv(root, env, localEnvVars(endpoints));
    }
    // A required secret with no value in .env.local (or the shell) stops here, listing each one with
    // the line that sets it; values the environment provides itself (SMTP_URL) count as set.
    if (existsSync(path.join(root, CONFIG_FILE))) {
      await checkRequiredSecrets(await loadConfig(root), localSecretSource(root, env, localEnvVars(endpoints)));
    }

    let environment: DevEnvironment | undefined;
    const dashboard: DashboardServer = await startDashboard({
      port: dashboardPort,
      pid: process.pid,
      backend: () => environment,
    });
    cleanups.push(() => dashboard.stop());
    endpoints.dashboardUrl = dashboard.url;
    endpoints.feedUrl = `${dashboard.url}/fixtures/feed.json`;
    // Every queue created in this session, also those a reload removed: their messages are still
    // saved, so a job that comes back (or a rename undone) finds them again.
    const knownQueues = new Set<string>();
    const remember = () => {
      for (const a of addresses.values()) knownQueues.add(a.physicalName).add(a.dlqPhysicalName);
      for (const c of project.crons) knownQueues.add(dlqName(prefix, c.name, false));
    };

    const invocations = new InvocationLog();
    const pool = new WorkerPool({ spawnOptions: () => ({ cwd: root, env: workerEnvironment() }) });
    cleanups.push(() => pool.stop());
    const invoker = createInvoker({
      root,
      pool,
      log: invocations,
      functionName: (job) => physicalName(prefix, job, { fifo: false }),
    });
    invocations.on("invocation:end", (record) => printInvocation(record, print));

    const scheduler = new LocalScheduler({
      clock,
      invoke: (cron, event, trigger) => invoker.invokeCron(cron, event, trigger),
      scheduleName: (cron) => physicalName(prefix, cron.name, { fifo: false }),
      onFinalFailure: (cron, event, record) => {
        const functionArn = `arn:aws:lambda:${project.region}:${LOCAL_ACCOUNT_ID}:function:${physicalName(prefix, cron.name, { fifo: false })}`;
        sendFailedRun(sqs, dlqName(prefix, cron.name, false), failedRunRecord({ functionArn, event, record })).then(
          () =>
            line(
              `cron  │ ${cron.name}: run ${event.executionId} failed after ${record.attempt} attempt(s); its record is in the DLQ ${dlqName(prefix, cron.name, false)}`,
            ),
          (error: unknown) =>
            line(`cron  │ ${cron.name}: could not record the failed run in its DLQ: ${(error as Error).message}`),
        );
      },
      ...(options.cronRetryDelaysMs ? { retryDelaysMs: options.cronRetryDelaysMs } : {}),
    });

    const snapshotFile = queueSnapshotFile(root);
    remember();
    const physicalNames = () => [...knownQueues];
    const orphans: Record<string, StoredMessage[]> = {};
    const restored = await restoreQueues(sqsServer, snapshotFile, orphans);
    scheduler.restoreRetries(restored.cronRetries, project.crons);
    if (restored.count > 0)
      line(`queue │ restored ${restored.count} message${restored.count === 1 ? "" : "s"} saved by the previous run`);
    for (const [name, messages] of Object.entries(orphans)) {
      line(
        `queue │ ${messages.length} saved message(s) of ${name}, which no longer exists, are kept in ${path.relative(root, snapshotFile)}`,
      );
    }
    const snapshots = new SnapshotWriter({
      file: snapshotFile,
      server: sqsServer,
      physicalNames,
      cronRetries: () => scheduler.pendingRetries(),
      orphans,
      intervalMs: options.snapshotIntervalMs ?? 2000,
    });

    const pollers = new Map<string, QueuePoller>();
    const startPoller = (queue: LocalQueue) => {
      const poller = new QueuePoller({
        queue,
        address: addresses.get(queue.name) as LocalQueueAddress,
        region: project.region,
        sqs,
        invoker,
        onError: (error) => line(`queue │ ${queue.name}: ${(error as Error).message}`),
      });
      pollers.set(queue.name, poller);
      poller.start();
    };
    for (const queue of project.queues) startPoller(queue);
    scheduler.setCrons(project.crons);
    snapshots.start();

    const status = new DevStatusReader({
      project: () => project,
      scheduler,
      invocations,
      cronDeadLetters: (name) => sqsServer.counts(dlqName(prefix, name, false)),
      counts: (name) => {
        const address = addresses.get(name);
        return {
          main: address ? sqsServer.counts(address.physicalName) : undefined,
          dlq: address ? sqsServer.counts(address.dlqPhysicalName) : undefined,
        };
      },
      clock,
    });

    const findCron = (name: string) => {
      const cron = project.crons.find((c) => c.name === name);
      if (!cron) throw unknownJob("cron", name, project.crons);
      return cron;
    };
    const findQueue = (name: string) => {
      const queue = project.queues.find((q) => q.name === name);
      const address = addresses.get(name);
      if (!queue || !address) throw unknownJob("queue", name, project.queues);
      return { queue, address };
    };

    const reloadListeners = new Set<(error?: Error) => void>();
    let reloading: Promise<void> = Promise.resolve();
    const reload = (changed: string[] = []) => {
      reloading = reloading.then(async () => {
        pool.reload();
        try {
          const next = await discoverLocalProject(root, env);
          addresses = await createLocalResources(next, { sqs, sns }, prefix);
          const previous = project;
          project = next;
          remember();
          for (const [name, poller] of pollers) {
            const queue = next.queues.find((q) => q.name === name);
            if (queue && sameSettings(queue, poller.queue)) continue;
            pollers.delete(name);
            await poller.stop(graceMs);
          }
          for (const queue of next.queues) if (!pollers.has(queue.name)) startPoller(queue);
          scheduler.setCrons(next.crons);
          const added = [...next.crons, ...next.queues].filter(
            (j) => ![...previous.crons, ...previous.queues].some((p) => p.name === j.name),
          );
          const what = changed.length
            ? ` after ${path.relative(root, changed[0] as string)}${changed.length > 1 ? ` and ${changed.length - 1} more` : ""} changed`
            : "";
          line(`dev   │ reloaded${what}${added.length ? `; new: ${added.map((j) => j.name).join(", ")}` : ""}`);
          for (const listener of reloadListeners) listener();
        } catch (error) {
          // A file saved mid-edit must not burn through messages' retries into the DLQ: consumers
          // pause (messages stay queued) until the project loads again.
          const paused = [...pollers.keys()];
          await Promise.all([...pollers.values()].map((p) => p.stop(graceMs)));
          pollers.clear();
          line(
            `dev   │ reload failed${paused.length ? `; consumers of ${paused.join(", ")} paused until it loads (messages stay queued)` : ""}: ${(error as Error).message}`,
          );
          for (const listener of reloadListeners) listener(error as Error);
        }
      });
      return reloading;
    };
    const stopWatching = options.watch === false ? () => {} : watchSources(root, (files) => void reload(files));
    cleanups.push(async () => stopWatching());

    let next: NextDevServer | undefined;

    if (webPort !== false) {
      next = await startNextDev({ root, port: webPort, env: workerEnvironment(), print: line });
      if (next) cleanups.push(() => (next as NextDevServer).stop());
    }

    const state: DevState = {
      pid: process.pid,
      root,
      startedAt: new Date().toISOString(),
      app: project.app,
      region: project.region,
      accountId: LOCAL_ACCOUNT_ID,
      resourcePrefix: prefix,
      ports: {
        dashboard: dashboard.port,
        ...(next ? { web: next.port } : {}),
        sqs: sqsServer.port,
        smtp: smtp.port,
        ...(database?.port ? { database: database.port } : {}),
      },
      urls: {
        dashboard: dashboard.url,
        ...(next ? { web: next.url } : {}),
        sqs: sqsServer.endpoint,
        sns: sqsServer.endpoint,
        smtp: smtp.url,
        database: database?.url ?? "",
      },
      env: localEnvVars(endpoints),
    };
    await writeDevState(root, state);
    cleanups.push(() => removeDevState(root));

    let stopping: Promise<void> | undefined;
    environment = {
      root,
      get project() {
        return project;
      },
      state,
      invocations,
      inbox,
      status,
      queueAddress: (name) => addresses.get(name),
      runCron: (name) => scheduler.runNow(findCron(name)),
      send: (name, message) => {
        const { queue, address } = findQueue(name);
        return sendTestMessage(sqs, queue, address, message);
      },
      redrive: (name) => {
        const { queue, address } = findQueue(name);
        return redriveDeadLetters(sqs, queue, address);
      },
      purgeDeadLetters: (name) => purgeDeadLetters(sqs, findQueue(name).address),
      peekDeadLetters: (name) => {
        const queue = project.queues.find((q) => q.name === name);
        const cron = project.crons.find((c) => c.name === name);
        if (!queue && !cron) throw unknownJob("queue", name, project.queues);
        const stored = sqsServer.messages(
          queue ? findQueue(name).address.dlqPhysicalName : dlqName(prefix, name, false),
        );
        return [...(stored?.ready ?? []), ...(stored?.delayed ?? []), ...(stored?.inFlight ?? [])].map((m) => ({
          messageId: m.messageId,
          body: m.body,
          receiveCount: m.approximateReceiveCount,
          sentAt: new Date(m.sentTimestamp).toISOString(),
          attributes: Object.fromEntries(
            Object.entries(m.messageAttributes).map(([k, v]) => [k, v.StringValue ?? v.BinaryValue ?? ""]),
          ),
          ...(m.messageGroupId ? { groupId: m.messageGroupId } : {}),
        }));
      },
      reload,
      workerPids: () => pool.pids(),
      onReload(listener) {
        reloadListeners.add(listener);
        return () => reloadListeners.delete(listener);
      },
      stop() {
        stopping ??= (async () => {
          stopWatching();
          snapshots.stop();
          await reloading.catch(() => {});
          // Stop taking new work, give running invocations the grace period, then stop workers.
          const [, ...unfinished] = await Promise.all([
            scheduler.stop(graceMs),
            ...[...pollers.values()].map((p) => p.stop(graceMs)),
          ]);
          const left = unfinished.reduce((a, b) => a + b, 0);
          if (left > 0)
            line(
              `dev   │ ${left} batch(es) still running after ${graceMs} ms; their messages stay queued and run on the next start`,
            );
          await pool.stop();
          await snapshots.save();
          await cleanup();
        })();
        return stopping;
      },
    };

    print(
      formatBanner({
        project,
        state,
        database: database ? (database.embedded ? "embedded" : "url") : "off",
        nextRun: (name) => scheduler.nextRun(name),
        startupMs: Date.now() - startedAt,
      }),
    );
    return environment;
  } catch (error) {
    await cleanup();
    throw error;
  }
}
