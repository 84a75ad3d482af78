import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalProject } from "../../src/local/local-project";
import { type LocalSqsServer, startLocalSqs } from "../../src/local/sqs/fauxqs-server";
import { createLocalResources, type LocalQueueAddress } from "../../src/local/sqs/resources";
import { localQueue } from "./queue-harness";

let server: LocalSqsServer;
let sqs: SQSClient;
let sns: SNSClient;
let addresses: Map<string, LocalQueueAddress>;

const project: LocalProject = {
  root: "/unused",
  app: "shop",
  region: "eu-west-1",
  crons: [],
  topics: [{ kind: "topic", name: "orders", file: "services/topic/orders.ts", fifo: false }],
  queues: [
    localQueue("all-orders", { subscriptions: [{ topic: "orders" }] }),
    localQueue("big-orders", {
      subscriptions: [{ topic: "orders", filter: { size: ["big"] } }],
      visibilityTimeoutSeconds: 120,
      maxReceiveCount: 6,
      delaySeconds: 5,
      retentionSeconds: 86_400,
    }),
    localQueue("invoices", { fifo: true, contentBasedDeduplication: true }),
  ],
};

beforeAll(async () => {
  server = await startLocalSqs({ region: "eu-west-1" });
  const credentials = { accessKeyId: "t", secretAccessKey: "t" };
  sqs = new SQSClient({ endpoint: server.endpoint, region: "eu-west-1", credentials });
  sns = new SNSClient({ endpoint: server.endpoint, region: "eu-west-1", credentials });
  addresses = await createLocalResources(project, { sqs, sns }, "shop-development");
});
afterAll(async () => {
  sqs.destroy();
  sns.destroy();
  await server.stop();
});

describe("local queues, topics and subscriptions", () => {
  it("names and addresses queues like the runtime expects", () => {
    expect(addresses.get("big-orders")).toEqual({
      name: "big-orders",
      physicalName: "shop-development-big-orders",
      url: `http://sqs.eu-west-1.127.0.0.1:${server.port}/000000000000/shop-development-big-orders`,
      arn: "arn:aws:sqs:eu-west-1:000000000000:shop-development-big-orders",
      dlqPhysicalName: "shop-development-big-orders-dlq",
      dlqUrl: `http://sqs.eu-west-1.127.0.0.1:${server.port}/000000000000/shop-development-big-orders-dlq`,
      dlqArn: "arn:aws:sqs:eu-west-1:000000000000:shop-development-big-orders-dlq",
    });
    expect(addresses.get("invoices")?.physicalName).toBe("shop-development-invoices.fifo");
    expect(addresses.get("invoices")?.dlqPhysicalName).toBe("shop-development-invoices-dlq.fifo");
  });

  it("sets the stack's attributes: redrive after maxReceiveCount, visibility, delay, retention, 1 MiB", async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: addresses.get("big-orders")?.url, AttributeNames: ["All"] }),
    );
    expect(Attributes).toMatchObject({
      VisibilityTimeout: "120",
      DelaySeconds: "5",
      MessageRetentionPeriod: "86400",
      MaximumMessageSize: "1048576",
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: "arn:aws:sqs:eu-west-1:000000000000:shop-development-big-orders-dlq",
        maxReceiveCount: 6,
      }),
    });
    const dlq = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: addresses.get("big-orders")?.dlqUrl, AttributeNames: ["All"] }),
    );
    expect(dlq.Attributes?.MessageRetentionPeriod).toBe("1209600");
  });

  it("fans a topic out raw to subscribed queues, honouring filter policies", async () => {
    const topicArn = "arn:aws:sns:eu-west-1:000000000000:shop-development-orders";
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: '{"id":"1"}',
        MessageAttributes: { size: { DataType: "String", StringValue: "small" } },
      }),
    );
    await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: '{"id":"2"}',
        MessageAttributes: { size: { DataType: "String", StringValue: "big" } },
      }),
    );
    const all = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: addresses.get("all-orders")?.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(all.Messages?.map((m) => m.Body).sort()).toEqual(['{"id":"1"}', '{"id":"2"}']);
    // big-orders delays delivery 5 s; the filtered message is there, delayed, and the other is not.
    expect(server.counts("shop-development-big-orders")).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
    expect(server.messages("shop-development-big-orders")?.delayed.map((m) => m.body)).toEqual(['{"id":"2"}']);
  });

  it("is idempotent, and applies changed settings to an existing queue", async () => {
    const changed: LocalProject = {
      ...project,
      queues: project.queues.map((q) =>
        q.name === "all-orders" ? { ...q, visibilityTimeoutSeconds: 90, maxReceiveCount: 2 } : q,
      ),
    };
    await createLocalResources(changed, { sqs, sns }, "shop-development");
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: addresses.get("all-orders")?.url, AttributeNames: ["All"] }),
    );
    expect(Attributes?.VisibilityTimeout).toBe("90");
    expect(JSON.parse(Attributes?.RedrivePolicy ?? "{}").maxReceiveCount).toBe(2);
  });
});
