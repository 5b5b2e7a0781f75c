import t from "tap";
import { csvTable } from "../imports/helpers.js";
import { harness, tokenFor } from "./harness.js";

type ProblemBody = { errors: { path: string; pointer: string; message: string }[] };
const RAISE = {
  title: "Cut SLT waits",
  priorityArea: "Health waiting times",
  criteria: ["A1"],
  owner: "ICB",
  dueOn: "2027-02-28",
  source: { kind: "inspection finding" },
};

t.test(
  "control characters and lone surrogates are refused naming the field; nothing is appended",
  async (t) => {
    const { post, head } = await harness(t);
    const before = await head();
    const res = await post(
      "/api/v1/actions/A001/raise",
      { ...RAISE, title: "Cut\u0000 waits", owner: "IC\u0007B", priorityArea: "Health \u202Ewaits" },
      "lano",
    );
    t.equal(res.statusCode, 400);
    t.match(res.headers["content-type"], /application\/problem\+json/);
    const errors = (res.json() as ProblemBody).errors.sort((a, b) => a.path.localeCompare(b.path));
    t.same(
      errors.map((e) => [e.path, e.message]),
      [
        ["owner", "must not contain control characters (U+0007 at character 3)"],
        ["priorityArea", "must not contain control characters (U+202E at character 8)"],
        [
          "title",
          "must not contain control characters (U+0000 at character 4); tabs and line breaks are allowed",
        ],
      ],
    );
    const surrogate = await post("/api/v1/actions/A001/raise", { ...RAISE, title: "waits \ud800" }, "lano");
    t.equal(surrogate.statusCode, 400);
    t.same(
      (surrogate.json() as ProblemBody).errors.map((e) => [e.path, e.message]),
      [["title", "must not contain a lone surrogate (U+D800 at character 7)"]],
    );
    t.equal(await head(), before, "nothing appended");
    const multiLine = await post(
      "/api/v1/actions/A001/raise",
      { ...RAISE, title: "Cut waits:\n\tSLT first" },
      "lano",
    );
    t.equal(multiLine.statusCode, 201, "tab and newline are fine in multi-line text");
  },
);

t.test("an import with a control character is refused as a row and column error", async (t) => {
  const { app, head } = await harness(t);
  const before = await head();
  const res = await app.inject({
    method: "POST",
    url: "/api/v1/imports/metrics",
    payload: csvTable(
      ["metric", "period", "scope", "value", "source"],
      [["M001", "2024", "area", "5", "SEN2\u0000 return"]],
    ),
    headers: { authorization: `Bearer ${tokenFor("officer")}`, "content-type": "text/csv" },
  });
  t.equal(res.statusCode, 400);
  const errors = (res.json() as { errors: { line: number; column?: string; message: string }[] }).errors;
  t.match(errors, [
    {
      line: 2,
      column: "source",
      message:
        "must not contain control characters (U+0000 at character 5); tabs and line breaks are allowed",
    },
  ]);
  t.equal(await head(), before, "nothing appended");
});
