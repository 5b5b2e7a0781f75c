/** A moment as GOV.UK style writes it: "24 November 2026 at 9:30am", in the area's time zone. */
export function when(iso: unknown, timeZone = "Europe/London"): string {
  if (typeof iso !== "string" || Number.isNaN(Date.parse(iso))) return String(iso ?? "");
  const parts = new Map(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "numeric",
      minute: "2-digit",
      hour12: true,
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  const minute = parts.get("minute") === "00" ? "" : `:${parts.get("minute")}`;
  const period = (parts.get("dayPeriod") ?? "").toLowerCase().replaceAll(".", "").replaceAll(" ", "");
  return `${parts.get("day")} ${parts.get("month")} ${parts.get("year")} at ${parts.get("hour")}${minute}${period}`;
}

/** A calendar date as GOV.UK style writes it: "2026-11-23" → "23 November 2026" (other text as it is). */
export function onDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(day.getTime())) return date;
  if (day.toISOString().slice(0, 10) !== date) return date;
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(day);
}
