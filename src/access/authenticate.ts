/**
 * From a presented token to a principal: the operator's table (AUTH_TOKENS, held as hashes in memory) and
 * the granted principals in access.db are both asked by the token's SHA-256, never by the token.
 */
import type { Authenticated } from "./authorise.js";
import type { Principal } from "./principal.js";
import { hashToken } from "./tokens.js";

export interface Authenticator {
  /** The principal a token belongs to (revoked and expired ones included), or undefined. */
  find(token: string): Authenticated | undefined;
  /** The same by the token's SHA-256 (a web session keeps the hash, never the token, to re-check it). */
  findHash?(hash: string): Authenticated | undefined;
}

/** A table of token → principal supplied by an operator (AUTH_TOKENS) or a test; kept only as hashes. */
export function tableAuthenticator(table: ReadonlyMap<string, Principal>): Authenticator {
  const byHash = new Map([...table].map(([token, who]) => [hashToken(token), who]));
  return { find: (token) => byHash.get(hashToken(token)), findHash: (hash) => byHash.get(hash) };
}

/** Ask each source in turn. */
export const eitherOf = (...sources: Authenticator[]): Authenticator => ({
  find: (token) => {
    for (const source of sources) {
      const found = source.find(token);
      if (found) return found;
    }
    return undefined;
  },
  findHash: (hash) => {
    for (const source of sources) {
      const found = source.findHash?.(hash);
      if (found) return found;
    }
    return undefined;
  },
});
