import { vi } from "vitest";
import { createProject } from "../../helpers/temp-project";

/** The app every operations test deploys "to": physical names start `wordmon-pr-7-`. */
export const PREFIX = "wordmon-pr-7";

const CONFIG = `import { defineConfig } from "nightshift";
export default defineConfig({
  app: "wordmon",
  region: "us-east-1",
  stateBucket: "wordmon-state",
  github: { owner: "o", repo: "r" },
  vercel: { team: "t", project: "p" },
});
`;

/**
 * A project with a standard queue (`emails`), a FIFO queue (`orders`) and two crons
 * (`check-mentions` succeeds, `flaky` throws), plus `nightshift.config.ts`.
 */
export function createOpsProject(): Promise<string> {
  return createProject({
    "nightshift.config.ts": CONFIG,
    "services/queue/emails.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ to: z.string().email(), subject: z.string().min(1) }) });
`,
    "services/queue/emails.handler.ts": `import { handle } from "nightshift";
import contract from "./emails";
export default handle(contract, async (payload, ctx) => { ctx.log.info("sent", { to: payload.to }); });
`,
    "services/queue/orders.ts": `import { queue } from "nightshift";
import { z } from "zod";
export default queue({ schema: z.object({ id: z.number() }), fifo: { contentBasedDeduplication: true } });
`,
    "services/queue/orders.handler.ts": `import { handle } from "nightshift";
import contract from "./orders";
export default handle(contract, async () => {});
`,
    "services/cron/check-mentions.ts": `import { cron } from "nightshift";
export default cron({ schedule: "rate(5 minutes)", async run(ctx) { ctx.log.info("checked mentions", { found: 3 }); } });
`,
    "services/cron/flaky.ts": `import { cron } from "nightshift";
export default cron({ schedule: "rate(1 hour)", async run() { throw new Error("feed unavailable"); } });
`,
  });
}

/** Credentials the SDK's default chain finds in the environment (any work against test servers). */
export function stubAwsCredentials(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIATEST");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test-secret");
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
}

/** No credentials anywhere the SDK's default chain looks. */
export function stubNoAwsCredentials(): void {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
  vi.stubEnv("AWS_SESSION_TOKEN", "");
  vi.stubEnv("AWS_PROFILE", "");
  vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/nightshift-test/config");
  vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/nightshift-test/credentials");
  vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "");
  vi.stubEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
  vi.stubEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
  vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
}
