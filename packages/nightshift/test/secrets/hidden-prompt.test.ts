import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { readHidden } from "../../src/secrets/secrets-io";
import { CANARY } from "./helpers/secrets-project";

/** A terminal stand-in: records raw mode, and lets the test type. */
function fakeTerminal() {
  const emitter = new EventEmitter();
  const modes: boolean[] = [];
  const stdin = Object.assign(emitter, {
    isRaw: false,
    setRawMode(mode: boolean) {
      modes.push(mode);
      stdin.isRaw = mode;
      return stdin;
    },
    resume: () => stdin,
    pause: () => stdin,
    setEncoding: () => stdin,
  });
  return { stdin: stdin as unknown as NodeJS.ReadStream, modes, type: (text: string) => emitter.emit("data", text) };
}

describe("the hidden prompt", () => {
  it("reads a line in raw mode without echoing a character, with backspace, then restores the terminal", async () => {
    const terminal = fakeTerminal();
    let written = "";
    const value = readHidden(
      terminal.stdin,
      (text) => {
        written += text;
      },
      "Value for SMTP_URL (input hidden): ",
    );
    terminal.type(`${CANARY}x`);
    terminal.type("\u007f");
    terminal.type("\r");
    expect(await value).toBe(CANARY);
    expect(written).toBe("Value for SMTP_URL (input hidden): \n");
    expect(terminal.modes).toEqual([true, false]);
  });

  it("aborts on Ctrl-C without storing anything", async () => {
    const terminal = fakeTerminal();
    const value = readHidden(terminal.stdin, () => {}, "? ");
    terminal.type("abc\u0003");
    await expect(value).rejects.toThrow("aborted: no value was stored");
    expect(terminal.modes).toEqual([true, false]);
  });
});
