import ExcelJS from "exceljs";
import t from "tap";
import { LIST_1_COLUMNS } from "../../src/exports/annexAColumns.js";
import { readHarness } from "../graphql/readHarness.js";

t.test("Annex A downloads over HTTP, now and as at a moment", async (t) => {
  const { app, auth } = await readHarness(t, { plans: 40, senSupport: 40 });
  const res = await app.inject({ url: "/api/v1/exports/annex-a.xlsx", headers: auth("officer") });
  t.equal(res.statusCode, 200, res.statusCode === 200 ? "ok" : res.body);
  t.match(res.headers["content-type"], /spreadsheetml/);
  t.match(res.headers["content-disposition"], /annex-a-2026-11-23\.xlsx/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  t.same(
    book.worksheets.map((w) => w.name),
    ["List_1", "List_2", "Checks"],
  );
  const header = book.getWorksheet("List_1")!.getRow(1).values as unknown[];
  t.same(header.slice(1), [...LIST_1_COLUMNS]);

  const csv = await app.inject({ url: "/api/v1/exports/annex-a/list-2.csv", headers: auth("lano") });
  t.equal(csv.statusCode, 200);
  t.match(csv.body, /Unique ID,UPN,ULN,Date of birth/);
  const old = await app.inject({
    url: "/api/v1/exports/annex-a/list-1.csv?asAt=2019-01-01",
    headers: auth("lano"),
  });
  t.ok(
    old.body.split("\r\n").filter(Boolean).length < csv.body.split("\r\n").filter(Boolean).length + 40,
    "an earlier moment",
  );
  t.ok(
    Number(old.headers["x-log-position"]) < Number(csv.headers["x-log-position"]),
    "built at an earlier log position",
  );

  const bad = await app.inject({ url: "/api/v1/exports/annex-a.xlsx?asAt=soon", headers: auth("lano") });
  t.equal(bad.statusCode, 400);
  t.match(bad.headers["content-type"], /problem\+json/);
  t.equal((bad.json() as { errors: { path: string }[] }).errors[0]!.path, "asAt");
  const auditor = await app.inject({ url: "/api/v1/exports/annex-a.xlsx", headers: auth("auditor") });
  t.equal(auditor.statusCode, 403);
  const three = await app.inject({ url: "/api/v1/exports/annex-a/list-3.csv", headers: auth("lano") });
  t.equal(three.statusCode, 404);
  const extra = await app.inject({ url: "/api/v1/exports/annex-a.xlsx?format=pdf", headers: auth("lano") });
  t.equal(extra.statusCode, 400, "unknown query parameters are refused");
});
