import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface TestFeedServer {
  /** `http://127.0.0.1:<port>/search` */
  readonly url: string;
  /** What the server answers, given the request: a status and a JSON body, or `"hang"` to never answer. */
  respond: (request: URL) => { status: number; body: unknown } | "hang";
  /** Request URLs seen, in order. */
  readonly requests: URL[];
  stop(): Promise<void>;
}

/** A real HTTP server standing in for the search feed. */
export async function startTestFeedServer(): Promise<TestFeedServer> {
  const requests: URL[] = [];
  const feed: TestFeedServer = {
    url: "",
    respond: () => ({ status: 200, body: { hits: [] } }),
    requests,
    stop: async () => {},
  };
  const server = createServer((request: IncomingMessage, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    requests.push(url);
    const answer = feed.respond(url);
    if (answer === "hang") return;
    const { status, body } = answer;
    response.writeHead(status, { "content-type": "application/json" });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(feed, {
    url: `http://127.0.0.1:${port}/search`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
