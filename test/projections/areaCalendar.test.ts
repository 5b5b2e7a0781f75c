import fc from "fast-check";
import t from "tap";
import { dateIn, endOfDayIn, startOfDayIn } from "../../projections/areaCalendar.js";

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

t.test("London's days: 23 hours in March, 25 in October, else 24", async (t) => {
  const hours = (date: string) =>
    (Date.parse(endOfDayIn("Europe/London", date)) + 1 - Date.parse(startOfDayIn("Europe/London", date))) /
    3_600_000;
  t.equal(hours("2026-03-29"), 23, "clocks go forward");
  t.equal(hours("2026-10-25"), 25, "clocks go back");
  t.equal(hours("2026-07-01"), 24);
  t.equal(startOfDayIn("Europe/London", "2026-07-01"), "2026-06-30T23:00:00.000Z");
  t.equal(endOfDayIn("Europe/London", "2026-12-01"), "2026-12-01T23:59:59.999Z");
  t.equal(startOfDayIn("UTC", "2028-02-29"), "2028-02-29T00:00:00.000Z", "a leap day");
});

t.test("every day's first and last millisecond fall on that day, and days tile time", async (t) => {
  const zones = ["Europe/London", "UTC", "America/New_York", "Pacific/Chatham"];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 365 * 60 }), fc.constantFrom(...zones), (offset, zone) => {
      const date = addDays("1990-01-01", offset);
      const start = startOfDayIn(zone, date);
      const end = endOfDayIn(zone, date);
      return (
        dateIn(zone, start) === date &&
        dateIn(zone, end) === date &&
        dateIn(zone, new Date(Date.parse(start) - 1)) === addDays(date, -1) &&
        startOfDayIn(zone, addDays(date, 1)) === new Date(Date.parse(end) + 1).toISOString()
      );
    }),
    { numRuns: 500 },
  );
  t.pass("held for 500 random days and zones");
});
