import type { IamRole } from "@cdktf/provider-aws/lib/iam-role/index.js";
import type { Construct } from "constructs";
import type { ParsedNightshiftConfig } from "nightshift/internal/config/parse-config";
import type { Project } from "nightshift/internal/discovery/types";
import { NightshiftError } from "nightshift/internal/errors";
import { Alerts } from "../constructs/alerts";
import { CronJob } from "../constructs/cron-job";
import type { EnvironmentContext, FunctionArtifact } from "../constructs/environment-context";
import { JobFunction } from "../constructs/job-function";
import { JobTopic } from "../constructs/job-topic";
import { QueueConsumer } from "../constructs/queue-consumer";
import { Scheduling } from "../constructs/scheduling";
import { environmentKind, isPullRequestEnvironment } from "../environment-name";
import { Naming } from "../naming";
import type { PolicyStatement } from "../policy";
import { type ValidateProjectOptions, validateProject } from "../validate/validate-project";
import { bootstrapNames } from "./bootstrap-stack";
import { NightshiftStack } from "./nightshift-stack";

export interface EnvironmentStackProps {
  readonly config: ParsedNightshiftConfig;
  /** `production`, `pr-42`, `staging`… (checked by `parseEnvironmentName`). */
  readonly environment: string;
  readonly project: Project;
  /** Built functions by job name; every cron and queue needs one. */
  readonly artifacts: readonly FunctionArtifact[];
  /** Extra synth checks, such as the database's connection budget. */
  readonly validation?: ValidateProjectOptions;
}

/**
 * One deployable environment: every topic, queue consumer and cron of the project, the schedule
 * group and delayed-send role, and the alerts topic. Extensions (database, secrets, Vercel) add to
 * it through `addFunctionEnvironment`, `grantFunctions` and the exposed parts.
 */
export class EnvironmentStack extends NightshiftStack {
  readonly naming: Naming;
  readonly project: Project;
  readonly alerts: Alerts;
  readonly scheduling: Scheduling;
  readonly topics: ReadonlyMap<string, JobTopic>;
  readonly queues: ReadonlyMap<string, QueueConsumer>;
  readonly crons: ReadonlyMap<string, CronJob>;
  /**
   * The permissions boundary (policy ARN) every IAM role of this environment must carry: set in
   * `pr-<N>` environments, where the deploy role can create roles only with it.
   */
  readonly permissionsBoundary?: string;
  /** Every function of the environment, jobs and system functions, in creation order. */
  readonly functions: JobFunction[] = [];
  private readonly context: EnvironmentContext;
  private readonly artifacts: ReadonlyMap<string, FunctionArtifact>;
  private readonly extraEnvironment: Record<string, string> = {};
  private readonly grants: { name: string; statements: readonly PolicyStatement[] }[] = [];

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, props.environment, { config: props.config, environment: props.environment, backend: "s3" });
    const { config, environment, project } = props;
    this.project = project;
    this.naming = new Naming(config.app, environment);
    validateProject(project, this.naming, props.validation);
    this.artifacts = new Map(props.artifacts.map((artifact) => [artifact.name, artifact]));

    this.alerts = new Alerts(this, "alerts", {
      naming: this.naming,
      ...(config.alertEmail && environment === "production" ? { email: config.alertEmail } : {}),
    });
    const permissionsBoundary = isPullRequestEnvironment(environment)
      ? this.arns.policy(bootstrapNames(config.app).pullRequestBoundary)
      : undefined;
    if (permissionsBoundary) this.permissionsBoundary = permissionsBoundary;
    this.scheduling = new Scheduling(this, "scheduling", {
      naming: this.naming,
      arns: this.arns,
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
    });
    const envWildcard = this.naming.wildcard;
    this.context = {
      naming: this.naming,
      arns: this.arns,
      logRetentionDays: config.logRetentionDays,
      alertsTopicArn: this.alerts.topic.arn,
      ...(permissionsBoundary ? { permissionsBoundary } : {}),
      functionEnvironment: {
        NIGHTSHIFT_APP: config.app,
        NIGHTSHIFT_ENV: environment,
        NIGHTSHIFT_RESOURCE_PREFIX: this.naming.prefix,
        NIGHTSHIFT_ACCOUNT_ID: this.accountId,
        NIGHTSHIFT_SCHEDULER_ROLE_ARN: this.scheduling.sendRole.arn,
        NIGHTSHIFT_SCHEDULER_GROUP: this.scheduling.groupName,
        NODE_OPTIONS: "--enable-source-maps",
      },
      // Any function may send to any queue or topic of its own environment: handlers enqueue follow-up
      // work, and the runtime derives names from NIGHTSHIFT_RESOURCE_PREFIX. A prefix keeps the policy
      // the same size for 1 or 200 queues; it never reaches another environment (see environment-name.ts).
      functionStatements: [
        {
          Sid: "SendWithinEnvironment",
          Effect: "Allow",
          Action: "sqs:SendMessage",
          Resource: this.arns.sqs(envWildcard),
        },
        {
          Sid: "PublishWithinEnvironment",
          Effect: "Allow",
          Action: "sns:Publish",
          Resource: this.arns.sns(envWildcard),
        },
        ...this.scheduling.producerStatements(),
      ],
    };

    const topics = new Map<string, JobTopic>();
    for (const topic of project.topics) {
      topics.set(topic.name, new JobTopic(this, `topic-${topic.name}`, { context: this.context, topic }));
    }
    this.topics = topics;

    const queues = new Map<string, QueueConsumer>();
    for (const queue of project.queues) {
      const consumer = new QueueConsumer(this, `queue-${queue.name}`, {
        context: this.context,
        queue,
        artifact: this.artifact(queue.name, queue.file),
        topics,
      });
      queues.set(queue.name, consumer);
      this.functions.push(consumer.function);
    }
    this.queues = queues;

    const crons = new Map<string, CronJob>();
    const kind = environmentKind(environment);
    for (const cron of project.crons) {
      const job = new CronJob(this, `cron-${cron.name}`, {
        context: this.context,
        cron,
        artifact: this.artifact(cron.name, cron.file),
        scheduleGroup: this.scheduling.group.name,
        enabled: cron.environments[kind],
      });
      crons.set(cron.name, job);
      this.functions.push(job.function);
    }
    this.crons = crons;
  }

  /** The roles of every function, for extensions that grant something to all of them. */
  get functionRoles(): IamRole[] {
    return this.functions.map((fn) => fn.role);
  }

  /**
   * Adds env vars to every function, now and created later (`DATABASE_URL`, secrets' names…).
   * @example stack.addFunctionEnvironment({ DATABASE_URL: url })
   */
  addFunctionEnvironment(variables: Readonly<Record<string, string>>): void {
    Object.assign(this.extraEnvironment, variables);
    for (const fn of this.functions) fn.setEnvironment(variables);
  }

  /**
   * Grants every function, now and created later, the statements, as an inline policy `name` on
   * each role. Scope each statement to ARNs.
   */
  grantFunctions(name: string, statements: readonly PolicyStatement[]): void {
    this.grants.push({ name, statements });
    for (const fn of this.functions) fn.grant(name, statements);
  }

  /**
   * Creates a function that ships with Nightshift (a database provisioner, a migrator) from its
   * built artifact, with the environment's env vars and grants. `statements` are its own extra rights.
   */
  addSystemFunction(
    name: string,
    options: { timeoutSeconds: number; memoryMb: number; statements?: readonly PolicyStatement[] },
  ): JobFunction {
    const fn = new JobFunction(this, `system-${name}`, {
      context: this.context,
      job: name,
      file: `nightshift system function "${name}"`,
      artifact: this.artifact(name, `nightshift system function "${name}"`),
      timeoutSeconds: options.timeoutSeconds,
      memoryMb: options.memoryMb,
      statements: options.statements ?? [],
    });
    fn.setEnvironment(this.extraEnvironment);
    for (const grant of this.grants) fn.grant(grant.name, grant.statements);
    this.functions.push(fn);
    return fn;
  }

  private artifact(name: string, file: string): FunctionArtifact {
    const artifact = this.artifacts.get(name);
    if (!artifact) {
      throw new NightshiftError(
        "E_CONFIG",
        `${file}: no built function "${name}" was given to the "${this.environment}" stack; bundle every job (bundleFunctions) before synth.`,
      );
    }
    return artifact;
  }
}
