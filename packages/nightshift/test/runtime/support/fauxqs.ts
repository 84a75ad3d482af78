import { type FauxqsServer, startFauxqs } from "fauxqs";
import { resetRuntimeConfig } from "../../../src/runtime/config";

export const TEST_PREFIX = "wordmon-test";
export const LOCAL_ACCOUNT = "000000000000";

/**
 * A real local SQS/SNS server (fauxqs) on a random port, with the runtime's env pointed at it the way
 * `nightshift dev` does. fauxqs names queue URLs `http://sqs.<region>.localhost:<port>/…`, so the
 * endpoint uses the host name `localhost`.
 */
export async function startLocalAws(): Promise<{ server: FauxqsServer; endpoint: string; stop(): Promise<void> }> {
  const server = await startFauxqs({ port: 0, logger: false });
  const endpoint = `http://localhost:${server.port}`;
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    NIGHTSHIFT_ENV: "test",
    NIGHTSHIFT_RESOURCE_PREFIX: TEST_PREFIX,
    NIGHTSHIFT_ACCOUNT_ID: LOCAL_ACCOUNT,
    NIGHTSHIFT_SQS_ENDPOINT: endpoint,
    NIGHTSHIFT_SNS_ENDPOINT: endpoint,
  });
  resetRuntimeConfig();
  return {
    server,
    endpoint,
    async stop() {
      resetRuntimeConfig();
      await server.stop();
    },
  };
}
