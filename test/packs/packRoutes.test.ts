import t from "tap";
import { readPackMeta } from "../../src/packs/meta.js";
import { readHarness } from "../graphql/readHarness.js";
import { pdfText } from "./fixtures.js";

t.test("packs over HTTP: build, issue, fetch again byte-for-byte, verify, tamper", async (t) => {
  const { app, auth, runner } = await readHarness(t, { plans: 40, senSupport: 20 });
  const lano = auth("lano");
  const post = (url: string, payload: unknown) =>
    app.inject({ method: "POST", url, payload: payload as object, headers: lano });
  const notify = await post("/api/v1/inspections/INS-P/notify", {
    notifiedAt: "2026-11-23T09:30:00Z",
    kind: "full",
  });
  const ids = [...runner.current().state.cases.byId.values()]
    .filter((c) => c.plans.length > 0)
    .slice(0, 2)
    .map((c) => c.caseId);
  const track = await post("/api/v1/inspections/INS-P/select-cases-for-tracking", {
    selectedAt: "2026-11-23T10:00:00Z",
    caseIds: ids,
  });
  t.equal(notify.statusCode + track.statusCode, 402);
  await runner.waitFor((track.json() as { position: number }).position);

  const sef = await app.inject({ url: "/api/v1/packs/sef.pdf", headers: auth("inspector") });
  t.equal(sef.statusCode, 200, sef.body.slice(0, 300));
  t.equal(sef.headers["content-type"], "application/pdf");
  t.match(pdfText(sef.rawPayload), "Self-evaluation");
  const again = await app.inject({ url: "/api/v1/packs/sef.pdf", headers: auth("inspector") });
  t.ok(again.rawPayload.equals(sef.rawPayload), "the same pack twice is the same bytes");
  const signedOff = runner.current().state.sef.signOffs.at(-1)!;
  const working = await app.inject({ url: "/api/v1/packs/sef.pdf?includeWarnings=true", headers: lano });
  t.ok(
    readPackMeta(sef.rawPayload)!.position < readPackMeta(working.rawPayload)!.position,
    `inspectors get the SEF as signed off (${signedOff.at}), the LANO today's working copy`,
  );
  t.match(pdfText(working.rawPayload), "gaps and contradictions", "the working copy lists its appendix");
  t.notMatch(pdfText(sef.rawPayload), "gaps and contradictions", "no internal appendix for inspectors");
  const older = await app.inject({ url: "/api/v1/packs/data-request.pdf?asAt=2026-10-23", headers: lano });
  t.equal(older.statusCode, 200);
  t.ok(readPackMeta(older.rawPayload)!.position < Number(sef.headers["x-log-position"]), "as at last month");
  const cases = await app.inject({ url: "/api/v1/packs/cases.pdf?inspectionId=INS-P", headers: lano });
  t.equal(cases.statusCode, 200);
  t.match(pdfText(cases.rawPayload, 1), "OFFICIAL-SENSITIVE");
  t.same(readPackMeta(cases.rawPayload)!.caseIds, ids);

  const issued = await post("/api/v1/packs/PACK-001/issue", {
    kind: "cases",
    inspectionId: "INS-P",
    recipient: "Lead inspector (Ofsted)",
  });
  t.equal(issued.statusCode, 201, issued.body);
  const record = issued.json() as { sha256: string; position: number; download: string; logPosition: number };
  t.equal(record.sha256, cases.headers["x-pack-sha256"], "the issued hash is the file's hash");
  const twice = await post("/api/v1/packs/PACK-001/issue", { kind: "sef", recipient: "x" });
  t.equal(twice.statusCode, 409, "a pack id is issued once");
  await runner.waitFor(record.logPosition);
  const fetched = await app.inject({ url: "/api/v1/packs/issued/PACK-001.pdf", headers: auth("inspector") });
  t.equal(fetched.statusCode, 200);
  t.ok(fetched.rawPayload.equals(cases.rawPayload), "an issued pack is rebuilt byte-for-byte later");

  const verify = (pdf: Buffer) =>
    app.inject({
      method: "POST",
      url: "/api/v1/packs/verify",
      payload: pdf,
      headers: { ...lano, "content-type": "application/pdf" },
    });
  const ok = (await verify(cases.rawPayload)).json() as { ok: boolean; reason: string };
  t.same([ok.ok, /issued to Lead inspector/.test(ok.reason)], [true, true]);
  const rebuilt = (await verify(older.rawPayload)).json() as { ok: boolean; reason: string };
  t.same(
    [rebuilt.ok, /identical to a rebuild/.test(rebuilt.reason)],
    [true, true],
    "a never-issued pack verifies by rebuild",
  );
  const tampered = Buffer.from(sef.rawPayload);
  const at = tampered.indexOf("Self-evaluation");
  tampered.write("Self-Evaluation", at, "latin1");
  const changed = (await verify(tampered)).json() as { ok: boolean; reason: string };
  t.same(
    [changed.ok, /differs from the pack rebuilt/.test(changed.reason)],
    [false, true],
    "a changed PDF fails",
  );
  const junk = (await verify(Buffer.from("%PDF-1.7 not really"))).json() as { ok: boolean };
  t.equal(junk.ok, false);

  const badAsAt = await app.inject({ url: "/api/v1/packs/sef.pdf?asAt=tomorrowish", headers: lano });
  t.equal(badAsAt.statusCode, 400);
  t.equal((badAsAt.json() as { errors: { path: string }[] }).errors[0]!.path, "asAt");
  t.equal(
    (await app.inject({ url: "/api/v1/packs/cases.pdf", headers: lano })).statusCode,
    422,
    "a cases pack needs cases",
  );
  t.equal(
    (await app.inject({ url: "/api/v1/packs/cases.pdf?case=NOBODY-1", headers: lano })).statusCode,
    422,
  );
  t.equal((await app.inject({ url: "/api/v1/packs/minutes.pdf", headers: lano })).statusCode, 404);
  t.equal((await app.inject({ url: "/api/v1/packs/sef.pdf?colour=blue", headers: lano })).statusCode, 400);
  t.equal((await app.inject({ url: "/api/v1/packs/sef.pdf", headers: auth("auditor") })).statusCode, 403);
  const inspectorIssue = await app.inject({
    method: "POST",
    url: "/api/v1/packs/PACK-002/issue",
    payload: { kind: "sef", recipient: "x" },
    headers: auth("inspector"),
  });
  t.equal(inspectorIssue.statusCode, 403, "inspectors cannot issue");
  const badIssue = await post("/api/v1/packs/PACK-003/issue", { kind: "minutes" });
  t.same((badIssue.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort(), [
    "kind",
    "recipient",
  ]);
});
