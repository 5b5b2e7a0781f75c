/** The parent's side of the server under test: start it, talk to it over IPC and HTTP (keep-alive). */
import { type ChildProcess, fork } from "node:child_process";
import { request as httpRequest, Agent } from "node:http";
import type { Role } from "../schemas/common.js";
import type { FromServer, Timings, ToServer } from "./server.js";
import { log } from "./stats.js";

export const tokenOf = (role: Role) => `bench-${role}-token-0123456789`;

const tokens = Object.fromEntries(
  (["lano", "officer", "auditor", "inspector", "admin"] as Role[]).map((role) => [
    tokenOf(role),
    { actor: `bench.${role}`, role },
  ]),
);

export interface Response {
  status: number;
  body: Buffer;
  ms: number;
}

export interface Server {
  port: number;
  plainPort: number;
  /** How long the server took to open its read side (resuming from the newest snapshot). */
  startMs: number;
  /** How long the worker took to fill the history's as-at snapshots after the start, and how many. */
  historyMs: number;
  historySaved: number;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; role?: Role; raw?: Buffer; contentType?: string },
  ): Promise<Response>;
  graphql(query: string, variables?: Record<string, unknown>, role?: Role): Promise<Response>;
  capture(query: string): Promise<{ status: number; bytes: number }>;
  stats(): Promise<Extract<FromServer, { type: "stats" }>>;
  /** The server's event-loop delay since the last call. */
  loop(): Promise<Extract<FromServer, { type: "loop" }>>;
  /** Server-side handling times and GC pauses since the last call. */
  timings(): Promise<Timings>;
  stop(): Promise<void>;
}

export async function startServer(dataDir: string, today: string, profileDir?: string): Promise<Server> {
  const child: ChildProcess = fork(new URL("./server.js", import.meta.url), [], {
    execArgv: profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [],
    env: {
      ...process.env,
      BENCH_DATA_DIR: dataDir,
      BENCH_TODAY: today,
      BENCH_TOKENS: JSON.stringify(tokens),
    },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const waiting: ((m: FromServer) => void)[] = [];
  child.on("message", (m: FromServer) => waiting.shift()?.(m));
  const next = () => new Promise<FromServer>((resolve) => waiting.push(resolve));
  const ask = async <T extends FromServer["type"]>(m: ToServer, type: T) => {
    const answer = next();
    child.send(m);
    const got = await answer;
    if (got.type !== type) throw new Error(`server answered ${got.type} to ${m.type}`);
    return got as Extract<FromServer, { type: T }>;
  };
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const ready = await Promise.race([
    next(),
    exited.then(() => {
      throw new Error("the server process exited before it was ready");
    }),
  ]);
  if (ready.type !== "ready") throw new Error(`server said ${ready.type}`);
  log(
    `server: resumed at position ${ready.position} in ${Math.round(ready.startMs)} ms; ` +
      `${ready.historySaved} as-at snapshots across the history in ${Math.round(ready.historyMs)} ms`,
  );

  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const request: Server["request"] = (method, path, options = {}) =>
    new Promise((resolve, reject) => {
      const body =
        options.raw ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
      const type = options.contentType ?? "application/json";
      const t0 = performance.now();
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: ready.port,
          method,
          path,
          agent,
          headers: {
            authorization: `Bearer ${tokenOf(options.role ?? "lano")}`,
            ...(body ? { "content-type": type, "content-length": body.length } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), ms: performance.now() - t0 }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(body);
    });

  return {
    port: ready.port,
    plainPort: ready.plainPort,
    startMs: ready.startMs,
    historyMs: ready.historyMs,
    historySaved: ready.historySaved,
    request,
    graphql: (query, variables = {}, role = "lano") =>
      request("POST", "/graphql", { body: { query, variables }, role }),
    capture: (query) => ask({ type: "capture", query, token: tokenOf("lano") }, "captured"),
    stats: () => ask({ type: "stats" }, "stats"),
    loop: () => ask({ type: "loop" }, "loop"),
    timings: () => ask({ type: "timings" }, "timings"),
    async stop() {
      agent.destroy();
      child.send({ type: "stop" } satisfies ToServer);
      await exited;
    },
  };
}

/** A GraphQL answer that must have data and no errors. */
export function graphqlData(res: Response, what: string): Record<string, unknown> {
  const body = JSON.parse(res.body.toString("utf8")) as { data?: Record<string, unknown>; errors?: unknown };
  if (res.status !== 200 || body.errors || !body.data)
    throw new Error(`${what}: HTTP ${res.status} ${res.body.toString("utf8").slice(0, 300)}`);
  return body.data;
}

/**
 * Move the live read model on with one command (a disability status on child `n`), then give the runner
 * time to fold it, so the next read is built from a new moment rather than served from a memo.
 */
export async function nudge(server: Server, today: string, n: number): Promise<void> {
  await recordDisability(server, n, today, true);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

/**
 * The benchmarks' command: `record-disability` on child `n` (C000001 is 1), as an officer. Throws unless it
 * was appended; returns the response (its `ms`, and the position in its body).
 */
export async function recordDisability(
  server: Server,
  n: number,
  today: string,
  hasDisability: boolean,
): Promise<Response & { position: number }> {
  const res = await server.request("POST", `/api/v1/cases/C${String(n).padStart(6, "0")}/record-disability`, {
    body: { recordedOn: today, hasDisability },
    role: "officer",
  });
  if (res.status !== 201)
    throw new Error(`record-disability: HTTP ${res.status} ${res.body.toString("utf8")}`);
  return { ...res, position: (JSON.parse(res.body.toString("utf8")) as { position: number }).position };
}
