/**
 * Bad evidence in a SEF statement or a metric definition: a 400 problem+json naming the field, nothing
 * appended; a known store figure is accepted.
 */
import t from "tap";
import { harness } from "./harness.js";

interface ProblemBody {
  status: number;
  errors: { path: string; message: string }[];
}

const statement = (evidence: unknown[]) => ({
  statementId: "S-FIG",
  criterion: "A1",
  kind: "current position",
  text: "We know how quickly we decide, because the store tracks every clock.",
  evidence,
});

t.test("a statement citing a figure the store does not compute is refused, naming the field", async (t) => {
  const { post, head } = await harness(t);
  const before = await head();
  for (const id of ["nonsense", "toString", "__proto__"]) {
    const res = await post(
      "/api/v1/sef/E09000099/draft-statement",
      statement([{ kind: "figure", id }]),
      "lano",
    );
    t.equal(res.statusCode, 400, `${id}: 400`);
    t.match(res.headers["content-type"], /^application\/problem\+json/);
    const body = res.json() as ProblemBody;
    t.ok(
      body.errors.some((e) => e.path === "evidence.0.id" && /finalPlansWithin20Weeks/.test(e.message)),
      `${id}: names evidence.0.id and the figures it may be`,
    );
  }
  const unknownKind = await post(
    "/api/v1/sef/E09000099/draft-statement",
    statement([{ kind: "hunch", id: "x" }]),
    "lano",
  );
  t.equal(unknownKind.statusCode, 400);
  t.ok((unknownKind.json() as ProblemBody).errors.some((e) => e.path === "evidence.0.kind"));
  t.equal(await head(), before, "nothing appended");

  const ok = await post(
    "/api/v1/sef/E09000099/draft-statement",
    statement([{ kind: "figure", id: "decisionsWithin6Weeks" }]),
    "lano",
  );
  t.equal(ok.statusCode, 201, "a known figure is accepted");
  t.equal(await head(), before + 1);
});

t.test("a metric with an unknown topic or store figure is refused, naming the field", async (t) => {
  const { post, head } = await harness(t);
  const before = await head();
  const metric = {
    title: "Plans within 20 weeks",
    unit: "percent",
    higherIsBetter: true,
    criteria: ["A1"],
    source: "SEN2",
  };
  const badTopic = await post(
    "/api/v1/metrics/M20/define",
    { ...metric, topics: ["assessment timeliness", "vibes"] },
    "officer",
  );
  t.equal(badTopic.statusCode, 400);
  t.ok((badTopic.json() as ProblemBody).errors.some((e) => e.path === "topics.1"));
  const badFigure = await post(
    "/api/v1/metrics/M20/define",
    { ...metric, storeFigure: "valueOf" },
    "officer",
  );
  t.equal(badFigure.statusCode, 400);
  t.ok((badFigure.json() as ProblemBody).errors.some((e) => e.path === "storeFigure"));
  t.equal(await head(), before, "nothing appended");
});
