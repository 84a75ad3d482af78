import nodemailer from "nodemailer";
import { MailRejectedError, MailUnavailableError } from "./mail-errors";
import { wordSlug } from "./tracked-word";

export interface ReportEmail {
  /** `SMTP_URL`: `smtp://user:pass@host:port`, `smtps://…`; query options such as `?tls.rejectUnauthorized=false` work. */
  readonly smtpUrl: string;
  readonly from: string;
  readonly to: string;
  readonly word: string;
  readonly pdf: Buffer;
  readonly mentionCount: number;
}

/** Seconds to wait for the mail server to connect, greet and answer, so a stuck server fails fast and is retried. */
export const SMTP_TIMEOUT_SECONDS = { connection: 10, greeting: 10, socket: 30 } as const;

/** `report-<word>.pdf` */
export const reportFileName = (word: string) => `report-${wordSlug(word)}.pdf`;

/** `smtp://mail.example.com:587` (the URL without its credentials), for messages and logs. */
export function describeServer(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return "the SMTP server (SMTP_URL is not a valid URL)";
  }
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/**
 * A 5xx reply to the recipient (`RCPT TO`) or to the message itself (`DATA`): no retry will change it.
 * A 5xx to `AUTH` or `MAIL FROM` is the sender's configuration (SMTP_URL, MAIL_FROM), so it is retried
 * like an outage while someone fixes it, and the reason is in every failure's log line.
 */
function isPermanentRefusal(error: SmtpError): boolean {
  const code = error.responseCode;
  if (code === undefined || code < 500 || code > 599) return false;
  return /^(RCPT|DATA)/i.test(error.command ?? "");
}

/**
 * Sends the report as an email with the PDF attached as `report-<word>.pdf`. A 5xx reply to the recipient
 * or the message (refused for good) throws `MailRejectedError`; anything else (refused connection,
 * timeout, 4xx "try later") throws `MailUnavailableError`, which the queue retries.
 */
export async function sendReportEmail(email: ReportEmail): Promise<{ messageId: string }> {
  const server = describeServer(email.smtpUrl);
  const transport = nodemailer.createTransport({
    url: email.smtpUrl,
    connectionTimeout: SMTP_TIMEOUT_SECONDS.connection * 1000,
    greetingTimeout: SMTP_TIMEOUT_SECONDS.greeting * 1000,
    socketTimeout: SMTP_TIMEOUT_SECONDS.socket * 1000,
  });
  const count = email.mentionCount === 1 ? "1 recent mention" : `${email.mentionCount} recent mentions`;
  try {
    const info = await transport.sendMail({
      from: email.from,
      to: email.to,
      subject: `Your report for "${email.word}"`,
      text: `Attached is your report for "${email.word}" with ${count}.\n\n— Word monitor`,
      attachments: [{ filename: reportFileName(email.word), content: email.pdf, contentType: "application/pdf" }],
    });
    return { messageId: info.messageId };
  } catch (caught) {
    const error = caught as SmtpError;
    const reply = error.response?.trim() || error.message || String(caught);
    if (isPermanentRefusal(error)) {
      throw new MailRejectedError(email.to, reply, { cause: caught });
    }
    throw new MailUnavailableError(server, error.code ? `${error.code}: ${reply}` : reply, { cause: caught });
  } finally {
    transport.close();
  }
}
