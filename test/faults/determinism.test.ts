/**
 * The Annex A workbook is a pure function of the log position: built twice at the same position it has
 * the same SHA-256, however the state was folded (from the beginning, from a snapshot, by a runner with
 * other snapshots, over HTTP), whatever the machine's time zone and whenever it is built.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import ExcelJS from "exceljs";
import t, { type Test } from "tap";
import { seededRandom } from "../../fixtures/seededRandom.js";
import { type EvidenceState, evidenceProjection } from "../../projections/evidence.js";
import { serialised } from "../../projections/evidenceSnapshot.js";
import { fold, stateOf } from "../../projections/projection.js";
import type { Role } from "../../schemas/common.js";
import type { RecordedEvent } from "../../schemas/envelope.js";
import { buildApp } from "../../src/http/app.js";
import { annexAFor } from "../../src/exports/annexAReport.js";
import { annexACsv, annexAWorkbook } from "../../src/exports/annexAWorkbook.js";
import { ProjectionRunner } from "../../src/runner/runner.js";
import { openSnapshotStore } from "../../src/runner/snapshots.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { demoEvents } from "../projections/demoEvents.js";

const TODAY = "2026-11-23";
const tokenFor = (role: Role) => `${role}-faults-token-0123456789abcdef`;
const tokens = { [tokenFor("officer")]: { actor: "officer.faults", role: "officer" as const } };

const sha256 = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
/** A state through its snapshot form and back, as a runner resuming from a snapshot has it. */
const copy = (s: EvidenceState): EvidenceState => stateOf(evidenceProjection, JSON.parse(serialised(s)));

const events = await demoEvents({ plans: 30, senSupport: 30 });
const dateAt = (position: number) => events[position - 1]!.recordedAt.slice(0, 10);

/** The workbook (and both CSVs) for a folded state, as the export route builds them. */
async function filesFor(state: EvidenceState, asOf: string) {
  const report = annexAFor({ state }, asOf);
  const workbook = await annexAWorkbook(report.lists, report.checks);
  return {
    rows: report.lists.list1.length + report.lists.list2.length,
    xlsx: sha256(workbook),
    bytes: workbook,
    csv: sha256(annexACsv(report.lists.list1, 1) + annexACsv(report.lists.list2, 2)),
  };
}

// Positions: the head, and a few chosen by a seeded PRNG across the history.
const random = seededRandom(20261123);
const positions = [
  events.length,
  ...Array.from({ length: 4 }, (_, i) =>
    random.int(Math.floor((events.length * i) / 4) + 1, Math.floor((events.length * (i + 1)) / 4)),
  ),
];

t.test("same position, same bytes: folded from the start or from any snapshot", async (t) => {
  for (const p of positions) {
    const asOf = dateAt(p);
    const whole = fold(evidenceProjection, events.slice(0, p));
    const first = await filesFor(whole, asOf);
    const again = await filesFor(whole, asOf);
    t.equal(again.xlsx, first.xlsx, `position ${p}: the same state built twice, the same SHA-256`);
    const k = random.int(0, p);
    const resumed = fold(
      evidenceProjection,
      events.slice(k, p),
      copy(fold(evidenceProjection, events.slice(0, k))),
    );
    const other = await filesFor(resumed, asOf);
    t.equal(other.xlsx, first.xlsx, `position ${p}: folded from a snapshot at ${k}, the same workbook`);
    t.equal(other.csv, first.csv, `position ${p}: and the same CSVs`);
  }
  const wb = new ExcelJS.Workbook();
  const head = await filesFor(fold(evidenceProjection, events), dateAt(events.length));
  await wb.xlsx.load(head.bytes as unknown as ExcelJS.Buffer);
  t.same(
    wb.worksheets.map((w) => w.name),
    ["List_1", "List_2", "Checks"],
    "a readable workbook",
  );
  t.ok(head.rows > 0, `with ${head.rows} children listed`);
});

t.test("built again later, the same bytes (the zip layer's wall-clock stamps are overwritten)", async (t) => {
  const p = positions[0]!;
  const before = await filesFor(fold(evidenceProjection, events.slice(0, p)), dateAt(p));
  await sleep(2100); // zip entry times have a 2-second resolution: make sure the clock has moved on
  const after = await filesFor(fold(evidenceProjection, events.slice(0, p)), dateAt(p));
  t.equal(after.xlsx, before.xlsx, "two seconds later, the same SHA-256");
});

t.test("the hash tells positions apart where the lists differ", async (t) => {
  const early = positions.reduce((a, b) => Math.min(a, b));
  const a = await filesFor(fold(evidenceProjection, events.slice(0, early)), dateAt(early));
  const b = await filesFor(fold(evidenceProjection, events), dateAt(events.length));
  t.not(a.rows, b.rows, `the lists differ (${a.rows} and ${b.rows} rows)`);
  t.not(a.xlsx, b.xlsx, "so do the workbooks");
});

t.test("the machine's time zone does not change the bytes", async (t) => {
  const original = process.env.TZ;
  t.teardown(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });
  const p = positions[1]!;
  process.env.TZ = "UTC";
  const utc = await filesFor(fold(evidenceProjection, events.slice(0, p)), dateAt(p));
  for (const [zone, offset] of [
    ["Pacific/Kiritimati", -840],
    ["America/Los_Angeles", 420],
    ["Europe/London", -60],
  ] as const) {
    process.env.TZ = zone;
    t.equal(new Date("2026-06-01T12:00:00Z").getTimezoneOffset(), offset, `${zone} is in force`);
    const there = await filesFor(fold(evidenceProjection, events.slice(0, p)), dateAt(p));
    t.equal(there.xlsx, utc.xlsx, `${zone}: the same workbook as in UTC`);
    t.equal(there.csv, utc.csv, `${zone}: the same CSVs`);
  }
});

/** The demo log copied into a SQLite file as it was recorded: same ids, times and order. */
async function demoFileStore(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), "send-faults-determinism-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  let now = events[0]!.recordedAt;
  const store = openSqliteStore(join(dir, "events.db"), { pollMs: 20, clock: () => new Date(now) });
  t.teardown(() => store.close());
  for (const e of events) {
    now = e.recordedAt;
    const expected = e.revision === 0 ? "noStream" : e.revision - 1;
    await store.append(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], expected);
  }
  const log: RecordedEvent[] = [];
  for await (const e of store.readAll()) log.push(e);
  t.same(
    log.map((e) => [e.id, e.position, e.recordedAt]),
    events.map((e) => [e.id, e.position, e.recordedAt]),
    "the file store holds the demo log as recorded",
  );
  const runner = async (snapshotEvery: number) => {
    const snapshots = openSnapshotStore(join(dir, `projections-${snapshotEvery}.db`));
    const r = new ProjectionRunner(store, evidenceProjection, snapshots, { snapshotEvery });
    await r.start();
    t.teardown(async () => {
      await r.stop();
      snapshots.close();
    });
    return r;
  };
  return { store, runner, advance: (to: string) => (now = to) };
}

t.test(
  "through runners with different snapshots and over HTTP: the same workbook at a position",
  async (t) => {
    const { store, runner } = await demoFileStore(t);
    const runners = [await runner(7), await runner(250)];
    const app = await buildApp({
      store,
      tokens,
      today: () => TODAY,
      logLevel: "silent",
      runner: runners[0]!,
    });
    t.teardown(() => app.close());
    const download = async (p: number) => {
      const res = await app.inject({
        url: `/api/v1/exports/annex-a.xlsx?asAt=${p}`,
        headers: { authorization: `Bearer ${tokenFor("officer")}` },
      });
      t.equal(res.statusCode, 200, `download as at ${p}`);
      t.equal(res.headers["x-log-position"], String(p), `x-log-position ${p}`);
      return sha256(res.rawPayload);
    };
    for (const p of positions) {
      const asOf = dateAt(p);
      const direct = (await filesFor(fold(evidenceProjection, events.slice(0, p)), asOf)).xlsx;
      const viaRunners = [];
      for (const r of runners) {
        const at = await r.at({ position: p });
        t.equal(at.position, p, `a runner folded to ${p}`);
        viaRunners.push((await filesFor(at.state, asOf)).xlsx);
      }
      t.same(
        viaRunners,
        [direct, direct],
        `position ${p}: both runners (snapshots every 7 and 250) agree with a fold`,
      );
      const first = await download(p);
      const second = await download(p);
      t.equal(first, direct, `position ${p}: the download is the same workbook`);
      t.equal(second, first, `position ${p}: downloaded twice, the same SHA-256`);
    }
  },
);

t.test("an as-at answer held while new events arrive still describes its position", async (t) => {
  // ProjectionRunner.at() returns the live Folded object when the target is at or past the head; the
  // live state was once updated in place as events arrived, so a caller holding the answer (a GraphQL
  // request whose nested resolvers run after a loader's tick, an export being built) saw later events
  // under the old position. Now the next event folds into a copy (copy-on-write).
  const { store, runner, advance } = await demoFileStore(t);
  const live = await runner(250);
  const head = events.length;
  const at = await live.at({ position: head });
  t.equal(at.position, head, "the answer is for the head");
  const before = await filesFor(at.state, dateAt(head));
  const report = annexAFor({ state: at.state }, dateAt(head));
  const child = String(report.lists.list1[0]!["Unique ID"]);
  const has = at.state.cases.byId.get(child)?.hasDisability === true;
  advance(new Date(Date.parse(events.at(-1)!.recordedAt) + 60_000).toISOString());
  const appended = await store.append(
    `case-${child}`,
    [
      {
        id: "9b2f3c1e-7d4a-4c5b-8e6f-0a1b2c3d4e5f",
        type: "DisabilityRecorded",
        data: { schemaVersion: 1, recordedOn: dateAt(head), hasDisability: !has },
        metadata: { actor: "officer.faults", role: "officer", correlationId: "held-answer", source: "test" },
      },
    ],
    "any",
  );
  t.ok(await live.waitFor(appended.position), "the runner has folded the new event");
  t.equal(at.state.position, at.position, "the held answer's state is still at its own position");
  const after = await filesFor(at.state, dateAt(head));
  t.equal(after.xlsx, before.xlsx, `the workbook as at ${head} is unchanged`);
  const again = await live.at({ position: head });
  t.equal((await filesFor(again.state, dateAt(head))).xlsx, before.xlsx, "and asking again gives it too");
});
