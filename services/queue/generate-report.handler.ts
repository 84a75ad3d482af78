import { handle, secret } from "nightshift";
import { getSql } from "nightshift/internal/runtime/db";
import { readAppConfig } from "../lib/app-config";
import { MailRejectedError } from "../lib/mail-errors";
import { sendReportEmail } from "../lib/mailer";
import { recentMentions } from "../lib/mention-store";
import { buildReportPdf } from "../lib/report-pdf";
import { createReportRequest, markReportRequest } from "../lib/report-store";
import generateReport from "./generate-report";

/** What the delivery step stores (through `ctx.once`), so a redelivery repeats its outcome without mailing again. */
type Delivery = { status: "sent"; messageId: string; mentions: number } | { status: "rejected"; reply: string };

/**
 * Emails a PDF of the word's recent mentions.
 *
 * - The request row and the email each run inside `ctx.once`, keyed by the message id: a message
 *   delivered twice creates one row and sends one email.
 * - A mail server that is down or answers 4xx throws, so SQS retries the message.
 * - A refused address (5xx to RCPT TO) is stored as the delivery's outcome and thrown on every
 *   attempt without contacting the server again, so the message reaches the DLQ with the reason logged.
 */
export default handle(generateReport, async ({ word, email }, ctx) => {
  const sql = getSql();
  const config = readAppConfig();
  const requestId = await ctx.once(`${ctx.messageId}:request`, () => createReportRequest(sql, { word, email }));

  const delivery = await ctx.once<Delivery>(`${ctx.messageId}:email`, async () => {
    // A declared secret: from Secrets Manager in AWS, the environment on Vercel, `nightshift dev` locally.
    const smtpUrl = await secret("SMTP_URL");
    const mentions = await recentMentions(sql, word);
    const pdf = await buildReportPdf({ word, generatedAt: new Date(), mentions });
    try {
      const sent = await sendReportEmail({
        smtpUrl,
        from: config.mailFrom,
        to: email,
        word,
        pdf,
        mentionCount: mentions.length,
      });
      return { status: "sent", messageId: sent.messageId, mentions: mentions.length };
    } catch (error) {
      if (error instanceof MailRejectedError) return { status: "rejected", reply: error.smtpReply };
      await markReportRequest(sql, requestId, { status: "retrying", error: (error as Error).message });
      throw error;
    }
  });

  if (delivery.status === "rejected") {
    const rejection = new MailRejectedError(email, delivery.reply);
    await markReportRequest(sql, requestId, { status: "rejected", error: rejection.message });
    ctx.log.error("report not sent: the recipient was refused", { word, email, reason: delivery.reply });
    throw rejection;
  }
  await markReportRequest(sql, requestId, { status: "sent" });
  ctx.log.info("report sent", { word, email, mentions: delivery.mentions, smtpMessageId: delivery.messageId });
});
