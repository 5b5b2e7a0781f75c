/**
 * Many writers to one stream over real HTTP (127.0.0.1, a free port): optimistic concurrency with
 * If-Match, retries made safe by Idempotency-Key, and the handler deciding again when no revision is
 * pinned. Where a test needs conflicts to happen every time rather than by luck, the app's store answers
 * reads a few milliseconds late (`contended`), so concurrent handlers all read before any of them appends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import t, { type Test } from "tap";
import { seededRandom } from "../../fixtures/seededRandom.js";
import type { Role } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { buildApp } from "../../src/http/app.js";
import { type EventStore, WrongExpectedRevisionError } from "../../src/store/port.js";
import { openSqliteStore } from "../../src/store/sqlite.js";

const TODAY = "2026-11-23";
const ROLES: readonly Role[] = ["lano", "officer", "auditor", "inspector", "admin"];
const tokenFor = (role: Role) => `${role}-faults-token-0123456789abcdef`;
const tokens = Object.fromEntries(ROLES.map((role) => [tokenFor(role), { actor: `${role}.faults`, role }]));

interface ProblemBody {
  type: string;
  status: number;
  currentRevision?: number;
  stream?: string;
  errors?: { path: string }[];
}

interface AppendedBody {
  kind: "appended";
  stream: string;
  nextRevision: number;
  position: number;
  duplicate: boolean;
  events: { id: string; type: string }[];
}

interface ContentionStats {
  /** Appends the store refused because the stream had moved on (the handler may decide again). */
  conflicts: number;
  /** Appends the store answered as a retry of a batch it already holds. */
  storeDuplicates: number;
  appended: number;
}

/**
 * The store with every `readStream` answered `delayMs` late: concurrent handlers all read the same
 * revision before any of them appends, so conflicts happen every time rather than by luck.
 */
function contended(store: EventStore, delayMs: number): { store: EventStore; stats: ContentionStats } {
  const stats: ContentionStats = { conflicts: 0, storeDuplicates: 0, appended: 0 };
  const wrapped: EventStore = {
    kind: store.kind,
    async append(stream, events, expected) {
      try {
        const result = await store.append(stream, events, expected);
        if (result.duplicate) stats.storeDuplicates += 1;
        else stats.appended += 1;
        return result;
      } catch (err) {
        if (err instanceof WrongExpectedRevisionError) stats.conflicts += 1;
        throw err;
      }
    },
    async readStream(stream, fromRevision) {
      const events = await store.readStream(stream, fromRevision);
      await sleep(delayMs);
      return events;
    },
    readAll: (options) => store.readAll(options),
    readPages: (options) => store.readPages(options),
    subscribe: (after) => store.subscribe(after),
    head: () => store.head(),
    close: () => store.close(),
  };
  return { store: wrapped, stats };
}

interface Answer<B = unknown> {
  status: number;
  contentType: string;
  etag: string | null;
  body: B;
}

/**
 * A real app on a SQLite file, listening on 127.0.0.1 on a free port; `call` sends real HTTP requests.
 * `wrap` decorates the store the app sees (the test keeps the plain one for checking).
 */
async function listening(t: Test, wrap: (store: EventStore) => EventStore = (s) => s) {
  const dir = mkdtempSync(join(tmpdir(), "send-faults-http-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const store = openSqliteStore(join(dir, "events.db"));
  const app = await buildApp({ store: wrap(store), tokens, today: () => TODAY, logLevel: "silent" });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  t.teardown(async () => {
    await app.close();
    await store.close();
  });
  async function call<B = unknown>(
    method: "GET" | "POST",
    path: string,
    options: { role?: Role; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer<B>> {
    const res = await fetch(`${address}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokenFor(options.role ?? "lano")}`,
        ...(options.body === undefined ? {} : { "content-type": "application/json" }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get("content-type") ?? "",
      etag: res.headers.get("etag"),
      body: (text === "" ? undefined : JSON.parse(text)) as B,
    };
  }
  return { store, call, head: async () => (await store.head()).position };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

const raise = {
  title: "Children wait too long for an autism assessment",
  priorityArea: "Autism diagnosis waiting times",
  criteria: ["A1"],
  owner: "ICB SEND lead",
  dueOn: "2027-03-31",
  source: { kind: "self-identified" },
};
const progress = (narrative: string) => ({ updatedOn: "2026-11-20", rag: "amber", narrative, evidence: [] });
const complete = {
  completedOn: "2026-11-21",
  impact: "Waits fell from 60 to 18 weeks",
  evidence: [{ kind: "metric", id: "asdWait" }],
};

/** The four ways to pin a revision: `3`, `"3"`, `W/"3"` in If-Match, or the body's `expectedRevision`. */
function pinned(form: number, revision: number, body: object) {
  switch (form % 4) {
    case 0:
      return { body, headers: { "if-match": String(revision) } };
    case 1:
      return { body, headers: { "if-match": `"${revision}"` } };
    case 2:
      return { body, headers: { "if-match": `W/"${revision}"` } };
    default:
      return { body: { ...body, expectedRevision: revision } };
  }
}

/** The stream has revisions 0..n with no gap or repeat, rising positions and distinct ids. */
function wellFormed(t: Test, events: readonly RecordedEvent[], what: string) {
  t.same(
    events.map((e) => e.revision),
    range(events.length),
    `${what}: revisions 0..${events.length - 1}, no gap, no duplicate`,
  );
  t.ok(
    events.every((e, i) => i === 0 || e.position > events[i - 1]!.position),
    `${what}: positions rise`,
  );
  t.equal(new Set(events.map((e) => e.id)).size, events.length, `${what}: every event id once`);
}

const isProblem = (contentType: string) => /^application\/problem\+json/.test(contentType);

/** The app's store, made slow to read, with its conflict counts. */
function slowReads(delayMs: number) {
  const box: { stats?: ContentionStats } = {};
  const wrap = (store: EventStore) => {
    const c = contended(store, delayMs);
    box.stats = c.stats;
    return c.store;
  };
  return { wrap, stats: () => box.stats! };
}

t.test("If-Match: of writers who read the same revision, exactly one wins; the rest get 409", async (t) => {
  const { call, store } = await listening(t);
  const base = "/api/v1/actions/ACT-LOCKSTEP";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  const WRITERS = 8;
  const ROUNDS = 6;
  for (let round = 0; round < ROUNDS; round++) {
    const reads = await Promise.all(
      range(WRITERS).map(() => call<{ revision: number }>("GET", "/api/v1/streams/action-ACT-LOCKSTEP")),
    );
    const revision = reads[0]!.body.revision;
    t.ok(
      reads.every((r) => r.status === 200 && r.body.revision === revision),
      `round ${round}: every writer read revision ${revision}`,
    );
    const answers = await Promise.all(
      range(WRITERS).map((w) => {
        const request = pinned(w + round, revision, progress(`round ${round}, writer ${w}`));
        return call<AppendedBody & ProblemBody>("POST", `${base}/update-progress`, request);
      }),
    );
    const winners = range(WRITERS).filter((w) => answers[w]!.status === 201);
    t.equal(winners.length, 1, `round ${round}: exactly one 201`);
    const winner = answers[winners[0]!]!;
    t.equal(winner.body.nextRevision, revision + 1, `round ${round}: the winner appended revision+1`);
    t.equal(winner.etag, `"${revision + 1}"`, `round ${round}: ETag of the new revision`);
    t.equal(winner.body.duplicate, false);
    const losers = answers.filter((a) => a.status !== 201);
    t.same(
      losers.map((a) => [a.status, isProblem(a.contentType), a.body.currentRevision, a.body.stream]),
      losers.map(() => [409, true, revision + 1, "action-ACT-LOCKSTEP"]),
      `round ${round}: the other ${WRITERS - 1} get 409 problem+json with currentRevision ${revision + 1}`,
    );
    const stored = await store.readStream("action-ACT-LOCKSTEP", revision + 1);
    t.same(
      stored.map((e) => (e.data as { narrative: string }).narrative),
      [`round ${round}, writer ${winners[0]}`],
      `round ${round}: the stored event is the winner's`,
    );
  }
  wellFormed(t, await store.readStream("action-ACT-LOCKSTEP"), "final stream");
  t.equal((await store.head()).position, ROUNDS + 1, "nothing else was appended anywhere");
});

t.test("If-Match, free-running writers: for every revision tried exactly one writer wins", async (t) => {
  const slow = slowReads(10);
  const { call, store } = await listening(t, slow.wrap);
  const base = "/api/v1/actions/ACT-FREE";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  const WRITERS = 6;
  const ATTEMPTS = 6;
  const random = seededRandom(20261123);
  const jitter = range(WRITERS * ATTEMPTS).map(() => random.int(0, 4));
  const log: { writer: number; read: number; status: number; body: AppendedBody & ProblemBody }[] = [];
  await Promise.all(
    range(WRITERS).map(async (writer) => {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const read = (await call<{ revision: number }>("GET", "/api/v1/streams/action-ACT-FREE")).body
          .revision;
        await sleep(jitter[writer * ATTEMPTS + attempt]!);
        const request = pinned(writer + attempt, read, progress(`writer ${writer}, attempt ${attempt}`));
        const answer = await call<AppendedBody & ProblemBody>("POST", `${base}/update-progress`, request);
        log.push({ writer, read, status: answer.status, body: answer.body });
      }
    }),
  );
  t.same(
    log.filter((l) => l.status !== 201 && l.status !== 409),
    [],
    "every answer is 201 or 409",
  );
  const tried = [...new Set(log.map((l) => l.read))].sort((a, b) => a - b);
  const winnersOf = (r: number) => log.filter((l) => l.read === r && l.status === 201).length;
  t.same(
    tried.map((r) => [r, winnersOf(r)]),
    tried.map((r) => [r, 1]),
    "each revision a writer pinned has exactly one winner",
  );
  t.ok(
    log.every((l) =>
      l.status === 201 ? l.body.nextRevision === l.read + 1 : l.body.currentRevision! > l.read,
    ),
    "a winner appends revision+1; a loser is told a later revision",
  );
  const conflicts = log.filter((l) => l.status === 409).length;
  t.ok(
    conflicts > 0,
    `writers really collided (${conflicts} conflicts, ${slow.stats().conflicts} in the store)`,
  );
  const events = await store.readStream("action-ACT-FREE");
  wellFormed(t, events, "final stream");
  const won = log.filter((l) => l.status === 201);
  t.equal(events.length, 1 + won.length, "one event per 201, nothing else");
  t.same(
    won.map((l) => events[l.body.nextRevision]?.id).sort(),
    won.map((l) => l.body.events[0]!.id).sort(),
    "each 201's event sits at the revision it was told",
  );
});

t.test("Idempotency-Key, sent concurrently: appended once, every answer is the first", async (t) => {
  const slow = slowReads(25);
  const { call, store } = await listening(t, slow.wrap);
  const base = "/api/v1/actions/ACT-IDEM";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  const COPIES = 8;

  const cases: { what: string; key: string; headers?: Record<string, string> }[] = [
    { what: "no If-Match", key: "retry-of-progress-0001" },
    { what: "If-Match pinned", key: "retry-of-progress-0002", headers: { "if-match": "1" } },
    { what: "a UUID key", key: "6F9619FF-8B86-4D11-B42D-00C04FC964FF" },
  ];
  for (const c of cases) {
    const before = (await store.head()).position;
    const duplicatesBefore = slow.stats().storeDuplicates;
    const answers = await Promise.all(
      range(COPIES).map(() =>
        call<AppendedBody>("POST", `${base}/update-progress`, {
          body: progress(`sent ${COPIES} times: ${c.what}`),
          headers: { "idempotency-key": c.key, ...c.headers },
        }),
      ),
    );
    t.same(
      answers.map((a) => a.status).sort(),
      [200, 200, 200, 200, 200, 200, 200, 201],
      `${c.what}: one 201, the retries 200`,
    );
    const first = answers.find((a) => a.status === 201)!;
    t.equal(first.body.duplicate, false);
    const same = answers.map((a) => ({ ...a.body, duplicate: a.status === 201 ? true : a.body.duplicate }));
    t.same(
      same,
      range(COPIES).map(() => ({ ...first.body, duplicate: true })),
      `${c.what}: the first answer`,
    );
    t.ok(
      answers.every((a) => a.etag === first.etag),
      `${c.what}: the same ETag`,
    );
    t.equal((await store.head()).position, before + 1, `${c.what}: appended exactly once`);
    t.ok(
      slow.stats().storeDuplicates > duplicatesBefore,
      `${c.what}: retries raced the first append and were caught by the store`,
    );
  }
  const uuidEvent = (await store.readStream("action-ACT-IDEM")).at(-1)!;
  t.equal(uuidEvent.id, "6f9619ff-8b86-4d11-b42d-00c04fc964ff", "a UUID key becomes the event id");
  wellFormed(t, await store.readStream("action-ACT-IDEM"), "stream");
});

t.test("Idempotency-Key, sent again later: the first answer even after the stream moved on", async (t) => {
  const { call, store } = await listening(t);
  const base = "/api/v1/actions/ACT-RETRY";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  const send = (headers: Record<string, string> = {}) =>
    call<AppendedBody>("POST", `${base}/update-progress`, {
      body: progress("the retried update"),
      headers: { "idempotency-key": "sequential-retry-42", ...headers },
    });
  const first = await send();
  t.equal(first.status, 201);
  for (let i = 0; i < 3; i++) {
    const again = await send();
    t.equal(again.status, 200, `retry ${i + 1}: 200`);
    t.same(again.body, { ...first.body, duplicate: true }, `retry ${i + 1}: the first answer`);
  }
  const other = await call<AppendedBody>("POST", `${base}/update-progress`, {
    body: progress("someone else"),
  });
  t.equal(other.status, 201);
  const later = await send({ "if-match": "1" });
  t.equal(later.status, 200, "a late retry pinned to the revision it first saw is not a conflict");
  t.same(later.body, { ...first.body, duplicate: true }, "and gets the first answer, not a new decision");
  const stale = await send({ "if-match": "0" });
  t.equal(stale.status, 200, "even pinned to an older revision");
  t.same(stale.body, { ...first.body, duplicate: true });
  const events = await store.readStream("action-ACT-RETRY");
  t.same(
    events.map((e) => (e.data as { narrative?: string }).narrative),
    [undefined, "the retried update", "someone else"],
    "the retried command is stored once",
  );
});

t.test("no If-Match: concurrent commands all succeed, the handler deciding again", async (t) => {
  const slow = slowReads(25);
  const { call, store } = await listening(t, slow.wrap);
  const base = "/api/v1/actions/ACT-NOPIN";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  // The handler decides again up to 3 times (docs/ARCHITECTURE.md), and a writer only loses a round
  // when another one wins it: with 4 writers at once nobody can lose 4 times.
  const WRITERS = 4;
  for (let round = 0; round < 4; round++) {
    const conflictsBefore = slow.stats().conflicts;
    const answers = await Promise.all(
      range(WRITERS).map((w) =>
        call<AppendedBody>("POST", `${base}/update-progress`, { body: progress(`r${round} w${w}`) }),
      ),
    );
    t.same(
      answers.map((a) => a.status),
      range(WRITERS).map(() => 201),
      `round ${round}: all ${WRITERS} succeed`,
    );
    t.same(
      answers.map((a) => a.body.nextRevision).sort((a, b) => a - b),
      range(WRITERS).map((i) => 1 + round * WRITERS + i),
      `round ${round}: each got its own revision`,
    );
    t.ok(slow.stats().conflicts > conflictsBefore, `round ${round}: they did collide and were re-decided`);
  }
  const events = await store.readStream("action-ACT-NOPIN");
  wellFormed(t, events, "stream");
  t.equal(events.length, 1 + 4 * WRITERS);
});

t.test(
  "no If-Match: a domain rule still holds after deciding again (one raise, one completion)",
  async (t) => {
    const slow = slowReads(25);
    const { call, store } = await listening(t, slow.wrap);
    const base = "/api/v1/actions/ACT-RULES";
    const raises = await Promise.all(
      range(4).map((w) =>
        call<ProblemBody>("POST", `${base}/raise`, { body: { ...raise, owner: `owner ${w}` } }),
      ),
    );
    t.same(
      raises.map((a) => a.status).sort(),
      [201, 422, 422, 422],
      "one raise wins, the others are re-decided and refused",
    );
    t.ok(
      raises
        .filter((a) => a.status === 422)
        .every((a) => isProblem(a.contentType) && a.body.type.endsWith("/actionAlreadyRaised")),
      "refused as actionAlreadyRaised, not as a conflict",
    );
    t.ok(slow.stats().conflicts >= 3, "the losers really hit a conflict first");
    const completions = await Promise.all(
      range(4).map(() => call<ProblemBody>("POST", `${base}/complete`, { body: complete })),
    );
    t.same(completions.map((a) => a.status).sort(), [201, 422, 422, 422], "one completion");
    t.ok(
      completions.filter((a) => a.status === 422).every((a) => a.body.type.endsWith("/actionCompleted")),
      "the others: actionCompleted",
    );
    const events = await store.readStream("action-ACT-RULES");
    t.same(
      events.map((e) => e.type),
      ["ActionRaised", "ActionCompleted"],
      "exactly one of each stored",
    );
  },
);

t.test("no If-Match, more writers than retries: nothing lost or doubled, each 409 is honest", async (t) => {
  const slow = slowReads(25);
  const { call, store } = await listening(t, slow.wrap);
  const base = "/api/v1/actions/ACT-CROWD";
  t.equal((await call("POST", `${base}/raise`, { body: raise })).status, 201);
  const WRITERS = 12;
  const answers = await Promise.all(
    range(WRITERS).map((w) =>
      call<AppendedBody & ProblemBody>("POST", `${base}/update-progress`, { body: progress(`crowd ${w}`) }),
    ),
  );
  const won = answers.filter((a) => a.status === 201);
  const lost = answers.filter((a) => a.status === 409);
  t.equal(won.length + lost.length, WRITERS, "every answer is 201 or 409");
  t.ok(won.length >= 4, `at least one writer per decision round wins (${won.length} of ${WRITERS})`);
  t.ok(
    lost.every((a) => isProblem(a.contentType) && a.body.currentRevision! >= 4),
    "a 409 comes only after 4 rounds lost to others, and says where the stream is",
  );
  t.comment(`${lost.length} of ${WRITERS} unpinned writers gave up after 4 decisions (the documented cap)`);
  const events = await store.readStream("action-ACT-CROWD");
  wellFormed(t, events, "stream");
  t.same(
    events
      .slice(1)
      .map((e) => (e.data as { narrative: string }).narrative)
      .sort(),
    won
      .map((a) => answers.indexOf(a))
      .map((w) => `crowd ${w}`)
      .sort(),
    "exactly the winners' events are stored",
  );
});

t.test("an Idempotency-Key reused on another stream is the caller's error, not a 500", async (t) => {
  // Event ids come from the key alone (a UUID key is the id; any other key is hashed without the
  // stream), so the store finds the id on the first stream and throws DuplicateEventIdError; the handler
  // answers it as the caller's error (422 naming Idempotency-Key), where it once was a 500.
  const { call, head } = await listening(t);
  for (const key of ["client-key-000001", "0f8fad5b-d9cb-469f-a165-70867728950e"]) {
    const first = await call("POST", `/api/v1/actions/ACT-K-${key.length}/raise`, {
      body: raise,
      headers: { "idempotency-key": key },
    });
    t.equal(first.status, 201);
    const before = await head();
    const reused = await call<ProblemBody>("POST", `/api/v1/cases/CASE-K-${key.length}/register`, {
      role: "officer",
      body: { dateOfBirth: "2015-04-01", gender: "female", ethnicity: "WBRI" },
      headers: { "idempotency-key": key },
    });
    t.ok(
      reused.status >= 400 && reused.status < 500,
      `key ${key} on another stream: a 4xx (got ${reused.status})`,
    );
    t.match(reused.contentType, /^application\/problem\+json/);
    t.ok(
      (reused.body.errors ?? []).some((e) => e.path !== ""),
      "the problem names what is wrong (Idempotency-Key)",
    );
    t.equal(await head(), before, "nothing appended");
  }
});
