import type { FilteredLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { awsCall } from "./aws-errors";
import { logGroupName } from "./deployed-names";
import type { OpsIo } from "./ops-io";
import { callContext } from "./queue-address";
import type { AwsTarget } from "./target";

/** One log line of a deployed job. */
export interface JobLogEvent {
  readonly eventId: string;
  /** Milliseconds since the epoch. */
  readonly timestamp: number;
  readonly message: string;
  readonly stream: string;
}

/** How often `--follow` asks CloudWatch Logs for new lines. */
export const FOLLOW_POLL_MS = 2000;

function toEvent(event: FilteredLogEvent): JobLogEvent {
  return {
    eventId: event.eventId ?? `${event.logStreamName}:${event.timestamp}`,
    timestamp: event.timestamp ?? 0,
    message: (event.message ?? "").replace(/\n$/, ""),
    stream: event.logStreamName ?? "",
  };
}

/**
 * Every log line the job's function wrote from `startTime` on (CloudWatch Logs FilterLogEvents over
 * `/aws/lambda/<function>`, following `nextToken` through every page), oldest first.
 */
export async function fetchJobLogs(
  target: AwsTarget,
  job: string,
  startTime: number,
  io: OpsIo,
  onPage?: (count: number) => void,
): Promise<JobLogEvent[]> {
  const logs = await target.clients.logs();
  const { FilterLogEventsCommand } = await import("@aws-sdk/client-cloudwatch-logs");
  const group = logGroupName(target.prefix, job);
  const context = {
    ...callContext(target, `reading the log group ${group}`),
    notFoundFix: "run the job once (the function writes its first lines then), or deploy it first",
  };
  const events: JobLogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await awsCall(context, () =>
      logs.send(
        new FilterLogEventsCommand({ logGroupName: group, startTime, ...(nextToken ? { nextToken } : {}) }),
        io.signal ? { abortSignal: io.signal } : {},
      ),
    );
    events.push(...(page.events ?? []).map(toEvent));
    onPage?.(events.length);
    nextToken = page.nextToken;
  } while (nextToken && !io.signal?.aborted);
  return events.sort((a, b) => a.timestamp - b.timestamp);
}

/**
 * Prints the job's log from `startTime`, then keeps asking for new lines every two seconds until
 * `io.signal` aborts (Ctrl-C). Lines are never shown twice: each poll starts at the newest timestamp
 * seen and skips the event ids already shown at it.
 */
export async function followJobLogs(
  target: AwsTarget,
  job: string,
  startTime: number,
  io: OpsIo,
  print: (events: readonly JobLogEvent[]) => void,
): Promise<void> {
  let from = startTime;
  let seenAtFrom = new Set<string>();
  while (!io.signal?.aborted) {
    let events: JobLogEvent[];
    try {
      events = (await fetchJobLogs(target, job, from, io)).filter((e) => !seenAtFrom.has(e.eventId));
    } catch (error) {
      if (io.signal?.aborted) return;
      throw error;
    }
    if (events.length > 0) {
      print(events);
      const newest = events[events.length - 1]?.timestamp ?? from;
      if (newest > from) seenAtFrom = new Set();
      from = newest;
      for (const event of events) if (event.timestamp === newest) seenAtFrom.add(event.eventId);
    }
    if (io.signal?.aborted) break;
    await io.sleep(FOLLOW_POLL_MS, io.signal);
  }
}
