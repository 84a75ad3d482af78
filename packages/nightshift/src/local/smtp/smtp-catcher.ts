import { SMTPServer } from "smtp-server";
import type { Inbox } from "./inbox";

export interface SmtpCatcher {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`: what workers and Next.js get as `SMTP_URL`. */
  readonly url: string;
  stop(): Promise<void>;
}

/** Largest message accepted (matches what a real provider would take for reports with PDFs). */
const MAX_MESSAGE_BYTES = 25 * 1024 * 1024;

/**
 * A local SMTP server that accepts every message (any login, no TLS, loopback only) and puts it in
 * the inbox instead of delivering it.
 */
export async function startSmtpCatcher(inbox: Inbox, options: { port?: number } = {}): Promise<SmtpCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    // Any credentials are accepted, so app code that logs in to its real provider works unchanged.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "local" });
    },
    banner: "nightshift dev mail catcher",
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Shutdown must not wait for idle client connections (the default waits 30 s).
    closeTimeout: 500,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        inbox.add(Buffer.concat(chunks)).then(
          () => callback(),
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
