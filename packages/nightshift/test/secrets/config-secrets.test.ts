import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/parse-config";

const base = {
  app: "wordmon",
  stateBucket: "wordmon-state",
  github: { owner: "acme", repo: "wordmon" },
  vercel: { team: "acme", project: "wordmon" },
};

describe("declared secrets in nightshift.config.ts", () => {
  it("are required unless they say otherwise", () => {
    const config = parseConfig({
      ...base,
      secrets: [
        { name: "SMTP_URL", description: "mail", targets: ["lambda"] },
        { name: "STRIPE_KEY", description: "payments", targets: ["vercel"], required: false },
      ],
    });
    expect(config.secrets).toEqual([
      { name: "SMTP_URL", description: "mail", targets: ["lambda"], required: true },
      { name: "STRIPE_KEY", description: "payments", targets: ["vercel"], required: false },
    ]);
  });

  it("reject a required flag that is not a boolean", () => {
    expect(() =>
      parseConfig({
        ...base,
        secrets: [{ name: "SMTP_URL", description: "mail", targets: ["lambda"], required: "yes" }],
      }),
    ).toThrow('nightshift.config.ts: secrets[0].required must be true or false (got "yes").');
  });

  it("the example app declares SMTP_URL for the Lambdas", async () => {
    const { default: config } = await import("../../../../nightshift.config");
    expect(parseConfig(config).secrets).toEqual([
      {
        name: "SMTP_URL",
        description: "SMTP connection URL used to send report emails, e.g. smtps://user:pass@smtp.example.com:465",
        targets: ["lambda"],
        required: true,
      },
    ]);
  });
});
