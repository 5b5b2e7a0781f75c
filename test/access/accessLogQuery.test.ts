import t from "tap";
import { accessLogQuery } from "../../schemas/accessLog.js";
import { type AccessLog, openAccessLog } from "../../src/access/accessLog.js";
import { accessLogTable, askAccessLog } from "../../src/access/accessLogQuery.js";

/** An inspector's read of C001 at a moment, named `what`. */
const inspectorRead = (log: AccessLog) => (iso: string, what: string) =>
  log.record(
    [{ actor: "inspector.one", role: "inspector", what, requestId: `r-${what}`, caseIds: ["C001"] }],
    new Date(iso),
  );

const dpo = { actor: "dpo", role: "admin" as const, requestId: "q-1", what: "cli access-log" };

t.test(
  "bounds: inclusive; a date is the whole day (GMT in November); the question is recorded after it is answered",
  async (t) => {
    const log = openAccessLog(":memory:");
    t.teardown(() => log.close());
    const seen = inspectorRead(log);
    seen("2026-11-19T23:59:59.999Z", "before");
    seen("2026-11-20T00:00:00.000Z", "first");
    seen("2026-11-21T23:59:59.999Z", "last");
    seen("2026-11-22T00:00:00.000Z", "after");
    const ask = (q: Record<string, string>) =>
      askAccessLog(log, accessLogQuery.parse({ case: "C001", ...q }), dpo);

    const days = ask({ from: "2026-11-20", to: "2026-11-21" });
    t.same(
      days.entries.map((e) => e.what),
      ["first", "last"],
    );
    t.same([days.caseId, days.from, days.to, days.truncated], ["C001", "2026-11-20", "2026-11-21", false]);
    t.same(
      ask({ from: "2026-11-20T00:00:00.001Z", to: "2026-11-21T23:59:59.999Z" }).entries.map((e) => e.what),
      ["last"],
      "a date-time bound is that millisecond, included",
    );
    t.same(
      ask({ to: "2026-11-20T01:00:00+01:00" }).entries.map((e) => e.what),
      ["before", "first"],
      "offsets are honoured",
    );
    const all = ask({});
    t.same([all.from, all.to], [null, null]);
    t.same(all.entries.map((e) => e.what).slice(0, 4), ["before", "first", "last", "after"]);
    t.same(
      all.entries.slice(4).map((e) => [e.actor, e.what, e.requestId]),
      [
        ["dpo", "cli access-log", "q-1"],
        ["dpo", "cli access-log", "q-1"],
        ["dpo", "cli access-log", "q-1"],
      ],
      "each earlier question is on the record, not the one being answered",
    );
  },
);

t.test("a date is a day in the area's calendar: in summer, London's day starts at 23:00 UTC", async (t) => {
  const log = openAccessLog(":memory:");
  t.teardown(() => log.close());
  const seen = inspectorRead(log);
  seen("2026-06-30T22:59:59.999Z", "23:59 on 30 June, London");
  seen("2026-06-30T23:00:00.000Z", "00:00 on 1 July, London");
  seen("2026-07-01T22:59:59.999Z", "23:59 on 1 July, London");
  seen("2026-07-01T23:00:00.000Z", "00:00 on 2 July, London");
  const ask = (q: Record<string, string>, timeZone?: string) =>
    askAccessLog(log, accessLogQuery.parse({ case: "C001", ...q }), dpo, timeZone)
      .entries.map((e) => e.what)
      .filter((w) => w !== "cli access-log");
  t.same(ask({ from: "2026-07-01", to: "2026-07-01" }), [
    "00:00 on 1 July, London",
    "23:59 on 1 July, London",
  ]);
  t.same(
    ask({ from: "2026-07-01", to: "2026-07-01" }, "UTC"),
    ["23:59 on 1 July, London", "00:00 on 2 July, London"],
    "another area's calendar, another day",
  );
});

t.test("bad questions name the field", async (t) => {
  const issues = (q: unknown) =>
    (accessLogQuery.safeParse(q).error?.issues ?? []).map((i) => i.path.join("."));
  t.same(issues({}), ["case"]);
  t.same(issues({ case: "../etc" }), ["case"]);
  t.same(issues({ case: "C001", from: "last week" }), ["from"]);
  t.same(issues({ case: "C001", to: "2026-13-40" }), ["to"]);
  t.same(issues({ case: "C001", from: "2026-11-21", to: "2026-11-20" }), ["to"], "to before from");
  t.same(issues({ case: "C001", from: "2026-11-21", to: "2026-11-21" }), [], "one whole day");
  t.same(issues({ case: "C001", extra: "1" }), [""], "an unknown field (its key is in the issue)");
});

t.test(
  "the table: a header, one line per read, a summary; control characters never reach the terminal",
  async (t) => {
    const entry = {
      at: "2026-11-20T10:00:00.000Z",
      actor: "evil\u001b[2J",
      role: "lano" as const,
      what: "cases",
      requestId: "r-1",
      cases: 50,
    };
    const table = accessLogTable({
      caseId: "C001",
      from: null,
      to: "2026-11-30",
      entries: [entry],
      truncated: true,
    });
    const lines = table.split("\n");
    t.match(lines[0], /^time\s+actor\s+role\s+what\s+request id$/);
    t.equal(lines[1], "2026-11-20T10:00:00.000Z  evil?[2J  lano  cases  r-1");
    t.equal(
      lines[2],
      "1 read of C001 from the beginning to 2026-11-30 (the first ones only: ask for a narrower range).",
    );
    t.notOk(table.includes("\u001b"), "no escape character");
    const none = accessLogTable({
      caseId: "C002",
      from: "2026-11-01",
      to: null,
      entries: [],
      truncated: false,
    });
    t.equal(none.split("\n")[1], "No reads of C002 recorded from 2026-11-01 to now.");
    const two = accessLogTable({
      caseId: "C001",
      from: null,
      to: null,
      entries: [entry, entry],
      truncated: false,
    });
    t.match(two, /2 reads of C001 from the beginning to now\.$/);
  },
);
