import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type AddressObject, simpleParser } from "mailparser";

export interface CaughtAttachment {
  readonly filename: string;
  readonly contentType: string;
  /** Bytes. */
  readonly size: number;
}

/** One email the local SMTP server caught, as `GET /api/inbox` returns it. */
export interface CaughtEmail {
  readonly id: string;
  readonly receivedAt: string;
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  readonly attachments: CaughtAttachment[];
}

interface Stored {
  email: CaughtEmail;
  contents: Buffer[];
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? v.name)).filter((a): a is string => Boolean(a));
}

/**
 * Caught emails, in memory and as `.eml` files under `.nightshift/inbox/` so they survive a restart.
 * Newest first.
 */
export class Inbox extends EventEmitter<{ "email:received": [CaughtEmail] }> {
  private readonly emails: Stored[] = [];

  constructor(private readonly dir: string) {
    super();
  }

  /** Reads the emails a previous run saved. */
  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const files = (await readdir(this.dir)).filter((f) => f.endsWith(".eml")).sort();
    for (const file of files) {
      const raw = await readFile(path.join(this.dir, file));
      const [stamp, id] = file.replace(/\.eml$/, "").split("_");
      this.emails.unshift(await parse(raw, id ?? randomUUID(), new Date(Number(stamp) || Date.now())));
    }
  }

  /** Parses and keeps one raw message (RFC 5322). */
  async add(raw: Buffer, receivedAt = new Date()): Promise<CaughtEmail> {
    const id = randomUUID();
    const stored = await parse(raw, id, receivedAt);
    await mkdir(this.dir, { recursive: true });
    await writeFile(path.join(this.dir, `${receivedAt.getTime()}_${id}.eml`), raw);
    this.emails.unshift(stored);
    this.emit("email:received", stored.email);
    return stored.email;
  }

  list(): CaughtEmail[] {
    return this.emails.map((s) => s.email);
  }

  get(id: string): CaughtEmail | undefined {
    return this.emails.find((s) => s.email.id === id)?.email;
  }

  attachment(id: string, index: number): { attachment: CaughtAttachment; content: Buffer } | undefined {
    const stored = this.emails.find((s) => s.email.id === id);
    const attachment = stored?.email.attachments[index];
    const content = stored?.contents[index];
    return attachment && content ? { attachment, content } : undefined;
  }

  /** Deletes every caught email (memory and disk). */
  async clear(): Promise<void> {
    this.emails.length = 0;
    await rm(this.dir, { recursive: true, force: true });
    await mkdir(this.dir, { recursive: true });
  }

  /** Resolves with the first email (already caught or future) that matches. */
  waitFor(predicate: (email: CaughtEmail) => boolean): Promise<CaughtEmail> {
    const found = this.list().find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => {
      const listener = (email: CaughtEmail) => {
        if (!predicate(email)) return;
        this.off("email:received", listener);
        resolve(email);
      };
      this.on("email:received", listener);
    });
  }
}

async function parse(raw: Buffer, id: string, receivedAt: Date): Promise<Stored> {
  const mail = await simpleParser(raw);
  return {
    email: {
      id,
      receivedAt: receivedAt.toISOString(),
      from: addresses(mail.from).join(", "),
      to: [...addresses(mail.to), ...addresses(mail.cc)],
      subject: mail.subject ?? "",
      text: mail.text ?? "",
      ...(typeof mail.html === "string" ? { html: mail.html } : {}),
      attachments: mail.attachments.map((a, index) => ({
        filename: a.filename ?? `attachment-${index + 1}`,
        contentType: a.contentType,
        size: a.size ?? a.content.length,
      })),
    },
    contents: mail.attachments.map((a) => a.content),
  };
}
