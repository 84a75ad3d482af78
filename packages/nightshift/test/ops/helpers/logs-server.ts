import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface StoredLogEvent {
  readonly timestamp: number;
  readonly message: string;
  readonly logStreamName?: string;
}

export interface LogsTestServer {
  /** `NIGHTSHIFT_LOGS_ENDPOINT`. */
  readonly endpoint: string;
  /** Log groups and their events; tests add lines at any time. */
  readonly groups: Map<string, StoredLogEvent[]>;
  /** Every FilterLogEvents request body. */
  readonly requests: Record<string, unknown>[];
  stop(): Promise<void>;
}

/**
 * A server speaking CloudWatch Logs' JSON protocol for FilterLogEvents
 * (`x-amz-target: Logs_20140328.FilterLogEvents`): it filters by startTime/endTime and pages
 * `pageSize` events at a time with a nextToken; an unknown group is ResourceNotFoundException.
 */
export async function startLogsServer(options: { pageSize?: number } = {}): Promise<LogsTestServer> {
  const pageSize = options.pageSize ?? 2;
  const groups = new Map<string, StoredLogEvent[]>();
  const requests: Record<string, unknown>[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    if (req.headers["x-amz-target"] !== "Logs_20140328.FilterLogEvents") {
      return send(400, { __type: "UnknownOperationException", message: String(req.headers["x-amz-target"]) });
    }
    const input = JSON.parse(Buffer.concat(chunks).toString()) as {
      logGroupName: string;
      startTime?: number;
      endTime?: number;
      nextToken?: string;
    };
    requests.push(input);
    const events = groups.get(input.logGroupName);
    if (!events)
      return send(400, { __type: "ResourceNotFoundException", message: "The specified log group does not exist." });
    const matching = events
      .map((event, index) => ({ ...event, eventId: `event-${index}` }))
      .filter(
        (e) =>
          (input.startTime === undefined || e.timestamp >= input.startTime) &&
          (input.endTime === undefined || e.timestamp <= input.endTime),
      )
      .sort((a, b) => a.timestamp - b.timestamp);
    const offset = input.nextToken ? Number(input.nextToken) : 0;
    const page = matching.slice(offset, offset + pageSize);
    send(200, {
      events: page.map((e) => ({
        logStreamName: e.logStreamName ?? "2027/01/04/[$LATEST]abc",
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.timestamp,
        eventId: e.eventId,
      })),
      ...(offset + pageSize < matching.length ? { nextToken: String(offset + pageSize) } : {}),
      searchedLogStreams: [],
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    groups,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
