import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { discoverProject } from "../../../src/discovery/discover";
import { createCronHandler } from "../../../src/runtime/lambda/cron";

/** Errors in log lines are written as the runtime's stdout sink writes them. */
const asLambdaLogs = (_key: string, value: unknown) =>
  value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;

/** One Invoke request the server received. */
export interface ReceivedInvoke {
  readonly functionName: string;
  readonly invocationType: string;
  readonly logType: string | undefined;
  readonly payload: unknown;
}

export interface LambdaTestServer {
  /** `NIGHTSHIFT_LAMBDA_ENDPOINT`. */
  readonly endpoint: string;
  readonly invokes: ReceivedInvoke[];
  stop(): Promise<void>;
}

/**
 * A server speaking Lambda's Invoke REST API (`POST /2015-03-31/functions/<name>/invocations`) whose
 * functions are the project's crons deployed under `prefix`: a synchronous invoke runs the job through
 * the real cron adapter and answers as Lambda does (payload, `X-Amz-Function-Error`, base64
 * `X-Amz-Log-Result`); an asynchronous one is accepted with 202. Unknown names get Lambda's 404.
 */
export async function startLambdaServer(options: { root: string; prefix: string }): Promise<LambdaTestServer> {
  const project = await discoverProject(options.root);
  const invokes: ReceivedInvoke[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations/.exec(req.url ?? "");
    const functionName = decodeURIComponent(match?.[1] ?? "");
    const invocationType = String(req.headers["x-amz-invocation-type"] ?? "RequestResponse");
    const logType = req.headers["x-amz-log-type"] as string | undefined;
    const payload = JSON.parse(Buffer.concat(chunks).toString() || "null");
    invokes.push({ functionName, invocationType, logType, payload });
    const cron = project.crons.find((c) => `${options.prefix}-${c.name}` === functionName);
    if (!cron) {
      res.writeHead(404, { "content-type": "application/json", "x-amzn-errortype": "ResourceNotFoundException" });
      res.end(
        JSON.stringify({
          Type: "User",
          Message: `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
        }),
      );
      return;
    }
    if (invocationType === "Event") {
      res.writeHead(202, { "content-type": "application/json" });
      res.end();
      return;
    }
    const requestId = randomUUID();
    const lines: string[] = [`START RequestId: ${requestId} Version: $LATEST`];
    const handler = createCronHandler(cron.definition, {
      name: cron.name,
      logSink: (line) => lines.push(JSON.stringify(line, asLambdaLogs)),
    });
    let body: unknown;
    const headers: Record<string, string> = { "content-type": "application/json", "x-amz-executed-version": "$LATEST" };
    try {
      body = await handler(payload, { awsRequestId: requestId, functionName, getRemainingTimeInMillis: () => 60_000 });
    } catch (error) {
      const e = error as Error;
      body = { errorType: e.name, errorMessage: e.message, trace: (e.stack ?? "").split("\n") };
      headers["x-amz-function-error"] = "Unhandled";
    }
    lines.push(
      `END RequestId: ${requestId}`,
      `REPORT RequestId: ${requestId}\tDuration: 3.00 ms\tBilled Duration: 3 ms\tMemory Size: 256 MB\tMax Memory Used: 70 MB`,
    );
    if (logType === "Tail") headers["x-amz-log-result"] = Buffer.from(`${lines.join("\n")}\n`).toString("base64");
    res.writeHead(200, headers);
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invokes,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
