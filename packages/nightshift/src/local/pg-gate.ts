import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of the embedded Postgres that lets one client at a time hold the database
 * from its first message to the end of its query cycle.
 *
 * PGlite has a single session. `@electric-sql/pglite-socket` (0.2.x) queues clients per protocol
 * message, so the extended-protocol messages of two clients (Parse, Bind, Execute, Sync) interleave
 * and one client's Bind lands on the other's Parse ("bind message supplies 3 parameters, but
 * prepared statement "" requires 1"). Through this gate a client keeps the turn until it has sent
 * Sync (or a simple Query) and received ReadyForQuery with status idle, so cycles never interleave;
 * an open transaction keeps the turn until it ends, as PGlite's single session requires anyway.
 */
export interface PgGate {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  stop(): Promise<void>;
}

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;

interface Client {
  readonly socket: Socket;
  readonly upstream: Socket;
  /** Complete client messages not yet forwarded. */
  pending: Buffer[];
  /** Unparsed client bytes (an incomplete message). */
  inbound: Buffer;
  /** Unparsed server bytes. */
  outbound: Buffer;
  /** Before the StartupMessage, client messages have no type byte. */
  startup: boolean;
  /** ReadyForQuery messages still due (one per Sync, Query and StartupMessage). */
  outstanding: number;
  /** One-byte answers still due (SSLRequest, GSSENCRequest). */
  rawAnswers: number;
  /** A cycle was started (Parse, Bind…) and not yet closed by Sync. */
  openCycle: boolean;
  /** ReadyForQuery status: I idle, T in transaction, E failed transaction. */
  status: string;
  closed: boolean;
}

export async function startPgGate(upstreamPort: number, upstreamHost = "127.0.0.1"): Promise<PgGate> {
  const clients = new Set<Client>();
  const queue: Client[] = [];
  let owner: Client | undefined;

  const idle = (c: Client) =>
    c.outstanding === 0 && c.rawAnswers === 0 && !c.openCycle && c.status === "I" && c.pending.length === 0;

  const pump = () => {
    if (owner && (owner.closed || idle(owner))) owner = undefined;
    while (!owner) {
      const next = queue.shift();
      if (!next) return;
      if (next.closed || next.pending.length === 0) continue;
      owner = next;
    }
    for (const message of owner.pending) forward(owner, message);
    owner.pending = [];
    if (idle(owner)) {
      owner = undefined;
      pump();
    }
  };

  const forward = (c: Client, message: Buffer) => {
    if (c.startup) {
      const code = message.length >= 8 ? message.readInt32BE(4) : 0;
      if (code === SSL_REQUEST || code === GSSENC_REQUEST) c.rawAnswers += 1;
      else if (code !== CANCEL_REQUEST) {
        c.startup = false;
        c.outstanding += 1;
      }
    } else {
      const type = String.fromCharCode(message[0] as number);
      if (type === "S" || type === "Q") {
        c.outstanding += 1;
        c.openCycle = false;
      } else if (type !== "X" && type !== "p" && type !== "H") {
        c.openCycle = true;
      }
    }
    c.upstream.write(message);
  };

  /** Splits complete client messages off the inbound buffer. */
  const frame = (c: Client) => {
    for (;;) {
      const typed =
        !c.startup ||
        c.pending.some(
          (m) =>
            m.length >= 8 &&
            m.readInt32BE(4) !== SSL_REQUEST &&
            m.readInt32BE(4) !== GSSENC_REQUEST &&
            m.readInt32BE(4) !== CANCEL_REQUEST,
        );
      const header = typed ? 5 : 4;
      if (c.inbound.length < header) return;
      const length = typed ? 1 + c.inbound.readInt32BE(1) : c.inbound.readInt32BE(0);
      if (c.inbound.length < length) return;
      c.pending.push(c.inbound.subarray(0, length));
      c.inbound = c.inbound.subarray(length);
    }
  };

  /** Watches server messages for ReadyForQuery and the one-byte SSL answers. */
  const watchServer = (c: Client, chunk: Buffer) => {
    c.outbound = c.outbound.length ? Buffer.concat([c.outbound, chunk]) : chunk;
    for (;;) {
      if (c.rawAnswers > 0) {
        if (c.outbound.length < 1) break;
        c.rawAnswers -= 1;
        c.outbound = c.outbound.subarray(1);
        continue;
      }
      if (c.outbound.length < 5) break;
      const length = 1 + c.outbound.readInt32BE(1);
      if (c.outbound.length < length) break;
      if (c.outbound[0] === 0x5a /* Z */) {
        c.outstanding = Math.max(0, c.outstanding - 1);
        c.status = String.fromCharCode(c.outbound[5] as number);
      }
      c.outbound = c.outbound.subarray(length);
    }
  };

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    const upstream = createConnection({ port: upstreamPort, host: upstreamHost });
    upstream.setNoDelay(true);
    const client: Client = {
      socket,
      upstream,
      pending: [],
      inbound: Buffer.alloc(0),
      outbound: Buffer.alloc(0),
      startup: true,
      outstanding: 0,
      rawAnswers: 0,
      openCycle: false,
      status: "I",
      closed: false,
    };
    clients.add(client);
    const close = () => {
      if (client.closed) return;
      client.closed = true;
      clients.delete(client);
      socket.destroy();
      upstream.destroy();
      pump();
    };
    socket.on("data", (chunk: Buffer) => {
      client.inbound = client.inbound.length ? Buffer.concat([client.inbound, chunk]) : chunk;
      const before = client.pending.length;
      frame(client);
      if (client.pending.length > before && owner !== client && !queue.includes(client)) queue.push(client);
      pump();
    });
    upstream.on("data", (chunk: Buffer) => {
      watchServer(client, chunk);
      socket.write(chunk);
      if (owner === client) pump();
    });
    socket.on("close", close);
    upstream.on("close", close);
    socket.on("error", close);
    upstream.on("error", close);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) {
          client.socket.destroy();
          client.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
