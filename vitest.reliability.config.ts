import { defineConfig } from "vitest/config";

/**
 * `npm run test:reliability`: the long-running reliability suite (loss under failures and killed
 * workers, shutdown, crons across DST, properties, bad input). `npm test` leaves it out.
 */
export default defineConfig({
  test: {
    include: [
      "test/reliability/**/*.test.ts",
      // The unit suite's property tests belong to the reliability claims too; they run in both.
      "packages/nightshift/test/schedule/properties.test.ts",
      "packages/nightshift/test/runtime/queue-handler.property.test.ts",
    ],
    exclude: ["**/node_modules/**"],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The loss and shutdown tests each run many worker processes; on a small machine they would
    // slow each other into visibility timeouts, so files run one after another.
    fileParallelism: false,
  },
});
