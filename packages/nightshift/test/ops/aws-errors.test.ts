import { describe, expect, it } from "vitest";
import { explainAwsError } from "../../src/ops/aws-errors";

const context = {
  action: "invoking wordmon-production-check-mentions",
  environment: "production",
  region: "us-east-1",
};

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe("AWS errors, explained", () => {
  it("gives each kind of failure its code and fix", () => {
    expect(
      explainAwsError(named("ExpiredTokenException", "The security token included in the request is expired"), context)
        .message,
    ).toBe(
      'AWS rejected your credentials while invoking wordmon-production-check-mentions in environment "production" (us-east-1) (ExpiredTokenException: The security token included in the request is expired); they are expired or wrong. Log in with `aws sso login --profile <profile>` and set AWS_PROFILE=<profile>, or export AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN); `aws sts get-caller-identity` shows who you are.',
    );
    expect(
      explainAwsError(
        named(
          "AccessDeniedException",
          "User: arn:aws:sts::1:assumed-role/dev is not authorized to perform: lambda:InvokeFunction",
        ),
        context,
      ),
    ).toMatchObject({
      code: "E_ACCESS_DENIED",
      message:
        'your AWS identity may not do this: invoking wordmon-production-check-mentions in environment "production" (us-east-1) was denied (User: arn:aws:sts::1:assumed-role/dev is not authorized to perform: lambda:InvokeFunction). Use a role that may operate the environment (the deploy role, or an admin), e.g. AWS_PROFILE=<profile with access>.',
    });
    expect(explainAwsError(named("AbortError", "Request aborted"), context)).toMatchObject({
      code: "E_INTERRUPTED",
      message:
        'invoking wordmon-production-check-mentions in environment "production" (us-east-1) was interrupted (Ctrl-C); whatever AWS had already accepted keeps going.',
    });
    expect(explainAwsError(named("TooManyRequestsException", "Rate exceeded"), context)).toMatchObject({
      code: "E_AWS",
      message:
        'invoking wordmon-production-check-mentions in environment "production" (us-east-1) failed: TooManyRequestsException: Rate exceeded',
    });
  });
});
