import { queue } from "nightshift";
import { z } from "zod";
import { wordSchema } from "../lib/tracked-word";

/**
 * Builds a PDF of a word's recent mentions and emails it. Producers (the web app's server action, the
 * CLI) import only this file, so no handler code (pdfkit, nodemailer) reaches them.
 */
export default queue({
  schema: z.object({
    word: wordSchema,
    email: z
      .string("Enter your email address")
      .trim()
      .max(254, "Email addresses are at most 254 characters")
      .pipe(z.email("Enter a valid email address")),
  }),
  timeout: "1 minute",
  retries: 3,
  concurrency: 2,
  batchSize: 1,
  memory: 512,
  expectedDuration: "3 seconds",
  expectedMessages: "200 per day",
});
