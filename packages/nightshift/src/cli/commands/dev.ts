import { defineCommand } from "citty";
import { startDevEnvironment } from "../../local/environment";
import { stopOnSignals } from "../../local/shutdown";
import { findProjectRoot } from "../project-root";

export default defineCommand({
  meta: {
    name: "dev",
    description:
      "Run the whole system locally with AWS semantics: Postgres, SQS/SNS, the scheduler, queue consumers, the Next.js app, an SMTP catcher and the dashboard.",
  },
  args: {
    web: {
      type: "boolean",
      default: true,
      description: "Start the Next.js dev server for apps/web (--no-web to skip it).",
    },
    grace: {
      type: "string",
      description: "Seconds Ctrl-C waits for running invocations before leaving them to be retried (default 10).",
    },
  },
  async run({ args }) {
    const root = findProjectRoot();
    // Lambda runs Node 22+; the AWS SDK's notice about an older local Node is noise here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    const grace = args.grace === undefined ? undefined : Number(args.grace);
    const environment = await startDevEnvironment({
      root,
      ...(args.web === false ? { webPort: false as const } : {}),
      ...(grace !== undefined && Number.isFinite(grace) && grace >= 0 ? { shutdownGraceMs: grace * 1000 } : {}),
    });
    stopOnSignals(
      () => environment.stop(),
      (line) => process.stdout.write(`${line}\n`),
    );
    // Keep running until a signal stops the environment.
    await new Promise(() => {});
  },
});
