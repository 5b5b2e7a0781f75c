/** A calendar date as GOV.UK style writes it: "23 November 2026" (no time zone: a date is a date). */
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

export function day(iso: unknown): string {
  const m = typeof iso === "string" ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return String(iso ?? "");
  return `${Number(m[3])} ${month} ${m[1]}`;
}
