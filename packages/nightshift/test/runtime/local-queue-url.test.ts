import { CreateQueueCommand, SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";
import { describe, expect, it } from "vitest";
import { readRuntimeConfig } from "../../src/runtime/config";
import { queueUrl } from "../../src/runtime/names";

describe("local queue URLs", () => {
  it("equal the URL the local server returns from CreateQueue when it is named after the endpoint's host", async () => {
    // `nightshift dev` runs fauxqs with host 127.0.0.1 and NIGHTSHIFT_SQS_ENDPOINT=http://127.0.0.1:<port>.
    const server = await startFauxqs({ port: 0, logger: false, host: "127.0.0.1", defaultRegion: "eu-west-1" });
    try {
      const endpoint = `http://127.0.0.1:${server.port}`;
      const client = new SQSClient({
        region: "eu-west-1",
        endpoint,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      const created = await client.send(
        new CreateQueueCommand({ QueueName: "wordmon-development-orders.fifo", Attributes: { FifoQueue: "true" } }),
      );
      client.destroy();
      const config = readRuntimeConfig({
        AWS_REGION: "eu-west-1",
        NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-development",
        NIGHTSHIFT_ACCOUNT_ID: "000000000000",
        NIGHTSHIFT_SQS_ENDPOINT: endpoint,
      });
      expect(queueUrl(config, "orders", true)).toBe(created.QueueUrl);
    } finally {
      await server.stop();
    }
  });
});
