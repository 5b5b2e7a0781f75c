/**
 * `npm run cli -- access grant|revoke|list`: principals in DATA_DIR/access.db. Scripts outside the project
 * call these exact forms. `grant` prints the new token alone on its last line — the only time it is shown.
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { entityId, isoDateTime, role } from "../../schemas/common.js";
import { privateDirectory } from "../store/privateFiles.js";
import { openTokenStore } from "./tokenStore.js";

export const accessUsage = `  access grant --actor NAME --role ROLE [--inspection ID] [--expires ISO]
        Grant a principal; prints its token alone on the last line, once (only its SHA-256 is kept).
        Inspectors need --inspection. ROLE: lano, officer, auditor, inspector, admin.
  access revoke --actor NAME
        Revoke every token of an actor; the running server refuses them within a second.
  access list
        Actor, role, scope, expiry, last used and whether revoked — never a token.`;

const actor = z.string().trim().min(1, "must not be empty").max(120);

const grantArgs = (now: Date) =>
  z
    .strictObject({
      actor,
      role,
      inspection: entityId.optional(),
      expires: isoDateTime.optional(),
    })
    .refine((a) => a.role !== "inspector" || a.inspection !== undefined, {
      message: "an inspector is bound to one inspection: give --inspection ID",
      path: ["inspection"],
    })
    .refine((a) => a.role === "inspector" || a.inspection === undefined, {
      message: "only inspectors are bound to an inspection",
      path: ["inspection"],
    })
    .refine((a) => a.expires === undefined || Date.parse(a.expires) > now.getTime(), {
      message: "must be in the future",
      path: ["expires"],
    });

const revokeArgs = z.strictObject({ actor });

export class AccessCommandError extends Error {}

function parsed<T>(schema: z.ZodType<T>, args: string[], options: Record<string, { type: "string" }>): T {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new AccessCommandError(err instanceof Error ? err.message : String(err));
  }
  const result = schema.safeParse(values);
  if (!result.success)
    throw new AccessCommandError(
      result.error.issues.map((i) => `--${i.path.join(".") || "(arguments)"}: ${i.message}`).join("\n"),
    );
  return result.data;
}

/** Run one access command; answers the exit code. Output goes through `out` (stdout) and `err` (stderr). */
export function runAccessCommand(
  argv: string[],
  dataDir: string,
  out: (line: string) => void = console.log,
  err: (line: string) => void = console.error,
  now = new Date(),
): number {
  const [sub, ...args] = argv;
  const open = () => {
    privateDirectory(dataDir);
    return openTokenStore(join(dataDir, "access.db"));
  };
  try {
    switch (sub) {
      case "grant": {
        const a = parsed(grantArgs(now), args, {
          actor: { type: "string" },
          role: { type: "string" },
          inspection: { type: "string" },
          expires: { type: "string" },
        });
        const store = open();
        try {
          const token = store.grant(
            {
              actor: a.actor,
              role: a.role,
              ...(a.inspection ? { inspectionId: a.inspection } : {}),
              ...(a.expires ? { expiresAt: new Date(a.expires).toISOString() } : {}),
            },
            now,
          );
          out(
            `Granted ${a.role} ${a.actor}${a.inspection ? ` for inspection ${a.inspection}` : ""}` +
              `${a.expires ? ` until ${new Date(a.expires).toISOString()}` : ""}. The token is shown once:`,
          );
          out(token);
        } finally {
          store.close();
        }
        return 0;
      }
      case "revoke": {
        const a = parsed(revokeArgs, args, { actor: { type: "string" } });
        const store = open();
        try {
          const n = store.revoke(a.actor, now);
          if (n === 0) {
            err(`${a.actor} has no live token: nothing revoked`);
            return 1;
          }
          out(`Revoked ${n} token(s) of ${a.actor}`);
          return 0;
        } finally {
          store.close();
        }
      }
      case "list": {
        parsed(z.strictObject({}), args, {});
        const store = open();
        try {
          out(["actor", "role", "scope", "expires", "last used", "status"].join("\t"));
          for (const p of store.list())
            out(
              [
                p.actor,
                p.role,
                p.inspectionId ? `inspection ${p.inspectionId}` : "-",
                p.expiresAt ?? "never",
                p.lastUsedAt ?? "never",
                p.revokedAt
                  ? `revoked ${p.revokedAt}`
                  : p.expiresAt && p.expiresAt <= now.toISOString()
                    ? "expired"
                    : "live",
              ].join("\t"),
            );
          return 0;
        } finally {
          store.close();
        }
      }
      default:
        err(`Usage:\n${accessUsage}`);
        return 2;
    }
  } catch (e) {
    if (!(e instanceof AccessCommandError)) throw e;
    err(`access ${sub}: ${e.message}`);
    return 1;
  }
}
