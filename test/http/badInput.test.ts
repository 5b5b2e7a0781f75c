/**
 * Every route, fed bad input: a 400 (or 413/415) problem+json naming the fields, and nothing appended.
 */
import t from "tap";
import { publicCommands as commands } from "../../src/commands/index.js";
import { routeOf } from "../../src/http/commandRoutes.js";
import { harness, tokenFor } from "./harness.js";

interface ProblemBody {
  type: string;
  status: number;
  title: string;
  errors: { path: string; pointer: string; message: string }[];
}

t.test("every command route refuses a body of wrong fields, naming them", async (t) => {
  const { post, head } = await harness(t);
  const before = await head();
  for (const definition of commands) {
    const id =
      definition.model.family === "area" || definition.model.family === "sef" ? "E09000099" : "X0001";
    const url = routeOf(definition).replace(":id", id);
    const role = definition.roles[0]!;
    const res = await post(url, { notAField: true }, role);
    t.equal(res.statusCode, 400, `${definition.name}: 400`);
    t.match(res.headers["content-type"], /^application\/problem\+json/, `${definition.name}: problem+json`);
    const body = res.json() as ProblemBody;
    t.equal(body.status, 400);
    const paths = body.errors.map((e) => e.path);
    t.ok(paths.includes("notAField"), `${definition.name}: names the unexpected field`);
    t.ok(
      paths.some((p) => p !== "notAField" && p !== "(body)"),
      `${definition.name}: names a missing field (${paths.join(", ")})`,
    );
    const badId = await post(routeOf(definition).replace(":id", "bad id!"), {}, role);
    t.equal(badId.statusCode, 400, `${definition.name}: a bad id is refused`);
    t.ok(
      (badId.json() as ProblemBody).errors.some((e) => e.path === "id"),
      `${definition.name}: names id`,
    );
    const notObject = await post(url, [1, 2, 3], role);
    t.equal(notObject.statusCode, 400, `${definition.name}: an array body is refused`);
  }
  t.equal(await head(), before, "nothing was appended by any of them");
});

t.test("wrongly typed fields are named one by one", async (t) => {
  const { post, head } = await harness(t);
  await post(
    "/api/v1/qa-audits/QA01/draw-sample",
    { caseId: "C001", reason: "random", drawnOn: "2026-11-01" },
    "auditor",
  );
  const before = await head();
  const res = await post(
    "/api/v1/qa-audits/QA01/rate-section",
    { section: "Z", criteriaMet: "all of them", criteriaNotMet: [], grade: "good" },
    "auditor",
  );
  t.equal(res.statusCode, 400);
  const paths = (res.json() as ProblemBody).errors.map((e) => e.path).sort();
  t.same(paths, ["criteriaMet", "section"]);
  const override = await post(
    "/api/v1/qa-audits/QA01/rate-section",
    { section: "B", criteriaMet: ["a"], criteriaNotMet: [], grade: "inadequate" },
    "auditor",
  );
  t.same(
    (override.json() as ProblemBody).errors.map((e) => e.path),
    ["overrideReason"],
    "an override needs a reason",
  );
  const action = await post(
    "/api/v1/actions/A001/raise",
    {
      title: "Cut SLT waits",
      priorityArea: "Health waiting times",
      criteria: ["A9"],
      owner: "ICB",
      dueOn: "2027-02-30",
      source: { kind: "inspection finding" },
    },
    "lano",
  );
  t.same((action.json() as ProblemBody).errors.map((e) => e.pointer).sort(), ["/criteria/0", "/dueOn"]);
  const complete = await post(
    "/api/v1/actions/A001/complete",
    { completedOn: "2026-11-01", impact: "   ", evidence: [] },
    "lano",
  );
  t.same(
    (complete.json() as ProblemBody).errors.map((e) => e.path),
    ["impact"],
    "a completed action needs an impact statement",
  );
  t.equal(await head(), before, "nothing appended");
});

t.test("a rating that names a criterion not in the audit's checklist is a 400 naming it", async (t) => {
  const { post, head } = await harness(t);
  await post(
    "/api/v1/qa-audits/QA02/draw-sample",
    { caseId: "C001", reason: "random", drawnOn: "2026-11-01" },
    "auditor",
  );
  const before = await head();
  const res = await post(
    "/api/v1/qa-audits/QA02/rate-section",
    { section: "I", criteriaMet: ["I.1", "School named"], criteriaNotMet: [] },
    "auditor",
  );
  t.equal(res.statusCode, 400);
  const body = res.json() as ProblemBody;
  t.same(
    body.errors.map((e) => e.pointer),
    ["/criteriaMet/1"],
  );
  t.match(body.errors[0]!.message, /School named is not a criterion of section I/);
  const version = await post(
    "/api/v1/qa-audits/QA03/draw-sample",
    { caseId: "C001", reason: "random", drawnOn: "2026-11-01", checklistVersion: "made-up.1" },
    "auditor",
  );
  t.equal(version.statusCode, 400);
  t.same(
    (version.json() as ProblemBody).errors.map((e) => e.path),
    ["checklistVersion"],
  );
  t.equal(await head(), before, "nothing appended");
});

t.test("bodies that are not JSON, too large or malformed get 415, 413, 400", async (t) => {
  const { app, head } = await harness(t);
  const before = await head();
  const auth = { authorization: `Bearer ${tokenFor("officer")}` };
  const url = "/api/v1/cases/C001/register";
  const text = await app.inject({
    method: "POST",
    url,
    payload: "dateOfBirth=2015",
    headers: { ...auth, "content-type": "text/plain" },
  });
  t.equal(text.statusCode, 415);
  t.match(text.headers["content-type"], /problem\+json/);
  const broken = await app.inject({
    method: "POST",
    url,
    payload: '{"dateOfBirth": ',
    headers: { ...auth, "content-type": "application/json" },
  });
  t.equal(broken.statusCode, 400);
  t.match(broken.headers["content-type"], /problem\+json/);
  const huge = await app.inject({
    method: "POST",
    url,
    payload: JSON.stringify({ pad: "x".repeat(1_100_000) }),
    headers: { ...auth, "content-type": "application/json" },
  });
  t.equal(huge.statusCode, 413);
  const badHeaders = await app.inject({
    method: "POST",
    url,
    payload: { dateOfBirth: "2015-01-01", gender: "male", ethnicity: "WBRI" },
    headers: { ...auth, "if-match": "yesterday", "idempotency-key": "short" },
  });
  t.equal(badHeaders.statusCode, 400);
  t.same((badHeaders.json() as ProblemBody).errors.map((e) => e.path).sort(), [
    "Idempotency-Key",
    "If-Match",
  ]);
  const lanoAuth = { authorization: `Bearer ${tokenFor("lano")}` };
  const badStream = await app.inject({ url: "/api/v1/streams/nonsense", headers: lanoAuth });
  t.equal(badStream.statusCode, 400);
  const badQuery = await app.inject({ url: "/api/v1/streams/case-C001?fromRevision=-3", headers: lanoAuth });
  t.equal(badQuery.statusCode, 400);
  const missing = await app.inject({ url: "/api/v1/streams/case-C001", headers: lanoAuth });
  t.equal(missing.statusCode, 404);
  const noRoute = await app.inject({ url: "/api/v1/nowhere", headers: auth });
  t.equal(noRoute.statusCode, 404);
  t.match(noRoute.headers["content-type"], /problem\+json/);
  t.equal(await head(), before, "nothing appended");
});
