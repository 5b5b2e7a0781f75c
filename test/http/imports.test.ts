import t from "tap";
import { csvOf, csvTable, sampleRows, xlsxOf } from "../imports/helpers.js";
import { caseColumns } from "../../src/imports/caseExtract.js";
import { harness, tokenFor } from "./harness.js";

t.test(
  "case extracts over HTTP: import, re-import appends nothing, a bad row refuses the file",
  async (t) => {
    const { app, head } = await harness(t);
    const send = (
      body: Buffer,
      type = "text/csv",
      role: "officer" | "auditor" = "officer",
      url = "/api/v1/imports/cases",
    ) =>
      app.inject({
        method: "POST",
        url,
        payload: body,
        headers: {
          authorization: `Bearer ${tokenFor(role)}`,
          "content-type": type,
          "x-file-name": "extract.csv",
        },
      });
    const file = csvOf(sampleRows);
    const first = await send(file);
    t.equal(first.statusCode, 201, first.body);
    const imported = first.json() as { kind: string; appended: number };
    t.equal(imported.kind, "imported");
    t.ok(imported.appended > 0);
    const after = await head();
    const again = await send(file);
    t.equal(again.statusCode, 200);
    t.equal((again.json() as { appended: number }).appended, 0);
    t.equal(await head(), after, "the same file twice appends nothing");

    const bad = sampleRows.map((r, i) =>
      i === 2 ? { ...r, caseId: "C0099", dateOfBirth: "31/02/2015" } : r,
    );
    const refused = await send(csvOf(bad));
    t.equal(refused.statusCode, 400);
    t.match(refused.headers["content-type"], /problem\+json/);
    const p = refused.json() as {
      title: string;
      errors: { line: number; column: string; message: string }[];
    };
    t.match(p.title, /nothing was imported/);
    t.same(
      p.errors.map((e) => [e.line, e.column]),
      [[4, "dateOfBirth"]],
      "names line 4 and the column",
    );
    t.equal(await head(), after, "nothing appended");

    const xlsx = await xlsxOf([
      [...caseColumns],
      ...sampleRows.map((r) => caseColumns.map((c) => r[c] ?? "")),
    ]);
    const asXlsx = await send(xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    t.equal(asXlsx.statusCode, 200, "the same extract as XLSX changes nothing");
    t.equal((await send(file, "text/csv", "auditor")).statusCode, 403);
    t.equal((await send(Buffer.from(""), "text/csv")).statusCode, 400);
    t.equal(
      (await send(file, "application/json")).statusCode,
      400,
      "a CSV sent as JSON is not parsed as a file",
    );
    t.equal((await send(file, "image/png")).statusCode, 415);
    const metricsXlsx = await send(
      xlsx,
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "officer",
      "/api/v1/imports/metrics",
    );
    t.equal(metricsXlsx.statusCode, 415);
    const metrics = await send(
      csvTable(
        ["metric", "period", "scope", "value", "source"],
        [["undefinedMetric", "2024", "area", "5", "x"]],
      ),
      "text/csv",
      "officer",
      "/api/v1/imports/metrics",
    );
    t.equal(metrics.statusCode, 400, "a metric that is not defined is a bad row");
    t.equal(await head(), after);
  },
);
