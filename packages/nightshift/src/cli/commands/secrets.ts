import { type CommandDef, defineCommand } from "citty";

const sub = (load: () => Promise<{ default: unknown }>) => () => load().then((m) => m.default as CommandDef);

/** `nightshift secrets <set|list|unset|status|check>`: declared secrets in AWS Secrets Manager and Vercel. */
export default defineCommand({
  meta: {
    name: "secrets",
    description: "Set, list, unset and check the secrets declared in nightshift.config.ts (values never printed).",
  },
  subCommands: {
    set: sub(() => import("./secrets/set")),
    list: sub(() => import("./secrets/list")),
    unset: sub(() => import("./secrets/unset")),
    status: sub(() => import("./secrets/status")),
    check: sub(() => import("./secrets/check")),
  },
});
