import { join } from "node:path";
import t from "tap";
import { annexAFor } from "../../src/exports/annexAReport.js";
import { annexACsv, annexAWorkbook } from "../../src/exports/annexAWorkbook.js";
import { buildPack, PackRequestError } from "../../src/packs/build.js";
import { verifyPack } from "../../src/packs/verify.js";
import { startHeavyWork } from "../../src/runner/heavyWork.js";
import { readHarness, TODAY } from "../graphql/readHarness.js";

t.test("the workers build the same bytes as the server does in-process", async (t) => {
  const { runner, dir } = await readHarness(t, { plans: 20, senSupport: 10 });
  const heavy = startHeavyWork({ DATA_DIR: dir }, { workers: 1, keepMs: 50 });
  t.teardown(() => heavy.close());
  const now = runner.current();

  const report = annexAFor(now, TODAY);
  const xlsx = await heavy.annexA({ position: now.position }, { asAt: false, today: TODAY, format: "xlsx" });
  t.ok(xlsx.bytes.equals(await annexAWorkbook(report.lists, report.checks)), "the workbook, byte for byte");
  t.same([xlsx.position, xlsx.asOf], [now.position, TODAY]);
  t.same(
    xlsx.caseIds,
    [...report.lists.list1, ...report.lists.list2].map((r) => r["Unique ID"]),
    "every child the workbook carries, for the access log",
  );
  const csv1 = await heavy.annexA({ position: now.position }, { asAt: false, today: TODAY, format: "csv1" });
  t.equal(csv1.bytes.toString("utf8"), annexACsv(report.lists.list1, 1));
  t.same(
    csv1.caseIds,
    report.lists.list1.map((r) => r["Unique ID"]),
  );
  const csv2 = await heavy.annexA({ position: now.position }, { asAt: false, today: TODAY, format: "csv2" });
  t.equal(csv2.bytes.toString("utf8"), annexACsv(report.lists.list2, 2));

  const lastMonth = { time: "2026-10-23T23:59:59.999Z" };
  const then = await runner.at(lastMonth);
  const old = await heavy.annexA(lastMonth, { asAt: true, today: TODAY, format: "xlsx" });
  const oldReport = annexAFor(then, then.recordedAt!.slice(0, 10));
  t.equal(old.position, then.position, "as at a time: the same moment");
  t.ok(old.bytes.equals(await annexAWorkbook(oldReport.lists, oldReport.checks)));

  for (const request of [
    { kind: "sef" as const, includeWarnings: true },
    { kind: "dataRequest" as const, caseLevel: true },
  ]) {
    const here = await buildPack(now, request);
    const there = await heavy.pack({ position: now.position }, request, "Europe/London");
    t.equal(there.sha256, here.sha256, `${request.kind}: same hash`);
    t.ok(there.pdf.equals(here.pdf), `${request.kind}: same bytes`);
    t.same(there.meta, here.meta);
  }
  const earlier = await heavy.pack({ position: then.position }, { kind: "sef" }, "Europe/London");
  t.equal(earlier.sha256, (await buildPack(then, { kind: "sef" })).sha256, "an earlier position, back again");

  const mistake = await heavy
    .pack({ position: now.position }, { kind: "cases", caseIds: ["NOPE-1"] }, "Europe/London")
    .catch((e: unknown) => e);
  t.ok(mistake instanceof PackRequestError, "the caller's mistakes come back as themselves");
  t.match(mistake, { message: /NOPE-1/ });

  const bug = await heavy
    .annexA({ position: now.position }, { asAt: false, today: "not a date", format: "xlsx" })
    .catch((e: unknown) => e);
  t.match(bug, { name: "RangeError", message: /asOf must be a date/ }, "anything else comes back by name");
  t.notOk(bug instanceof PackRequestError);

  const sef = await buildPack(now, { kind: "sef" });
  const verified = await heavy.verify(sef.pdf, [], "Europe/London");
  const local = await verifyPack(sef.pdf, { at: (position) => runner.at({ position }), issued: [] });
  t.same(verified, local);
  t.equal(verified.ok, true);
});

t.test("a worker that dies fails its job; the next job starts a new one; closed is closed", async (t) => {
  const { runner, dir } = await readHarness(t, { plans: 5, senSupport: 5 });
  const position = runner.current().position;
  const broken = startHeavyWork({ DATA_DIR: join(dir, "events.db", "not-a-directory") });
  await t.rejects(broken.pack({ position }, { kind: "sef" }, "Europe/London"), "a worker that cannot start");
  await t.rejects(broken.pack({ position }, { kind: "sef" }, "Europe/London"), "nor the one after it");
  await broken.close();

  const heavy = startHeavyWork({ DATA_DIR: dir });
  const first = await heavy.pack({ position }, { kind: "sef" }, "Europe/London");
  await t.rejects(
    heavy.pack(
      { position },
      { kind: "sef", inspectionId: (() => "x") as unknown as string },
      "Europe/London",
    ),
    "a job that cannot be sent",
  );
  const again = await heavy.pack({ position }, { kind: "sef" }, "Europe/London");
  t.equal(again.sha256, first.sha256);
  await heavy.close();
  await t.rejects(heavy.pack({ position }, { kind: "sef" }, "Europe/London"), /closed/);
});

t.test("over HTTP with workers: downloads, packs and verify as before", async (t) => {
  const { app, auth, runner } = await readHarness(t, { plans: 10, senSupport: 5 }, "demo", {
    heavyWorkers: 2,
  });
  const xlsx = await app.inject({ url: "/api/v1/exports/annex-a.xlsx", headers: auth("lano") });
  t.equal(xlsx.statusCode, 200);
  t.equal(xlsx.headers["x-log-position"], String(runner.current().position));
  const csv = await app.inject({
    url: "/api/v1/exports/annex-a/list-2.csv?asAt=2026-10-23",
    headers: auth("lano"),
  });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers["content-disposition"], /annex-a-list-2-2026-10-\d\d\.csv/);
  const bad = await app.inject({ url: "/api/v1/exports/annex-a.xlsx?asAt=soon", headers: auth("lano") });
  t.equal(bad.statusCode, 400);
  const sef = await app.inject({ url: "/api/v1/packs/sef.pdf", headers: auth("lano") });
  t.equal(sef.statusCode, 200);
  const unknown = await app.inject({ url: "/api/v1/packs/cases.pdf?case=NOPE-1", headers: auth("lano") });
  t.equal(unknown.statusCode, 422);
  const verified = await app.inject({
    method: "POST",
    url: "/api/v1/packs/verify",
    payload: sef.rawPayload,
    headers: { ...auth("lano"), "content-type": "application/pdf" },
  });
  t.match(verified.json(), { ok: true });
  const issued = await app.inject({
    method: "POST",
    url: "/api/v1/packs/PACK-H1/issue",
    payload: { kind: "sef", recipient: "Ofsted" },
    headers: auth("lano"),
  });
  t.equal(issued.statusCode, 201, issued.body);
  await runner.waitFor((issued.json() as { logPosition: number }).logPosition);
  const fetched = await app.inject({ url: "/api/v1/packs/issued/PACK-H1.pdf", headers: auth("lano") });
  t.equal(fetched.headers["x-pack-sha256"], (issued.json() as { sha256: string }).sha256);
});
