import { randomUUID } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { type FauxqsServer, startFauxqs } from "fauxqs";

/** One StartMessageMoveTask the test server received, and how it went. */
export interface MoveTask {
  readonly handle: string;
  readonly sourceArn: string;
  readonly destinationArn: string;
  readonly toMove: number;
  moved: number;
  status: "RUNNING" | "COMPLETED" | "FAILED";
}

export interface SqsTestServer {
  /** Endpoint for SQS clients (`NIGHTSHIFT_SQS_ENDPOINT`), with message move tasks. */
  readonly endpoint: string;
  /** fauxqs itself, whose queue URLs match what the runtime producer derives from its endpoint. */
  readonly directEndpoint: string;
  readonly fauxqs: FauxqsServer;
  readonly moveTasks: MoveTask[];
  /** A plain SQS client aimed at the server, for arranging and checking queues. */
  readonly client: SQSClient;
  /** Creates a queue and its DLQ (with a RedrivePolicy), as a deploy would. */
  createQueuePair(
    name: string,
    options?: { fifo?: boolean; contentBasedDeduplication?: boolean; maxReceiveCount?: number },
  ): { url: string; dlqUrl: string };
  /** Bodies of the messages waiting in a queue, oldest first, without receiving them. */
  bodies(name: string): string[];
  stop(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * fauxqs (in-process) behind a small HTTP front that adds what fauxqs 1.9.2 lacks: the SQS JSON
 * protocol's StartMessageMoveTask and ListMessageMoveTasks. A move task moves one message per
 * ListMessageMoveTasks call (receive from the DLQ, send to the destination, delete), so a caller
 * polling it sees progress without any timing. Every other request is forwarded to fauxqs untouched.
 */
export async function startSqsServer(): Promise<SqsTestServer> {
  // host 127.0.0.1: queue URLs are then http://sqs.<region>.127.0.0.1:<port>/…, the form the runtime
  // producer derives from NIGHTSHIFT_SQS_ENDPOINT (as the local environment starts fauxqs).
  const fauxqs = await startFauxqs({ port: 0, logger: false, host: "127.0.0.1" });
  const inner = new SQSClient({ region: "us-east-1", endpoint: fauxqs.address, credentials: CREDENTIALS });
  const moveTasks: MoveTask[] = [];
  const nameOf = (arn: string) => arn.split(":").pop() as string;
  const urlOf = async (arn: string) =>
    (await inner.send(new GetQueueUrlCommand({ QueueName: nameOf(arn) }))).QueueUrl as string;

  const step = async (task: MoveTask) => {
    if (task.status !== "RUNNING") return;
    const from = await urlOf(task.sourceArn);
    const received = await inner.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 30,
        MessageAttributeNames: ["All"],
      }),
    );
    const message = received.Messages?.[0];
    if (!message) {
      task.status = "COMPLETED";
      return;
    }
    await inner.send(
      new SendMessageCommand({
        QueueUrl: await urlOf(task.destinationArn),
        MessageBody: message.Body,
        ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
      }),
    );
    await inner.send(new DeleteMessageCommand({ QueueUrl: from, ReceiptHandle: message.ReceiptHandle }));
    task.moved += 1;
    if (task.moved >= task.toMove) task.status = "COMPLETED";
  };

  const json = (res: import("node:http").ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/x-amz-json-1.0" });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    try {
      if (target === "AmazonSQS.StartMessageMoveTask") {
        const input = JSON.parse(body.toString()) as { SourceArn: string; DestinationArn: string };
        const queue = fauxqs.inspectQueue(nameOf(input.SourceArn));
        if (!queue)
          return json(res, 400, { __type: "com.amazonaws.sqs#ResourceNotFoundException", message: "no such source" });
        const task: MoveTask = {
          handle: randomUUID(),
          sourceArn: input.SourceArn,
          destinationArn: input.DestinationArn,
          toMove: queue.messages.ready.length,
          moved: 0,
          status: "RUNNING",
        };
        moveTasks.push(task);
        return json(res, 200, { TaskHandle: task.handle });
      }
      if (target === "AmazonSQS.ListMessageMoveTasks") {
        const input = JSON.parse(body.toString()) as { SourceArn: string };
        const tasks = moveTasks.filter((t) => t.sourceArn === input.SourceArn).reverse();
        for (const task of tasks) await step(task);
        return json(res, 200, {
          Results: tasks.map((t) => ({
            TaskHandle: t.status === "RUNNING" ? t.handle : undefined,
            Status: t.status,
            SourceArn: t.sourceArn,
            DestinationArn: t.destinationArn,
            ApproximateNumberOfMessagesMoved: t.moved,
            ApproximateNumberOfMessagesToMove: t.toMove,
            StartedTimestamp: 0,
          })),
        });
      }
    } catch (error) {
      return json(res, 500, { __type: "InternalError", message: String(error) });
    }
    const upstream = new URL(fauxqs.address);
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers },
      (response) => {
        res.writeHead(response.statusCode ?? 500, response.headers);
        response.pipe(res);
      },
    );
    forward.on("error", (error) => json(res, 502, { __type: "InternalError", message: String(error) }));
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    endpoint,
    directEndpoint: `http://127.0.0.1:${fauxqs.port}`,
    fauxqs,
    moveTasks,
    client: new SQSClient({ region: "us-east-1", endpoint, credentials: CREDENTIALS }),
    createQueuePair(name, options = {}) {
      const suffix = options.fifo ? ".fifo" : "";
      const fifo: Record<string, string> = options.fifo
        ? { FifoQueue: "true", ContentBasedDeduplication: String(options.contentBasedDeduplication ?? false) }
        : {};
      const dlq = fauxqs.createQueue(`${name}-dlq${suffix}`, { attributes: fifo });
      const queue = fauxqs.createQueue(`${name}${suffix}`, {
        attributes: {
          ...fifo,
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: dlq.queueArn,
            maxReceiveCount: options.maxReceiveCount ?? 2,
          }),
        },
      });
      return { url: queue.queueUrl, dlqUrl: dlq.queueUrl };
    },
    bodies(name) {
      const queue = fauxqs.inspectQueue(name);
      if (!queue) throw new Error(`no queue ${name}`);
      return [...queue.messages.ready, ...queue.messages.inflight.map((m) => m.message)].map((m) => m.body);
    },
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      inner.destroy();
      await fauxqs.stop();
    },
  };
}
