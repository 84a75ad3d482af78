import { withNightshift } from "nightshift/next";

/**
 * The word monitor's Next.js app. `withNightshift` lets server actions import job contracts from
 * `services/` and `send()` to them (see packages/nightshift/src/next).
 */
export default withNightshift({
  reactStrictMode: true,
  poweredByHeader: false,
  devIndicators: false,
  // Keep the working tree clean: no generated AGENTS.md files.
  agentRules: false,
  experimental: { agentUpgrade: false },
});
