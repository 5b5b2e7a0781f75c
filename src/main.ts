/** Start the server: settings, principals, the demo area on first start, then HTTP. */
import { join } from "node:path";
import { openAccessLog } from "./access/accessLog.js";
import { loadSettings, singleSignOnSettings, todayIn } from "./config.js";
import { NoPrincipalsError, openPrincipals, seedIfEmpty } from "./demo/startup.js";
import { buildApp } from "./http/app.js";
import { openReadSide } from "./runner/readSide.js";
import { singleSignOn } from "./web/singleSignOn.js";

// Whatever this process creates (store files, snapshots, the access log) is the service account's alone.
process.umask(0o077);
const settings = loadSettings();
let principals: ReturnType<typeof openPrincipals>;
try {
  principals = openPrincipals(settings);
} catch (err) {
  if (!(err instanceof NoPrincipalsError)) throw err;
  console.error(err.message);
  process.exit(1);
}

if (settings.SEED_DEMO) {
  const started = Date.now();
  const report = await seedIfEmpty(settings);
  if (report)
    console.log(
      `Seeded the demo area: ${report.appended} events from ${report.commands} commands in ${Date.now() - started} ms` +
        (report.rejected.length ? ` (${report.rejected.length} commands refused)` : ""),
    );
}

const folding = Date.now();
// A projection that fails on an event leaves the server up, answering 503s that name it (/healthz too).
const readSide = await openReadSide(settings, {
  historySnapshots: true,
  serveWhenFailed: true,
  heavyWorkers: settings.HEAVY_WORKERS,
});
const { store, runner } = readSide;
console.log(`Read models at position ${runner.current().position} (${Date.now() - folding} ms)`);
readSide.history?.done.then(
  (r) =>
    r.saved > 0 && console.log(`As-at snapshots: ${r.saved} across the history (${r.folded} events folded)`),
  (err: unknown) => console.error(`As-at snapshots across the history were not made: ${String(err)}`),
);
const accessLog = openAccessLog(join(settings.DATA_DIR, "access-log.db"));
// Single sign-on: the provider is discovered now; if it cannot be reached, the sign-in page tries again.
const ssoSettings = singleSignOnSettings(settings);
const sso = ssoSettings && singleSignOn(ssoSettings);
if (sso)
  await sso.ready().then(
    () => console.log(`Single sign-on for council staff: ${sso.settings.issuer.href}`),
    (err: unknown) =>
      console.error(
        `Single sign-on: ${sso.settings.issuer.href} could not be discovered (${String(err)}); signing in with it will try again`,
      ),
  );
const app = await buildApp({
  accessLog,
  runner,
  web: {
    ...(sso ? { singleSignOn: sso } : {}),
    ...(settings.SESSION_SECRET ? { sessionSecret: settings.SESSION_SECRET } : {}),
  },
  production: settings.NODE_ENV === "production",
  timeZone: settings.AREA_TIME_ZONE,
  ...(settings.PUBLIC_BASE_URL ? { publicBaseUrl: settings.PUBLIC_BASE_URL } : {}),
  clockRules: { annualReview: settings.ANNUAL_REVIEW_RULE },
  store,
  authenticator: principals.authenticator,
  inspectorDaysAfter: settings.INSPECTOR_ACCESS_DAYS_AFTER,
  today: () => todayIn(settings.AREA_TIME_ZONE, new Date()),
  logLevel: settings.LOG_LEVEL,
  ...(readSide.heavyWork ? { heavyWork: readSide.heavyWork } : {}),
  protection: {
    perActorPerMinute: settings.RATE_LIMIT_PER_MINUTE,
    unauthenticatedPerMinute: settings.UNAUTHENTICATED_PER_MINUTE,
    maxEventLoopDelayMs: settings.MAX_EVENT_LOOP_DELAY_MS,
    requestTimeoutMs: settings.REQUEST_TIMEOUT_MS,
    connectionTimeoutMs: settings.CONNECTION_TIMEOUT_MS,
    keepAliveTimeoutMs: settings.KEEP_ALIVE_TIMEOUT_MS,
  },
  graphqlLimits: {
    maxCost: settings.GRAPHQL_MAX_COST,
    maxAliases: settings.GRAPHQL_MAX_ALIASES,
    maxDepth: settings.GRAPHQL_MAX_DEPTH,
    maxAsAtFields: settings.GRAPHQL_MAX_AS_AT_FIELDS,
  },
});
await app.listen({ port: settings.PORT, host: settings.HOST });

const head = await store.head();
console.log(
  `\nSEND evidence store on http://${settings.HOST}:${settings.PORT} (${store.kind}, head position ${head.position})`,
);
if (principals.created.length > 0) {
  // Shown this once: only their hashes are kept (DATA_DIR/access.db).
  console.log("Demo bearer tokens, shown once (keep them; `npm run cli -- access grant` makes more):");
  for (const { who, token } of principals.created)
    console.log(`  ${who.role.padEnd(9)} ${who.actor.padEnd(16)} ${token}`);
  // One sign-in link per demo role, printed once like the tokens (the page fills in the access code).
  console.log("Sign in to the web pages, one link per demo role (shown once):");
  const seen = new Set<string>();
  for (const { who, token } of principals.created) {
    if (seen.has(who.role)) continue;
    seen.add(who.role);
    console.log(`  ${who.role.padEnd(9)} http://${settings.HOST}:${settings.PORT}/sign-in?code=${token}`);
  }
}
console.log("GraphQL: /graphql (GraphiQL: /graphiql)   OpenAPI: /openapi.json   Health: /healthz\n");

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    await app.close();
    accessLog.close();
    await readSide.close();
    principals.store.close();
    process.exit(0);
  });
}
