/**
 * The principals an operator granted (`npm run cli -- access grant`), in `DATA_DIR/access.db`: one row per
 * token, keyed by the token's SHA-256 — the token itself is never stored. The server looks a hash up on
 * every request, so a revocation written by the CLI holds on the running server at once.
 */
import Database from "better-sqlite3";
import { type Principal } from "./principal.js";
import { hashToken, newToken } from "./tokens.js";
import { privateFile } from "../store/privateFiles.js";

export interface GrantedPrincipal extends Principal {
  createdAt: string;
  revokedAt?: string;
  lastUsedAt?: string;
}

interface Row {
  actor: string;
  role: Principal["role"];
  inspection_id: string | null;
  expires_at: string | null;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

const fromRow = (r: Row): GrantedPrincipal => ({
  actor: r.actor,
  role: r.role,
  ...(r.inspection_id ? { inspectionId: r.inspection_id } : {}),
  ...(r.expires_at ? { expiresAt: r.expires_at } : {}),
  createdAt: r.created_at,
  ...(r.revoked_at ? { revokedAt: r.revoked_at } : {}),
  ...(r.last_used_at ? { lastUsedAt: r.last_used_at } : {}),
});

/** How often one token's "last used" is written: often enough for `access list`, rare enough to be free. */
const TOUCH_EVERY_MS = 60_000;

export interface TokenStore {
  /** Record a new principal; the token is returned here and nowhere else, ever. */
  grant(who: Principal, now?: Date): string;
  /** Keep an existing token (from an older plain-text file) as its hash only. */
  adopt(token: string, who: Principal, now?: Date): void;
  /** Revoke every live token of an actor; answers how many. */
  revoke(actor: string, now?: Date): number;
  list(): GrantedPrincipal[];
  /** The principal a presented token belongs to (revoked and expired ones included: the caller says why). */
  find(token: string, now?: Date): GrantedPrincipal | undefined;
  /** The same by the token's SHA-256. */
  findHash(hash: string): GrantedPrincipal | undefined;
  /** How many principals there are that are neither revoked nor expired. */
  live(now?: Date): number;
  close(): void;
}

export function openTokenStore(file: string): TokenStore {
  privateFile(file);
  const db = new Database(file, { timeout: 5_000 });
  db.pragma("journal_mode = WAL");
  db.exec(`CREATE TABLE IF NOT EXISTS principals (
    token_sha256 TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    inspection_id TEXT,
    expires_at TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    last_used_at TEXT
  );
  CREATE INDEX IF NOT EXISTS principals_actor ON principals (actor);`);
  const insert = db.prepare(
    `INSERT INTO principals (token_sha256, actor, role, inspection_id, expires_at, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const revoke = db.prepare("UPDATE principals SET revoked_at = ? WHERE actor = ? AND revoked_at IS NULL");
  const all = db.prepare("SELECT * FROM principals ORDER BY actor, created_at");
  const byHash = db.prepare("SELECT * FROM principals WHERE token_sha256 = ?");
  const touch = db.prepare("UPDATE principals SET last_used_at = ? WHERE token_sha256 = ?");
  const touched = new Map<string, number>();

  const adopt = (token: string, who: Principal, now = new Date()) => {
    insert.run(
      hashToken(token),
      who.actor,
      who.role,
      who.inspectionId ?? null,
      who.expiresAt ?? null,
      now.toISOString(),
    );
  };
  return {
    grant(who, now = new Date()) {
      const token = newToken();
      adopt(token, who, now);
      return token;
    },
    adopt,
    revoke: (actor, now = new Date()) => revoke.run(now.toISOString(), actor).changes,
    list: () => (all.all() as Row[]).map(fromRow),
    find(token, now = new Date()) {
      const hash = hashToken(token);
      const row = byHash.get(hash) as Row | undefined;
      if (!row) return undefined;
      const last = touched.get(hash) ?? 0;
      if (now.getTime() - last < TOUCH_EVERY_MS) return fromRow(row);
      touched.set(hash, now.getTime());
      touch.run(now.toISOString(), hash);
      return { ...fromRow(row), lastUsedAt: now.toISOString() };
    },
    findHash(hash) {
      const row = byHash.get(hash) as Row | undefined;
      return row ? fromRow(row) : undefined;
    },
    live(now = new Date()) {
      const at = now.toISOString();
      return (all.all() as Row[]).filter((r) => !r.revoked_at && (!r.expires_at || r.expires_at > at)).length;
    },
    close: () => db.close(),
  };
}
