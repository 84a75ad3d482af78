import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Every message the server accepted, parsed. */
  readonly received: ParsedMail[];
  /** Recipients the server refuses at RCPT TO with `550 5.1.1 <address>: mailbox unavailable`. */
  readonly refuse: Set<string>;
  /** Recipients the server answers at RCPT TO with `451 4.3.0 try again later`. */
  readonly defer: Set<string>;
  stop(): Promise<void>;
}

/** A real SMTP server (the `smtp-server` package) on a free loopback port, without TLS or auth. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  const refuse = new Set<string>();
  const defer = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onRcptTo(address, _session, callback) {
      const reply = (code: number, text: string) => callback(Object.assign(new Error(text), { responseCode: code }));
      if (refuse.has(address.address)) return reply(550, `5.1.1 <${address.address}>: mailbox unavailable`);
      if (defer.has(address.address)) return reply(451, "4.3.0 try again later");
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuse,
    defer,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
