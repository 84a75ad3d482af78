import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group/index.js";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy/index.js";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function/index.js";
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { type PolicyStatement, policyJson, serviceTrustPolicy } from "../policy";
import type { EnvironmentContext, FunctionArtifact } from "./environment-context";

/** Lambda runtime of every function. */
export const FUNCTION_RUNTIME = "nodejs22.x";
/** Graviton: about 20% cheaper per GB-second than x86_64. */
export const FUNCTION_ARCHITECTURE = "arm64";
/** The bundler writes `index.mjs` exporting `handler`. */
export const FUNCTION_HANDLER = "index.handler";

export interface JobFunctionProps {
  readonly context: EnvironmentContext;
  /** The job's name (the function's base name). */
  readonly job: string;
  /** The job's file, for error messages. */
  readonly file: string;
  readonly artifact: FunctionArtifact;
  /** 1–900. */
  readonly timeoutSeconds: number;
  /** 128–10240. */
  readonly memoryMb: number;
  /** What this function needs beyond writing its logs and the environment-wide statements. */
  readonly statements: readonly PolicyStatement[];
}

/**
 * One job's Lambda function with what it cannot live without: its own log group with a retention
 * (created before the function, so Lambda never creates one that never expires), and a role that
 * can write only to that log group plus the given statements.
 */
export class JobFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  /** The role's inline policy. Resources that Lambda checks against the role depend on it. */
  readonly policy: IamRolePolicy;
  readonly logGroup: CloudwatchLogGroup;
  readonly functionName: string;
  private variables: Record<string, string>;

  constructor(scope: Construct, id: string, props: JobFunctionProps) {
    super(scope, id);
    const { context, job, file } = props;
    this.functionName = context.naming.claim("function", job, `${file}: function`);
    const roleName = context.naming.claim("role", job, `${file}: function role`);

    this.logGroup = new CloudwatchLogGroup(this, "logs", {
      name: `/aws/lambda/${this.functionName}`,
      retentionInDays: context.logRetentionDays,
    });
    this.role = new IamRole(this, "role", {
      name: roleName,
      assumeRolePolicy: serviceTrustPolicy("lambda.amazonaws.com"),
      ...(context.permissionsBoundary ? { permissionsBoundary: context.permissionsBoundary } : {}),
    });
    this.policy = new IamRolePolicy(this, "policy", {
      name: "function",
      role: this.role.name,
      policy: policyJson([
        {
          Sid: "WriteOwnLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${this.logGroup.arn}:*`,
        },
        ...props.statements,
        ...context.functionStatements,
      ]),
    });

    const asset = new TerraformAsset(this, "code", {
      path: props.artifact.zipPath,
      type: AssetType.FILE,
      // A content hash in hex: stable across checkouts and safe as a folder name.
      assetHash: Buffer.from(props.artifact.sha256, "base64").toString("hex"),
    });
    this.variables = { ...context.functionEnvironment };
    this.function = new LambdaFunction(this, "function", {
      functionName: this.functionName,
      role: this.role.arn,
      runtime: FUNCTION_RUNTIME,
      architectures: [FUNCTION_ARCHITECTURE],
      handler: FUNCTION_HANDLER,
      filename: asset.path,
      sourceCodeHash: props.artifact.sha256,
      timeout: props.timeoutSeconds,
      memorySize: props.memoryMb,
      loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
      environment: { variables: sortKeys(this.variables) },
      dependsOn: [this.logGroup, this.policy],
    });
  }

  /** Adds or replaces env vars on this function. */
  setEnvironment(variables: Readonly<Record<string, string>>): void {
    this.variables = { ...this.variables, ...variables };
    this.function.putEnvironment({ variables: sortKeys(this.variables) });
  }

  /** Grants this function more, as a separate inline policy named `name`. */
  grant(name: string, statements: readonly PolicyStatement[]): IamRolePolicy {
    return new IamRolePolicy(this, `policy-${name}`, {
      name,
      role: this.role.name,
      policy: policyJson([...statements]),
    });
  }
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
