import { describe, expect, it } from "vitest";
import generateReport from "../../../services/queue/generate-report";
import { field, validateFields } from "../lib/form-state";

describe("validateFields with the generate-report contract", () => {
  it("returns the parsed payload for valid input", async () => {
    await expect(
      validateFields(generateReport.schema, { word: " nightshift ", email: " reader@example.com " }),
    ).resolves.toEqual({
      ok: true,
      value: { word: "nightshift", email: "reader@example.com" },
    });
  });

  it("maps each issue to its field, first message only", async () => {
    await expect(validateFields(generateReport.schema, { word: "", email: "nope" })).resolves.toEqual({
      ok: false,
      fieldErrors: { word: "Enter a word", email: "Enter a valid email address" },
    });
    await expect(validateFields(generateReport.schema, { word: "<b>", email: "reader@example.com" })).resolves.toEqual({
      ok: false,
      fieldErrors: { word: "Use letters, digits, spaces and - . + # & ' _" },
    });
  });
});

describe("field", () => {
  it("reads a text field and treats missing fields and files as empty", () => {
    const form = new FormData();
    form.set("word", "rust");
    form.set("upload", new Blob(["x"]));
    expect([field(form, "word"), field(form, "missing"), field(form, "upload")]).toEqual(["rust", "", ""]);
  });
});
