/** A browser's worth of state for the web tests without a browser: the session cookie and the last CSRF token. */
import type { FastifyInstance } from "fastify";

type Reply = Awaited<ReturnType<FastifyInstance["inject"]>>;

/** Form fields: a record, or pairs when a field repeats (checkboxes). */
export type Fields = Record<string, string> | [string, string][];

export function visitor(app: FastifyInstance) {
  let cookie = "";
  let csrf = "";
  const remember = (res: Reply) => {
    const set = res.headers["set-cookie"];
    if (set) cookie = String(Array.isArray(set) ? set[0] : set).split(";")[0]!;
    csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
    return res;
  };
  return {
    get: async (url: string) => remember(await app.inject({ url, headers: { cookie, accept: "text/html" } })),
    post: async (url: string, fields: Fields) => {
      const pairs = Array.isArray(fields) ? fields : Object.entries(fields);
      return remember(
        await app.inject({
          method: "POST",
          url,
          headers: { "content-type": "application/x-www-form-urlencoded", cookie },
          payload: new URLSearchParams([["_csrf", csrf], ...pairs]).toString(),
        }),
      );
    },
    signIn: async function (code: string) {
      await this.get("/sign-in");
      return this.post("/sign-in", { code });
    },
  };
}
