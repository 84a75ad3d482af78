/**
 * ARNs built from names, for policies that must name resources Terraform has not created yet (or
 * that a name pattern covers). `account` is usually the `aws_caller_identity` token.
 */
export class Arns {
  constructor(
    readonly region: string,
    readonly account: string,
    readonly partition = "aws",
  ) {}

  sqs(queueName: string): string {
    return `arn:${this.partition}:sqs:${this.region}:${this.account}:${queueName}`;
  }

  sns(topicName: string): string {
    return `arn:${this.partition}:sns:${this.region}:${this.account}:${topicName}`;
  }

  lambda(functionName: string): string {
    return `arn:${this.partition}:lambda:${this.region}:${this.account}:function:${functionName}`;
  }

  role(roleName: string): string {
    return `arn:${this.partition}:iam::${this.account}:role/${roleName}`;
  }

  logGroup(logGroupName: string): string {
    return `arn:${this.partition}:logs:${this.region}:${this.account}:log-group:${logGroupName}`;
  }

  policy(policyName: string): string {
    return `arn:${this.partition}:iam::${this.account}:policy/${policyName}`;
  }

  schedule(groupName: string, scheduleName: string): string {
    return `arn:${this.partition}:scheduler:${this.region}:${this.account}:schedule/${groupName}/${scheduleName}`;
  }

  scheduleGroup(groupName: string): string {
    return `arn:${this.partition}:scheduler:${this.region}:${this.account}:schedule-group/${groupName}`;
  }

  alarm(alarmName: string): string {
    return `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:${alarmName}`;
  }
}
