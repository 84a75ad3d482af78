/**
 * The report's recipient was refused for good (an SMTP 5xx reply, such as 550 "mailbox unavailable").
 * Retrying cannot help: the message fails until it reaches the dead-letter queue, with this reason logged.
 */
export class MailRejectedError extends Error {
  readonly code = "E_MAIL_REJECTED";
  readonly permanent = true;
  constructor(
    readonly recipient: string,
    readonly smtpReply: string,
    options?: { cause?: unknown },
  ) {
    super(
      `The mail server refused ${recipient}: ${smtpReply}. The address cannot receive the report, so retrying will not help; the message goes to the dead-letter queue after its retries. Ask again with a working address.`,
      options,
    );
    this.name = "MailRejectedError";
  }
}

/** The mail server could not be reached or answered "try later" (4xx): the message is retried. */
export class MailUnavailableError extends Error {
  readonly code = "E_MAIL_UNAVAILABLE";
  readonly permanent = false;
  constructor(server: string, reason: string, options?: { cause?: unknown }) {
    super(`Could not send the report through ${server}: ${reason}. The message will be retried.`, options);
    this.name = "MailUnavailableError";
  }
}
