import { type OpsIo, processIo } from "../ops/ops-io";

/** The terminal side of a secrets command: where a value is typed or piped in. */
export interface SecretInput {
  /** True when stdin is a terminal: the value is then typed at a hidden prompt. */
  readonly isTTY: boolean;
  /** Everything piped to stdin, until it ends. */
  readAll(): Promise<string>;
  /** Asks on stderr and reads one line from the terminal without echoing it. */
  promptHidden(question: string): Promise<string>;
}

/** An operations command's I/O plus the secret input. Tests pass their own. */
export interface SecretsIo extends OpsIo {
  readonly input: SecretInput;
}

/** The real process: stdin piped or a raw-mode terminal with no echo. */
export function processSecretsIo(): SecretsIo {
  return { ...processIo(), input: processSecretInput() };
}

function processSecretInput(): SecretInput {
  const stdin = process.stdin;
  return {
    isTTY: Boolean(stdin.isTTY),
    async readAll() {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks).toString("utf8");
    },
    promptHidden(question) {
      return readHidden(stdin, (text) => process.stderr.write(text), question);
    },
  };
}

/**
 * Reads one line from a terminal in raw mode, echoing nothing (not even `*`, which would tell the
 * length). Backspace edits, Enter ends, Ctrl-C and Ctrl-D abort.
 */
export function readHidden(stdin: NodeJS.ReadStream, write: (text: string) => void, question: string): Promise<string> {
  write(question);
  return new Promise((resolve, reject) => {
    let value = "";
    const wasRaw = stdin.isRaw;
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.setEncoding("utf8");
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode?.(wasRaw);
      stdin.pause();
      write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === "\r" || char === "\n") return finish();
        if (char === "\u0003" || char === "\u0004") return finish(new Error("aborted: no value was stored"));
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else value += char;
      }
    };
    stdin.on("data", onData);
  });
}
