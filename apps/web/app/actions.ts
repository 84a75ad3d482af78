"use server";

import { addWord, findWord, removeWord } from "@services/lib/mention-store";
import { wordSchema } from "@services/lib/tracked-word";
import generateReport from "@services/queue/generate-report";
import { revalidatePath } from "next/cache";
import { isNightshiftError, send } from "nightshift";
import { z } from "zod";
import { db } from "../lib/database";
import { type FormState, field, validateFields } from "../lib/form-state";

export type AddWordField = "word";
export type ReportField = "word" | "email";

const addWordSchema = z.object({ word: wordSchema });

/** Starts tracking a word. Errors (empty, too long, already tracked) come back on the `word` field. */
export async function addWordAction(
  _previous: FormState<AddWordField>,
  form: FormData,
): Promise<FormState<AddWordField>> {
  const values = { word: field(form, "word") };
  const checked = await validateFields(addWordSchema, values);
  if (!checked.ok)
    return { status: "error", message: "Check the word and try again.", fieldErrors: checked.fieldErrors, values };
  const added = await addWord(db(), checked.value.word);
  if (!added) {
    const existing = await findWord(db(), checked.value.word);
    return {
      status: "error",
      message: "Check the word and try again.",
      fieldErrors: { word: `“${existing?.word ?? checked.value.word}” is already tracked` },
      values,
    };
  }
  revalidatePath("/");
  return {
    status: "success",
    message: `Now tracking “${added.word}”. New mentions appear within a minute.`,
    fieldErrors: {},
    values: {},
  };
}

/** Stops tracking a word (and forgets its mentions). */
export async function removeWordAction(form: FormData): Promise<void> {
  const id = field(form, "id");
  if (/^\d+$/.test(id)) await removeWord(db(), id);
  revalidatePath("/");
}

/**
 * Queues a PDF report of a word's mentions for the given address. The input is checked with the
 * `generate-report` contract's own schema first, so an invalid field is shown next to it and nothing
 * is queued.
 */
export async function requestReportAction(
  _previous: FormState<ReportField>,
  form: FormData,
): Promise<FormState<ReportField>> {
  const values = { word: field(form, "word"), email: field(form, "email") };
  const checked = await validateFields(generateReport.schema, values);
  if (!checked.ok) {
    return { status: "error", message: "Check the highlighted fields.", fieldErrors: checked.fieldErrors, values };
  }
  try {
    await send(generateReport, checked.value);
  } catch (error) {
    console.error("could not queue generate-report", error);
    const reason = isNightshiftError(error) ? ` (${error.code})` : "";
    return {
      status: "error",
      message: `We could not queue your report${reason}. Nothing was sent; please try again in a moment.`,
      fieldErrors: {},
      values,
    };
  }
  return {
    status: "success",
    message: `Your report is on its way to ${checked.value.email}.`,
    fieldErrors: {},
    values: { word: checked.value.word },
  };
}
