/** `--env`, as every operations command takes it: a deployed environment, or the local one. */
export const envArg = {
  type: "string",
  description: "Deployed environment (production, pr-42…); default: the running local environment.",
} as const;
