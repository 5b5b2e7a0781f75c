/**
 * A small GraphQL console at /graphiql, outside production only: a query box, variables, a bearer token
 * and the answer. Everything it loads is served from here (no CDN, no inline script or style), so it runs
 * under the app's Content-Security-Policy (`script-src 'self'`). mercurius's GraphiQL page is not used:
 * it fetches React and GraphiQL from a public CDN, and the graphiql package is not installed.
 */
import type { FastifyInstance } from "fastify";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL console – SEND evidence store</title>
<link rel="stylesheet" href="/graphiql/console.css">
</head>
<body>
<main>
<h1>GraphQL console</h1>
<p>Development only. The token stays in this tab (session storage).</p>
<label for="token">Bearer token</label>
<input id="token" type="password" autocomplete="off">
<label for="query">Query</label>
<textarea id="query" rows="14" spellcheck="false">{ moment { position events } area { name } }</textarea>
<label for="variables">Variables (JSON)</label>
<textarea id="variables" rows="3" spellcheck="false">{}</textarea>
<button id="run" type="button">Run</button>
<pre id="answer" aria-live="polite"></pre>
</main>
<script src="/graphiql/console.js"></script>
</body>
</html>
`;

const SCRIPT = `"use strict";
(function () {
  var token = document.getElementById("token");
  var answer = document.getElementById("answer");
  token.value = sessionStorage.getItem("graphql-token") || "";
  document.getElementById("run").addEventListener("click", function () {
    sessionStorage.setItem("graphql-token", token.value);
    var variables;
    try { variables = JSON.parse(document.getElementById("variables").value || "{}"); }
    catch (e) { answer.textContent = "Variables are not JSON: " + e.message; return; }
    answer.textContent = "…";
    fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer " + token.value },
      body: JSON.stringify({ query: document.getElementById("query").value, variables: variables })
    }).then(function (r) { return r.text(); }).then(function (text) {
      try { answer.textContent = JSON.stringify(JSON.parse(text), null, 2); }
      catch (e) { answer.textContent = text; }
    }, function (e) { answer.textContent = String(e); });
  });
})();
`;

const STYLE = `body { font-family: Arial, sans-serif; margin: 0; }
main { max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }
label { display: block; font-weight: bold; margin-top: 1rem; }
input, textarea { width: 100%; box-sizing: border-box; font-family: monospace; font-size: 14px; }
button { margin-top: 1rem; font-size: 16px; padding: 0.4rem 1rem; }
pre { background: #f3f2f1; padding: 1rem; overflow: auto; max-height: 60vh; }
`;

export function registerQueryConsole(app: FastifyInstance) {
  app.get("/graphiql", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(PAGE),
  );
  app.get("/graphiql/console.js", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").send(SCRIPT),
  );
  app.get("/graphiql/console.css", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/css; charset=utf-8").send(STYLE),
  );
}
