/**
 * The newcomer's first start: `npm start` in a fresh clone with an empty data directory, timed until the
 * signed-in readiness page answers 200 — the lano sign-in link read from the log, opened, its form
 * posted, the redirect followed with the session cookie, as a browser does.
 *
 * Each run copies the working tree's files (tracked and untracked, not ignored: what a clone holds) into
 * a temporary directory with `node_modules` linked, so nothing is built or seeded beforehand. Two ways:
 *   installed  `npm run build` first, as `npm install` does (the `prepare` script), then `npm start` timed;
 *   cold       `npm start` timed with no build at all (dist/ absent): the build is inside the time.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type Figure, log, now, series } from "./stats.js";

export type FirstStartWay = "installed" | "cold";

export interface FirstStartRun {
  way: FirstStartWay;
  /** From spawning `npm start` to the readiness page's 200. */
  totalMs: number;
  /** When the log said the seed was done, the read models were folded, the server listened. */
  seededAtMs: number;
  foldedAtMs: number;
  listeningAtMs: number;
  /** What the log says the seed and the fold took. */
  seedMs: number;
  foldMs: number;
  events: number;
  /** From the sign-in link being printed to the readiness page's 200 (three requests). */
  signInMs: number;
}

/** A fresh clone of `repo`'s working tree, with its node_modules linked. */
function cloneOf(repo: string): string {
  const dir = mkdtempSync(join(tmpdir(), "send-first-start-"));
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    maxBuffer: 64 * 1024 * 1024,
  })
    .toString("utf8")
    .split("\0")
    .filter((f) => f && f !== "node_modules");
  for (const f of files) {
    mkdirSync(join(dir, dirname(f)), { recursive: true });
    try {
      cpSync(join(repo, f), join(dir, f));
    } catch {
      // A file deleted in the working tree but not yet in git: a clone would not have it either.
    }
  }
  symlinkSync(realpathSync(join(repo, "node_modules")), join(dir, "node_modules"));
  return dir;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

const cookieOf = (res: Response) => (res.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

/** Open the link, post its form, follow the redirect: the readiness page's status and the time taken. */
export async function signInAndOpen(link: string): Promise<{ status: number; ms: number; body: string }> {
  const t0 = now();
  const page = await fetch(link, { headers: { accept: "text/html" } });
  const html = await page.text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
  const code = new URL(link).searchParams.get("code") ?? "";
  const posted = await fetch(new URL("/sign-in", link), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieOf(page) },
    body: new URLSearchParams({ _csrf: csrf, code }).toString(),
  });
  const home = await fetch(new URL(posted.headers.get("location") ?? "/readiness", link), {
    headers: { cookie: cookieOf(posted), accept: "text/html" },
  });
  const body = await home.text();
  return { status: home.status, ms: now() - t0, body };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    // The whole group npm started (npm, its shell, node), and only it.
    process.kill(-child.pid!, "SIGTERM");
  });
}

export async function firstStartOnce(
  repo: string,
  way: FirstStartWay,
  timeoutMs = 180_000,
): Promise<FirstStartRun> {
  const dir = cloneOf(repo);
  try {
    if (way === "installed") execFileSync("npm", ["run", "build", "--silent"], { cwd: dir, stdio: "ignore" });
    const port = await freePort();
    const t0 = now();
    const child = spawn("npm", ["start"], {
      cwd: dir,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        DATA_DIR: join(dir, "data"),
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
      },
    });
    try {
      const marks = { seededAtMs: 0, foldedAtMs: 0, listeningAtMs: 0, seedMs: 0, foldMs: 0, events: 0 };
      let output = "";
      const link = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no sign-in link within ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        child.stderr!.on("data", (b: Buffer) => (output += b.toString("utf8")));
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`npm start exited (${code}) before printing a sign-in link:\n${output}`));
        });
        let pending = "";
        child.stdout!.on("data", (b: Buffer) => {
          const text = b.toString("utf8");
          output += text;
          pending += text;
          const lines = pending.split("\n");
          pending = lines.pop() ?? "";
          for (const line of lines) {
            const seeded = /^Seeded the demo area: (\d+) events .* in (\d+) ms/.exec(line);
            if (seeded)
              Object.assign(marks, { seededAtMs: now() - t0, events: +seeded[1]!, seedMs: +seeded[2]! });
            const folded = /^Read models at position \d+ \((\d+) ms\)/.exec(line);
            if (folded) Object.assign(marks, { foldedAtMs: now() - t0, foldMs: +folded[1]! });
            if (line.startsWith("SEND evidence store on")) marks.listeningAtMs = now() - t0;
            const lano = /^\s+lano\s+(http:\/\/\S+\/sign-in\?code=\S+)/.exec(line);
            if (lano) {
              clearTimeout(timer);
              resolve(lano[1]!);
            }
          }
        });
      });
      const opened = await signInAndOpen(link);
      const totalMs = now() - t0;
      if (opened.status !== 200 || !opened.body.includes("Inspection readiness"))
        throw new Error(`the readiness page answered ${opened.status}:\n${opened.body.slice(0, 500)}`);
      return { way, totalMs, signInMs: opened.ms, ...marks };
    } finally {
      await stop(child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function firstStartBenchmark(
  repo: string,
  runs: number,
): Promise<{ figures: Figure[]; runs: FirstStartRun[] }> {
  const all: FirstStartRun[] = [];
  const figures: Figure[] = [];
  for (const way of ["installed", "cold"] as const) {
    const mine: FirstStartRun[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await firstStartOnce(repo, way);
      log(
        `first start (${way}) ${i + 1}/${runs}: ${Math.round(run.totalMs)} ms to the readiness page (seed ${run.seedMs} ms, ${run.events} events; fold ${run.foldMs} ms)`,
      );
      mine.push(run);
    }
    all.push(...mine);
    const s = (label: string, f: (r: FirstStartRun) => number) =>
      series(
        label,
        "s",
        mine.map((r) => f(r) / 1000),
        1,
      );
    const total = s("npm start → signed-in readiness page", (r) => r.totalMs);
    figures.push({
      name:
        way === "installed"
          ? "first start: `npm start` → signed-in readiness page (built by `npm install`)"
          : "first start, cold: `npm start` building too → signed-in readiness page",
      result: total,
      also: [
        s("until seeded", (r) => r.seededAtMs),
        s("seed", (r) => r.seedMs),
        s("fold", (r) => r.foldMs),
        s("until listening", (r) => r.listeningAtMs),
        s("sign in + page", (r) => r.signInMs),
      ],
      goal: "≤ 30 s",
      met: total.median <= 30,
      notes: `fresh clone of the working tree and an empty DATA_DIR each run; ${mine[0]?.events ?? 0} demo events; ${
        way === "installed"
          ? "`npm run build` (what `npm install`'s prepare script runs) before the clock starts"
          : "no dist/: `npm start` builds inside the time"
      }`,
    });
  }
  return { figures, runs: all };
}
