import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import type { Arns } from "../arn";
import { type PolicyStatement, policyJson } from "../policy";

/** Vercel's OIDC issuer host for a team (issuer mode `team`). */
export function vercelIssuerHost(team: string): string {
  return `oidc.vercel.com/${team}`;
}

/** The audience Vercel puts in a team's tokens. */
export function vercelAudience(team: string): string {
  return `https://vercel.com/${team}`;
}

/** The Vercel environments a role is made for. Vercel's token names one of these, never a branch. */
export type VercelTarget = "production" | "preview";

/** The `sub` claim of a Vercel function token for one project and environment. */
export function vercelSubject(config: ParsedNightshiftConfig, target: VercelTarget): string {
  return `owner:${config.vercel.team}:project:${config.vercel.project}:environment:${target}`;
}

/**
 * Names of the roles Vercel functions assume (`NIGHTSHIFT_ROLE_ARN`). They sit outside every
 * environment's `<app>-<env>-` prefix, so no pull-request deployer can change them.
 */
export function vercelRoleName(app: string, target: VercelTarget): string {
  return `${app}-vercel-${target}`;
}

/** The environments' name pattern each Vercel role may reach: production only, or every `pr-<N>`. */
export function vercelEnvironmentPattern(target: VercelTarget): string {
  return target === "production" ? "production" : "pr-*";
}

/**
 * What the Next.js app does with AWS: send to queues, publish to topics, and send later through a
 * one-time schedule in the environment's group with its scheduler role, all within the environments
 * `target` covers (`<app>-production-*`, or `<app>-pr-*`).
 */
export function vercelProducerStatements(app: string, arns: Arns, target: VercelTarget): PolicyStatement[] {
  const environments = vercelEnvironmentPattern(target);
  const names = `${app}-${environments}-*`;
  return [
    { Sid: "SendToQueues", Effect: "Allow", Action: "sqs:SendMessage", Resource: arns.sqs(names) },
    { Sid: "PublishToTopics", Effect: "Allow", Action: "sns:Publish", Resource: arns.sns(names) },
    {
      Sid: "CreateDelayedSends",
      Effect: "Allow",
      Action: "scheduler:CreateSchedule",
      // The schedule group of an environment is named `<app>-<env>` (see Scheduling).
      Resource: arns.schedule(`${app}-${environments}`, "*"),
    },
    {
      Sid: "PassSchedulerRole",
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: arns.role(`${app}-${environments}-scheduler`),
      Condition: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
    },
  ];
}

export interface VercelOidcProps {
  readonly config: ParsedNightshiftConfig;
  readonly arns: Arns;
}

/**
 * Keyless access from Vercel functions to AWS, in the `bootstrap` stack: the team's OIDC provider
 * and one role per Vercel environment. The production role trusts only tokens whose subject is the
 * project's production environment; the preview role trusts the project's preview environment.
 * Vercel's token carries no branch, so every preview deployment can assume the preview role; it
 * reaches only `<app>-pr-*` resources, and pull requests are kept apart by naming.
 */
export class VercelOidc extends Construct {
  readonly provider: IamOpenidConnectProvider;
  readonly productionRole: IamRole;
  readonly previewRole: IamRole;

  constructor(scope: Construct, id: string, props: VercelOidcProps) {
    super(scope, id);
    const { config, arns } = props;
    this.provider = new IamOpenidConnectProvider(this, "provider", {
      url: `https://${vercelIssuerHost(config.vercel.team)}`,
      clientIdList: [vercelAudience(config.vercel.team)],
    });
    this.productionRole = this.role("production", config, arns);
    this.previewRole = this.role("preview", config, arns);
  }

  private role(target: VercelTarget, config: ParsedNightshiftConfig, arns: Arns): IamRole {
    const host = vercelIssuerHost(config.vercel.team);
    const role = new IamRole(this, `${target}-role`, {
      name: vercelRoleName(config.app, target),
      description: `Assumed by ${config.vercel.team}/${config.vercel.project} ${target} functions on Vercel through OIDC.`,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyJson([
        {
          Effect: "Allow",
          Principal: { Federated: this.provider.arn },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              [`${host}:aud`]: vercelAudience(config.vercel.team),
              [`${host}:sub`]: vercelSubject(config, target),
            },
          },
        },
      ]),
    });
    new IamRolePolicy(this, `${target}-policy`, {
      name: "produce",
      role: role.name,
      policy: policyJson(vercelProducerStatements(config.app, arns, target)),
    });
    return role;
  }
}
