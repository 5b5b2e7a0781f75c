import fc from "fast-check";
import t from "tap";
import {
  addDays,
  addMonths,
  addWeeks,
  addWorkingDays,
  addYears,
  dateOf,
  daysBetween,
} from "../../projections/calendar.js";

const date = fc
  .date({ min: new Date("1990-01-01T00:00:00Z"), max: new Date("2060-12-31T00:00:00Z"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

t.test("pinned cases", async (t) => {
  t.equal(addWeeks("2024-01-01", 20), "2024-05-20", "20 weeks is 140 days");
  t.equal(daysBetween("2024-01-01", "2024-05-20"), 140);
  t.equal(addMonths("2024-01-31", 1), "2024-02-29", "leap year: end of January + 1 month");
  t.equal(addMonths("2023-01-31", 1), "2023-02-28");
  t.equal(addYears("2024-02-29", 1), "2025-02-28", "a leap day's anniversary");
  t.equal(addMonths("2024-11-15", 18), "2026-05-15");
  t.equal(addDays("2024-12-31", 1), "2025-01-01");
  t.equal(dateOf("2026-11-23T23:30:00-02:00"), "2026-11-24", "an instant's date is taken in UTC");
  t.equal(
    addWorkingDays("2026-11-20T10:00:00.000Z", 1),
    "2026-11-23T10:00:00.000Z",
    "Friday + 1 working day = Monday",
  );
  t.equal(addWorkingDays("2026-11-23T09:00:00.000Z", 2), "2026-11-25T09:00:00.000Z");
  t.equal(addWorkingDays("2026-11-21T09:00:00.000Z", 1), "2026-11-23T09:00:00.000Z", "from a Saturday");
});

t.test("properties", async (t) => {
  fc.assert(
    fc.property(date, fc.integer({ min: -4000, max: 4000 }), (d, n) => daysBetween(d, addDays(d, n)) === n),
  );
  fc.assert(
    fc.property(date, fc.integer({ min: 0, max: 240 }), (d, n) => {
      const r = addMonths(d, n);
      // Same day of month unless clamped to a shorter month's end.
      return (
        r.slice(8) === d.slice(8) ||
        (Number(r.slice(8)) < Number(d.slice(8)) && addDays(r, 1).slice(8) === "01")
      );
    }),
  );
  fc.assert(
    fc.property(date, fc.integer({ min: 0, max: 30 }), (d, n) => {
      const out = new Date(addWorkingDays(`${d}T09:00:00.000Z`, n));
      const day = out.getUTCDay();
      return n === 0 || (day !== 0 && day !== 6);
    }),
  );
  t.pass("properties hold over generated dates");
});
