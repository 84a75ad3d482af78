// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions, compared literally.
import { describe, expect, it } from "vitest";
import { allSteps, type Job, loadWorkflows, needsOf, type Workflow, workflow } from "./load-workflows";

const FORK_GATE = "github.event.pull_request.head.repo.full_name == github.repository";
const PR_GROUP = "nightshift-pr-${{ github.event.pull_request.number }}";
const workflows = loadWorkflows();

/** Permission scopes a job may ask for, and the only levels allowed. */
const ALLOWED_PERMISSIONS: Record<string, string[]> = {
  contents: ["read"],
  "id-token": ["write"],
  "pull-requests": ["read", "write"],
};

function permissions(job: Job): Record<string, string> {
  expect(typeof job.permissions, "permissions must be a map, never read-all/write-all").toBe("object");
  return job.permissions as Record<string, string>;
}

function usesAws(job: Job): boolean {
  return (job.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
}

function runs(job: Job): string {
  return (job.steps ?? []).map((s) => s.run ?? "").join("\n");
}

function stepIndex(job: Job, pattern: RegExp): number {
  return (job.steps ?? []).findIndex((s) => pattern.test(s.run ?? "") || pattern.test(s.uses ?? ""));
}

function calledWorkflow(job: Job): Workflow {
  expect(job.uses).toMatch(/^\.\/\.github\/workflows\/[\w-]+\.yml$/);
  return workflow(job.uses!.replace("./.github/workflows/", ""));
}

describe("every workflow", () => {
  it("exists as expected", () => {
    expect(workflows.map((w) => w.file)).toEqual([
      "destroy-pr-environment.yml",
      "pr-closed.yml",
      "pr-sweeper.yml",
      "production.yml",
      "pull-request.yml",
    ]);
  });

  it.each(workflows.map((w) => [w.file, w] as const))(
    "%s grants nothing at the top and declares permissions per job",
    (_, w) => {
      expect(w.permissions).toEqual({});
      for (const [name, job] of Object.entries(w.jobs)) {
        const granted = permissions(job);
        for (const [scope, level] of Object.entries(granted)) {
          expect(ALLOWED_PERMISSIONS[scope], `${w.file} ${name}: ${scope}`).toContain(level);
        }
        if (usesAws(job)) expect(granted["id-token"], `${w.file} ${name} assumes an AWS role`).toBe("write");
        else if (!job.uses) expect(granted["id-token"], `${w.file} ${name} needs no OIDC token`).toBeUndefined();
        if (granted["pull-requests"] === "write") expect(runs(job)).toContain("scripts/ci/upsert-pr-comment.ts");
      }
    },
  );

  it.each(workflows.map((w) => [w.file, w] as const))("%s never uses pull_request_target", (_, w) => {
    expect(Object.keys(w.on)).not.toContain("pull_request_target");
    expect(w.text).not.toContain("pull_request_target");
  });

  it.each(workflows.map((w) => [w.file, w] as const))("%s keeps every expression out of run scripts", (_, w) => {
    // Untrusted input (PR title, branch name, head ref, …) reaches scripts only through env:.
    for (const { job, step } of allSteps(w)) {
      if (step.run) expect(step.run, `${w.file} ${job} ${step.name ?? step.run}`).not.toContain("${{");
    }
    for (const match of w.text.matchAll(/\$\{\{([^}]*)\}\}/g)) {
      expect(match[1]).not.toMatch(/github\.event\.pull_request\.(title|body)|github\.event\.(issue|comment|review)/);
    }
  });

  it.each(workflows.map((w) => [w.file, w] as const))(
    "%s pins every action to a full commit SHA with its version",
    (_, w) => {
      const uses = [...w.text.matchAll(/^\s*(?:- )?uses:\s*(\S+)(.*)$/gm)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, ref, rest] of uses) {
        if (ref!.startsWith("./")) continue;
        expect(ref, `${w.file}: ${ref}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(rest, `${w.file}: ${ref} needs a "# vX.Y.Z" comment`).toMatch(/^\s+# v\d+\.\d+\.\d+$/);
      }
    },
  );

  it("pins the same version of an action everywhere", () => {
    const byAction = new Map<string, Set<string>>();
    for (const w of workflows) {
      for (const [, action, sha] of w.text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)@([0-9a-f]{40})/g)) {
        byAction.set(action!, (byAction.get(action!) ?? new Set()).add(sha!));
      }
    }
    for (const [action, shas] of byAction) expect([...shas], action).toHaveLength(1);
  });

  it.each(workflows.map((w) => [w.file, w] as const))("%s sets up Terraform ≥ 1.10 without the wrapper", (_, w) => {
    for (const [name, job] of Object.entries(w.jobs)) {
      const setup = (job.steps ?? []).find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"));
      if (!/\bterraform (init|plan|apply|destroy|show)\b/.test(runs(job))) continue;
      expect(setup, `${w.file} ${name} runs terraform`).toBeDefined();
      expect(setup!.with?.terraform_wrapper).toBe(false);
      const version = String(setup!.with?.terraform_version).replace(
        "${{ env.TERRAFORM_VERSION }}",
        w.env?.TERRAFORM_VERSION ?? "",
      );
      const [major, minor] = version.split(".").map(Number);
      expect(major === 1 && minor! >= 10, `${w.file}: terraform ${version}`).toBe(true);
      const setupAt = (job.steps ?? []).indexOf(setup!);
      expect(setupAt).toBeLessThan(stepIndex(job, /\bterraform (init|plan|apply|destroy)\b/));
    }
  });

  it.each(workflows.map((w) => [w.file, w] as const))("%s reaches AWS only through OIDC role assumption", (_, w) => {
    expect(w.text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
    for (const { step } of allSteps(w)) {
      if (!step.uses?.startsWith("aws-actions/configure-aws-credentials@")) continue;
      expect(step.with?.["role-to-assume"]).toMatch(
        /^\$\{\{ vars\.AWS_\w+_ROLE_ARN( \|\| vars\.AWS_\w+_ROLE_ARN)? \}\}$/,
      );
      expect(step.with?.["aws-region"]).toBe("${{ vars.AWS_REGION }}");
    }
  });

  it.each(workflows.map((w) => [w.file, w] as const))("%s never cancels a run in progress", (_, w) => {
    const groups = [w.concurrency, ...Object.values(w.jobs).map((j) => j.concurrency)].filter((c) => c !== undefined);
    for (const group of groups) {
      expect(typeof group).toBe("object");
      expect((group as { "cancel-in-progress": boolean })["cancel-in-progress"]).toBe(false);
    }
  });

  it.each(workflows.map((w) => [w.file, w] as const))("%s checks out without persisting the token", (_, w) => {
    for (const { job, step } of allSteps(w)) {
      if (step.uses?.startsWith("actions/checkout@")) expect(step.with?.["persist-credentials"], job).toBe(false);
    }
  });
});

describe("pull-request.yml", () => {
  const w = workflow("pull-request.yml");

  it("runs on opened, synchronize and reopened pull requests only", () => {
    expect(w.on).toEqual({ pull_request: { types: ["opened", "synchronize", "reopened"] } });
  });

  it("holds one concurrency group per PR and never cancels it", () => {
    expect(w.concurrency).toEqual({ group: PR_GROUP, "cancel-in-progress": false });
  });

  it("tests first, for every PR, with no secrets and no AWS", () => {
    const test = w.jobs.test!;
    expect(test.if).toBeUndefined();
    expect(test.permissions).toEqual({ contents: "read" });
    expect(JSON.stringify(test)).not.toContain("secrets.");
    expect(runs(test)).toContain("bash .ci/run");
  });

  it("gates every other job to branches of this repository, not Dependabot's", () => {
    for (const [name, job] of Object.entries(w.jobs)) {
      if (name === "test") continue;
      expect(job.if, name).toBe(`${FORK_GATE} && github.actor != 'dependabot[bot]'`);
    }
  });

  it("plans, then applies, migrates, deploys the preview and updates the comment, in that order", () => {
    expect(needsOf(w.jobs.plan!)).toEqual(["test"]);
    expect(needsOf(w.jobs.comment!)).toEqual(["plan"]);
    expect(needsOf(w.jobs.apply!)).toEqual(["plan"]);
    expect(needsOf(w.jobs.preview!)).toEqual(["apply"]);
    expect(needsOf(w.jobs["comment-preview"]!)).toEqual(["plan", "comment", "preview"]);
    const apply = w.jobs.apply!;
    expect(stepIndex(apply, /terraform apply/)).toBeLessThan(
      stepIndex(apply, /nightshift migrate --env "\$NIGHTSHIFT_ENV"/),
    );
    expect(apply.env?.NIGHTSHIFT_ENV).toBe("pr-${{ github.event.pull_request.number }}");
  });

  it("checks the PR environment's required secrets with the deploy role, right before the apply", () => {
    const apply = w.jobs.apply!;
    const check = stepIndex(apply, /^npx nightshift secrets check --env "\$NIGHTSHIFT_ENV"$/);
    expect(check).toBeGreaterThan(stepIndex(apply, /^aws-actions\/configure-aws-credentials@/));
    expect(check).toBe(stepIndex(apply, /terraform apply/) - 1);
    expect(apply.steps?.[check]?.["continue-on-error"]).toBeUndefined();
  });

  it("plans pr-<N> with its branch, and preview and production read-only", () => {
    const plan = w.jobs.plan!;
    expect(plan.env).toMatchObject({
      NIGHTSHIFT_ENV: "pr-${{ github.event.pull_request.number }}",
      NIGHTSHIFT_GIT_BRANCH: "${{ github.head_ref }}",
    });
    const script = runs(plan);
    expect(script).toContain("terraform plan -input=false -lock-timeout=5m -out=tfplan");
    expect(script).toContain("terraform plan -input=false -lock=false -refresh=false -out=tfplan");
    expect(script).toContain("for stack in preview production");
    expect(script).toContain('terraform show -json tfplan > "$RUNNER_TEMP/plans/$NIGHTSHIFT_ENV.json"');
    expect(script).toContain("npx nightshift plan-report");
    expect(script).toContain("npx nightshift cost --json");
    expect(script).toContain("npx nightshift list --json");
  });

  it("plans preview and production only with the read-only plan role, never with the PR deploy role", () => {
    const steps = w.jobs.plan!.steps ?? [];
    const roles = steps.filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(roles.map((s) => [s.if, s.with?.["role-to-assume"]])).toEqual([
      [undefined, "${{ vars.AWS_PR_ROLE_ARN }}"],
      ["vars.AWS_PLAN_ROLE_ARN != ''", "${{ vars.AWS_PLAN_ROLE_ARN }}"],
    ]);
    const shared = steps.find((s) => s.id === "shared")!;
    expect(shared.env).toEqual({ PLAN_ROLE_ARN: "${{ vars.AWS_PLAN_ROLE_ARN }}" });
    expect(shared.run).toMatch(/^if \[ -z "\$PLAN_ROLE_ARN" \]; then/);
    const report = steps.find((s) => s.name === "Build the plan report")!;
    expect(report.env?.SKIPPED_STACKS).toBe("${{ steps.shared.outputs.skipped }}");
    expect(report.run).toContain('--skipped "$SKIPPED_STACKS"');
  });

  it("moves only the value-free report between jobs", () => {
    const uploads = allSteps(w).filter(({ step }) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(uploads.map(({ step }) => step.with?.path)).toEqual(["${{ runner.temp }}/report/report.json"]);
  });

  it("deploys the preview from the PR head, named by its branch, after apply", () => {
    const preview = w.jobs.preview!;
    expect(preview.permissions).toEqual({ contents: "read" });
    expect(preview.env?.HEAD_REF).toBe("${{ github.head_ref }}");
    expect(runs(preview)).toContain('git checkout -B "$HEAD_REF"');
    expect(runs(preview)).toContain('deploy --prebuilt --token="$VERCEL_TOKEN"');
    expect(w.env?.VERCEL_CLI).toMatch(/^vercel@\d+\.\d+\.\d+$/);
  });
});

describe("destroy on close", () => {
  const closed = workflow("pr-closed.yml");
  const destroy = workflow("destroy-pr-environment.yml");

  it("runs when a PR closes, merged or not, in the PR's group", () => {
    expect(closed.on).toEqual({ pull_request: { types: ["closed"] } });
    expect(closed.concurrency).toEqual({ group: PR_GROUP, "cancel-in-progress": false });
    expect(closed.jobs.destroy!.if).toBe(FORK_GATE);
  });

  it("calls the destroy workflow with the inputs it declares, from the base branch", () => {
    const job = closed.jobs.destroy!;
    expect(calledWorkflow(job).file).toBe("destroy-pr-environment.yml");
    const declared = (destroy.on.workflow_call as { inputs: Record<string, unknown> }).inputs;
    expect(Object.keys(job.with!).sort()).toEqual(Object.keys(declared).sort());
    expect(job.with).toEqual({
      pr: "${{ github.event.pull_request.number }}",
      branch: "${{ github.event.pull_request.head.ref }}",
      ref: "${{ github.event.pull_request.base.ref }}",
    });
  });

  it("re-checks the PR, destroys the stack and deletes its state object", () => {
    const job = destroy.jobs.destroy!;
    expect(job.steps![0]!.with?.ref).toBe("${{ inputs.ref }}");
    expect(job.env?.NIGHTSHIFT_ENV).toBe("pr-${{ inputs.pr }}");
    const order = [
      /closed-pr-environments\.ts --pr/,
      /npm run synth/,
      /state-location\.ts/,
      /terraform destroy -input=false -auto-approve/,
      /aws s3api delete-object .*--key "\$STATE_KEY"$/m,
    ].map((pattern) => stepIndex(job, pattern));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const guarded = (job.steps ?? []).slice(order[1]);
    for (const step of guarded) expect(step.if, step.name ?? step.uses).toBe("steps.check.outputs.destroy == 'true'");
  });

  it("gives callers no more than they grant", () => {
    for (const caller of [closed.jobs.destroy!, workflow("pr-sweeper.yml").jobs.destroy!]) {
      expect(caller.permissions).toEqual(destroy.jobs.destroy!.permissions);
      expect(caller.secrets).toEqual({ VERCEL_TOKEN: "${{ secrets.VERCEL_TOKEN }}" });
    }
  });
});

describe("pr-sweeper.yml", () => {
  const w = workflow("pr-sweeper.yml");

  it("runs on a schedule and by hand", () => {
    expect(Object.keys(w.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect((w.on.schedule as Array<{ cron: string }>)[0]!.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it("lists pr-* state, asks GitHub, and destroys closed ones in each PR's own group", () => {
    expect(runs(w.jobs.find!)).toContain("aws s3api list-objects-v2");
    expect(runs(w.jobs.find!)).toContain('--summary "$GITHUB_STEP_SUMMARY"');
    const destroy = w.jobs.destroy!;
    expect(calledWorkflow(destroy).file).toBe("destroy-pr-environment.yml");
    expect(destroy.strategy).toMatchObject({
      "fail-fast": false,
      matrix: { include: "${{ fromJSON(needs.find.outputs.closed) }}" },
    });
    expect(destroy.concurrency).toEqual({ group: "nightshift-pr-${{ matrix.pr }}", "cancel-in-progress": false });
    expect(destroy.with).toEqual({ pr: "${{ matrix.pr }}", branch: "${{ matrix.branch }}", ref: "${{ github.ref }}" });
  });
});

describe("production.yml", () => {
  const w = workflow("production.yml");

  it("deploys every push to main, one run at a time", () => {
    expect(w.on).toEqual({ push: { branches: ["main"] } });
    expect(w.concurrency).toEqual({ group: "nightshift-production", "cancel-in-progress": false });
  });

  it("tests, applies AWS in the production environment, migrates, then deploys Vercel", () => {
    expect(needsOf(w.jobs["deploy-aws"]!)).toEqual(["test"]);
    expect(needsOf(w.jobs["deploy-vercel"]!)).toEqual(["deploy-aws"]);
    const aws = w.jobs["deploy-aws"]!;
    expect(aws.environment).toBe("production");
    const role = (aws.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/"))?.with?.["role-to-assume"];
    expect(role).toBe("${{ vars.AWS_PRODUCTION_ROLE_ARN }}");
    expect(runs(aws)).toContain("terraform apply -input=false -lock-timeout=5m tfplan");
    expect(stepIndex(aws, /terraform apply/)).toBeLessThan(stepIndex(aws, /nightshift migrate --env production/));
    expect(runs(w.jobs["deploy-vercel"]!)).toContain("deploy --prebuilt --prod");
  });

  it("checks production's required secrets with the deploy role, right before the apply", () => {
    const aws = w.jobs["deploy-aws"]!;
    const check = stepIndex(aws, /^npx nightshift secrets check --env production$/);
    expect(check).toBeGreaterThan(stepIndex(aws, /^aws-actions\/configure-aws-credentials@/));
    expect(check).toBe(stepIndex(aws, /terraform apply/) - 1);
    expect(aws.steps?.[check]?.["continue-on-error"]).toBeUndefined();
  });
});
