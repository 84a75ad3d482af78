import { NightshiftError } from "../errors";

/**
 * Parses JSON typed on a command line or read from a file. On a syntax error it names where the
 * text came from, the line and column, what was expected, and shows the spot with a caret.
 * @example parseJsonText('{"id": }', "the payload") // E_INVALID_PAYLOAD: ... line 1, column 8 ...
 */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const { offset, expected } = findJsonError(text);
    const before = text.slice(0, offset);
    const line = before.split("\n").length;
    const lineStart = before.lastIndexOf("\n") + 1;
    const column = offset - lineStart + 1;
    const lineText = text.slice(lineStart).split("\n")[0] ?? "";
    const found = offset >= text.length ? "the end of the text" : JSON.stringify(text[offset]);
    const shown = lineText.length > 80 ? `${lineText.slice(Math.max(0, column - 40), column + 40)}` : lineText;
    const caretAt = lineText.length > 80 ? Math.min(column - 1, 39) : column - 1;
    throw new NightshiftError(
      "E_INVALID_PAYLOAD",
      `${where} is not valid JSON: line ${line}, column ${column}: expected ${expected}, found ${found}.\n${shown}\n${" ".repeat(caretAt)}^\nQuote keys and strings with double quotes, and leave no trailing commas; in a shell, wrap the JSON in single quotes.`,
    );
  }
}

interface JsonError {
  readonly offset: number;
  readonly expected: string;
}

/** Walks the text with JSON's grammar and returns the first offset that breaks it. */
function findJsonError(text: string): JsonError {
  let i = 0;
  const fail = (expected: string): never => {
    throw { offset: i, expected } satisfies JsonError;
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i] as string)) i++;
  };
  const literal = (word: string) => {
    for (const char of word) {
      if (text[i] !== char) fail(`"${word}"`);
      i++;
    }
  };
  const string = () => {
    if (text[i] !== '"') fail("a double-quoted string");
    i++;
    while (i < text.length && text[i] !== '"') {
      const char = text[i] as string;
      if (char < " ") fail("an escaped control character (\\n, \\t)");
      if (char === "\\") {
        i++;
        if (text[i] === "u") {
          i++;
          for (let k = 0; k < 4; k++) {
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("4 hex digits after \\u");
            i++;
          }
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail('an escape (\\", \\\\, \\n, \\t, \\uXXXX)');
      }
      i++;
    }
    if (i >= text.length) fail('a closing "');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === "" || match[0] === "-")
      fail("a value (object, array, string, number, true, false or null)");
    i += (match as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === "{") {
      i++;
      space();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        string();
        space();
        if (text[i] !== ":") fail('":" after the key');
        i++;
        value();
        space();
        if (text[i] === "}") {
          i++;
          return;
        }
        if (text[i] !== ",") fail('"," or "}"');
        i++;
        space();
        if (text[i] === "}") fail("another key (no trailing comma)");
      }
    }
    if (char === "[") {
      i++;
      space();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === "]") {
          i++;
          return;
        }
        if (text[i] !== ",") fail('"," or "]"');
        i++;
        space();
        if (text[i] === "]") fail("another value (no trailing comma)");
      }
    }
    if (char === '"') string();
    else if (char === "t") literal("true");
    else if (char === "f") literal("false");
    else if (char === "n") literal("null");
    else number();
  };
  try {
    value();
    space();
    if (i < text.length) fail("the end of the JSON");
  } catch (error) {
    if (typeof error === "object" && error !== null && "offset" in error) return error as JsonError;
    throw error;
  }
  return { offset: text.length, expected: "valid JSON" };
}
