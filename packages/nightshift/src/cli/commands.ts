import type { CommandDef } from "citty";

type Loader = () => Promise<CommandDef>;

/** Every CLI command, one file each, loaded only when run. */
export const commands: Record<string, Loader> = {
  cost: () => import("./commands/cost").then((m) => m.default as CommandDef),
  dev: () => import("./commands/dev").then((m) => m.default as CommandDef),
  dlq: () => import("./commands/dlq").then((m) => m.default as CommandDef),
  list: () => import("./commands/list").then((m) => m.default as CommandDef),
  logs: () => import("./commands/logs").then((m) => m.default as CommandDef),
  migrate: () => import("./commands/migrate").then((m) => m.default as CommandDef),
  "plan-report": () => import("./commands/plan-report").then((m) => m.default as CommandDef),
  run: () => import("./commands/run").then((m) => m.default as CommandDef),
  schedule: () => import("./commands/schedule").then((m) => m.default as CommandDef),
  secrets: () => import("./commands/secrets").then((m) => m.default as CommandDef),
  send: () => import("./commands/send").then((m) => m.default as CommandDef),
};
