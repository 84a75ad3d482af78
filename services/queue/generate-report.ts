import { queue } from "nightshift";
import { z } from "zod";

/** Builds a PDF of a word's recent mentions and emails it. Producers import only this file. */
export default queue({
  schema: z.object({
    word: z.string().trim().min(1, "Enter a word").max(64, "Words are at most 64 characters"),
    email: z.email("Enter a valid email address"),
  }),
  timeout: "1 minute",
  retries: 3,
  concurrency: 2,
  batchSize: 1,
  expectedDuration: "3 seconds",
  expectedMessages: "200 per day",
});
