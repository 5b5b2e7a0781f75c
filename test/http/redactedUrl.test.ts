import fc from "fast-check";
import t from "tap";
import { REDACTED, redactedUrl } from "../../src/http/redactedUrl.js";

t.test("the sign-in link's code, and any token, are redacted; everything else is kept", async (t) => {
  t.equal(redactedUrl("/sign-in?code=abc123"), `/sign-in?code=${REDACTED}`);
  t.equal(redactedUrl("/readiness"), "/readiness", "no query, nothing to do");
  t.equal(redactedUrl("/readiness?asAt=2026-11-01&check=3"), "/readiness?asAt=2026-11-01&check=3");
  t.equal(
    redactedUrl("/x?a=1&CODE=s1&code=s2&access_token=s3&Id-Token=s4&password=s5&b=2"),
    `/x?a=1&CODE=${REDACTED}&code=${REDACTED}&access_token=${REDACTED}&Id-Token=${REDACTED}&password=${REDACTED}&b=2`,
  );
  t.equal(
    redactedUrl("/x?c%6Fde=s&%63ode=s&code+=s"),
    `/x?c%6Fde=${REDACTED}&%63ode=${REDACTED}&code+=${REDACTED}`,
  );
  t.equal(redactedUrl("/x?code"), "/x?code", "a name without a value carries nothing");
  t.equal(redactedUrl("/x?code=a=b"), `/x?code=${REDACTED}`, "the whole value, = and all");
  t.equal(
    redactedUrl("/x?%E0%A4%A=1&code=s"),
    `/x?%E0%A4%A=1&code=${REDACTED}`,
    "a bad escape is kept as it is",
  );
  t.equal(redactedUrl("/x?codes=1&barcode=2"), "/x?codes=1&barcode=2", "only the name itself");
});

t.test("property: a secret never survives, and every other parameter reads back the same", async (t) => {
  const name = fc.oneof(
    fc.constantFrom("code", "Code", "token", "x-token", "password", "asAt", "check", "q"),
    fc.string({ minLength: 1, maxLength: 8 }),
  );
  const secret = fc.stringMatching(/^[A-Za-z0-9_-]{20,43}$/);
  await fc.assert(
    fc.property(fc.array(fc.tuple(name, secret), { minLength: 1, maxLength: 6 }), (pairs) => {
      const query = new URLSearchParams(pairs);
      const out = redactedUrl(`/sign-in?${query.toString()}`);
      const back = [...new URLSearchParams(out.slice(out.indexOf("?") + 1))];
      if (back.length !== pairs.length) return false;
      const isSecret = (n: string) => /^(code|password|[\s\S]*token)$/i.test(n.trim());
      const kept = pairs.filter(([n]) => !isSecret(n)).map(([, v]) => v);
      return pairs.every(([n, v], i) =>
        isSecret(n)
          ? back[i]![1] === REDACTED && (!out.includes(v) || kept.some((k) => k.includes(v)))
          : back[i]![1] === v,
      );
    }),
  );
  t.pass("redactedUrl holds for random queries");
});
