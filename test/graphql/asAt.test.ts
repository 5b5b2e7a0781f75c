import fc from "fast-check";
import t from "tap";
import { AsAtError, dateIn, endOfDayIn, momentAsAt, parseAsAt, readAsAt } from "../../src/graphql/asAt.js";
import type { AsAt, Folded } from "../../src/runner/runner.js";

t.test("a date is the end of that day in the area's calendar", async (t) => {
  t.equal(endOfDayIn("Europe/London", "2025-03-31"), "2025-03-31T22:59:59.999Z", "BST");
  t.equal(endOfDayIn("Europe/London", "2025-12-15"), "2025-12-15T23:59:59.999Z", "GMT");
  t.equal(
    endOfDayIn("Europe/London", "2025-03-29"),
    "2025-03-29T23:59:59.999Z",
    "the night the clocks go forward",
  );
  t.equal(endOfDayIn("Europe/London", "2025-03-30"), "2025-03-30T22:59:59.999Z", "the clock-change day");
  t.equal(endOfDayIn("Europe/London", "2025-10-25"), "2025-10-25T22:59:59.999Z", "before the clocks go back");
  t.equal(endOfDayIn("Europe/London", "2025-10-26"), "2025-10-26T23:59:59.999Z", "the clocks went back");
  t.equal(endOfDayIn("UTC", "2024-02-29"), "2024-02-29T23:59:59.999Z");
  t.equal(endOfDayIn("America/New_York", "2025-03-09"), "2025-03-10T03:59:59.999Z");
  t.equal(endOfDayIn("Asia/Kolkata", "2025-01-01"), "2025-01-01T18:29:59.999Z", "half-hour offsets");
  t.equal(dateIn("Europe/London", "2025-03-30T23:30:00Z"), "2025-03-31", "00:30 BST on 31 March");
  const date = fc
    .date({
      min: new Date("2000-01-01T00:00:00Z"),
      max: new Date("2040-12-31T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  fc.assert(
    fc.property(date, fc.constantFrom("Europe/London", "America/New_York", "Australia/Sydney"), (d, zone) => {
      const end = endOfDayIn(zone, d);
      const next = new Date(Date.parse(end) + 1).toISOString();
      return dateIn(zone, end) === d && dateIn(zone, next) !== d;
    }),
  );
});

t.test("reading an as-at input", async (t) => {
  t.same(readAsAt("2025-03-31"), {
    target: { time: "2025-03-31T22:59:59.999Z" },
    time: "2025-03-31T22:59:59.999Z",
    asOf: "2025-03-31",
  });
  t.same(readAsAt("2025-03-30T23:30:00Z")?.asOf, "2025-03-31", "a date-time's date in the area's calendar");
  t.same(readAsAt(" 42 "), { target: { position: 42 } });
  t.equal(readAsAt(""), undefined);
  t.equal(readAsAt(null), undefined);
  t.same(parseAsAt("2025-12-15", "UTC"), { time: "2025-12-15T23:59:59.999Z" });
  t.throws(() => readAsAt("31/03/2025"), AsAtError);
});

t.test("momentAsAt: judged on the date asked, also after the last event", async (t) => {
  const folded: Folded<string> = { state: "s", position: 7, recordedAt: "2025-10-27T10:00:00.000Z" };
  const asked: AsAt[] = [];
  const runner = {
    at: async (target: AsAt) => {
      asked.push(target);
      return folded;
    },
    current: () => ({ ...folded, state: "live" }),
  };
  const o = { timeZone: "Europe/London", today: () => "2026-01-05", runner };
  const after = await momentAsAt("2025-12-15", o);
  t.equal(after.asOf, "2025-12-15", "not the last event's date");
  t.equal(after.now, "2025-12-15T23:59:59.999Z");
  t.same(asked, [{ time: "2025-12-15T23:59:59.999Z" }]);
  const byPosition = await momentAsAt("7", o);
  t.same([byPosition.asOf, byPosition.now], ["2025-10-27", "2025-10-27T10:00:00.000Z"]);
  const late = await momentAsAt("7", {
    ...o,
    runner: { ...runner, at: async () => ({ ...folded, recordedAt: "2025-03-30T23:30:00.000Z" }) },
  });
  t.equal(late.asOf, "2025-03-31", "a position's date in the area's calendar");
  const empty = await momentAsAt("0", {
    ...o,
    runner: { ...runner, at: async () => ({ state: "", position: 0 }) },
  });
  t.equal(empty.asOf, "1970-01-01");
  const live = await momentAsAt(undefined, o);
  t.same([live.at.state, live.asOf], ["live", "2026-01-05"]);
});
