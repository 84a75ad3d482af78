import { describe, expect, it } from "vitest";
import { localEnvVars, workerEnv } from "../../src/local/env-vars";
import { cleanup, createProject } from "../helpers/temp-project";

const endpoints = {
  app: "wordmon",
  region: "us-east-1",
  accountId: "000000000000",
  resourcePrefix: "wordmon-development",
  sqsEndpoint: "http://127.0.0.1:4566",
  databaseUrl: "postgres://postgres@127.0.0.1:5433/postgres",
  smtpUrl: "smtp://127.0.0.1:2525",
  feedUrl: "http://127.0.0.1:4000/fixtures/feed.json",
  dashboardUrl: "http://127.0.0.1:4000",
};

describe("worker environment", () => {
  it("points the runtime at the local endpoints", () => {
    expect(localEnvVars(endpoints)).toMatchObject({
      NIGHTSHIFT_ENV: "development",
      NIGHTSHIFT_RESOURCE_PREFIX: "wordmon-development",
      NIGHTSHIFT_ACCOUNT_ID: "000000000000",
      AWS_REGION: "us-east-1",
      NIGHTSHIFT_SQS_ENDPOINT: "http://127.0.0.1:4566",
      NIGHTSHIFT_SNS_ENDPOINT: "http://127.0.0.1:4566",
      DATABASE_URL: "postgres://postgres@127.0.0.1:5433/postgres",
      SMTP_URL: "smtp://127.0.0.1:2525",
      FEED_URL: "http://127.0.0.1:4000/fixtures/feed.json",
    });
  });

  it("layers .env < .env.local < shell < local endpoints, keeping a deliberate FEED_URL", async () => {
    const root = await createProject({
      ".env": "RESEND_API_KEY=from-dot-env\nSHARED=env\nAWS_REGION=eu-west-3\n",
      ".env.local": "SHARED=env-local\nFEED_URL=https://news.example.com/feed.json\n",
    });
    try {
      const env = workerEnv(root, { SHELL_ONLY: "yes", NODE_OPTIONS: "--inspect" }, localEnvVars(endpoints));
      expect(env).toMatchObject({
        RESEND_API_KEY: "from-dot-env",
        SHARED: "env-local",
        SHELL_ONLY: "yes",
        AWS_REGION: "us-east-1",
        FEED_URL: "https://news.example.com/feed.json",
      });
      expect(env.NODE_OPTIONS).toBeUndefined();
    } finally {
      await cleanup(root);
    }
  });
});
