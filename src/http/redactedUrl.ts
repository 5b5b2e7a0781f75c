/**
 * URLs as the log shows them: the values of secret query parameters replaced. The demo sign-in link
 * carries its access code in the query string (`/sign-in?code=…`), and an access code is a bearer token,
 * so it must never reach a log line (fastify's request log, the refusal log, the access log).
 *
 * A parameter is secret when its name, decoded as the query parser decodes it (`+` as space, %-escapes),
 * is `code`, `password`, or ends in `token` (any case): `?C%6Fde=…` is redacted as `?code=…` is.
 */

export const REDACTED = "[redacted]";

function decodedName(raw: string): string {
  const spaced = raw.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

const isSecret = (name: string) => {
  const n = decodedName(name).trim().toLowerCase();
  return n === "code" || n === "password" || n.endsWith("token");
};

/** `url` (path and query, as in request.url) with every secret parameter's value replaced. */
export function redactedUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const query = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSecret(name) ? `${name}=${REDACTED}` : pair;
    })
    .join("&");
  return `${url.slice(0, q)}?${query}`;
}
