import { z } from "zod";

/** Longest word or phrase the monitor tracks, in characters. */
export const MAX_WORD_LENGTH = 64;

/**
 * What a tracked word may be: a word or short phrase of letters, digits, spaces and `- . + # & ' _`,
 * starting with a letter or digit (so "c++", "node.js" and "rust lang" are fine). The web form and the
 * `generate-report` contract share this rule, so a word the UI accepts is a word the queue accepts.
 */
export const wordSchema = z
  .string("Enter a word")
  .trim()
  .min(1, { error: "Enter a word", abort: true })
  .max(MAX_WORD_LENGTH, { error: `Words are at most ${MAX_WORD_LENGTH} characters`, abort: true })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} .+#&'_-]*$/u, "Use letters, digits, spaces and - . + # & ' _");

/** `report-<word>.pdf` file names and URL fragments: "Node.js Rocks" → "node-js-rocks". */
export function wordSlug(word: string): string {
  const slug = word
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
  return slug || "word";
}
