/** A deadline as words a person reads at a glance: "due in 2 days 3 hours", "overdue by 40 minutes". */
export function countdown(dueAt: string, now: string): string {
  const minutes = Math.round((Date.parse(dueAt) - Date.parse(now)) / 60_000);
  const span = Math.abs(minutes);
  const days = Math.floor(span / 1440);
  const hours = Math.floor((span % 1440) / 60);
  const mins = span % 60;
  const parts = [
    days ? `${days} day${days === 1 ? "" : "s"}` : "",
    hours ? `${hours} hour${hours === 1 ? "" : "s"}` : "",
    !days && mins ? `${mins} minute${mins === 1 ? "" : "s"}` : "",
  ].filter(Boolean);
  const text = parts.length ? parts.join(" ") : "less than a minute";
  return minutes >= 0 ? `due in ${text}` : `overdue by ${text}`;
}
