/**
 * Bearer tokens: 32 random bytes as base64url, shown once and kept only as their SHA-256. A presented
 * token is hashed and the hash looked up, so nothing compares the token itself or leaks its length.
 */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_BYTES = 32;

export const newToken = () => randomBytes(TOKEN_BYTES).toString("base64url");

export const hashToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** The token in an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}
