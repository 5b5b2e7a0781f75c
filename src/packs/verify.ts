/**
 * Is this PDF exactly what the store issued or would build? It must carry our metadata; then it passes
 * when its SHA-256 matches an issued pack (PackIssued), or a rebuild at the log position its manifest
 * names gives the same bytes. Anything else — a changed byte, a position the log never had — fails.
 */
import { createHash } from "node:crypto";
import type { EvidenceState } from "../../projections/evidence.js";
import type { Folded } from "../runner/runner.js";
import { buildPack, checkPackSize, PackRequestError, requestFromMeta } from "./build.js";
import { readPackMeta, type StoredPackMeta } from "./meta.js";

export interface Verification {
  ok: boolean;
  reason: string;
  sha256: string;
  meta?: StoredPackMeta;
  issued?: { packId: string; recipient: string; issuedAt: string };
  rebuiltSha256?: string;
}

export interface VerifyOptions {
  /** The read model folded exactly to a position. */
  at(position: number): Promise<Folded<EvidenceState>>;
  /** Packs issued so far (from the live read model). */
  issued: readonly { packId: string; sha256: string; recipient: string; issuedAt: string }[];
  timeZone?: string;
}

export async function verifyPack(pdf: Buffer, options: VerifyOptions): Promise<Verification> {
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const meta = readPackMeta(pdf);
  if (!meta)
    return {
      ok: false,
      reason: "not an evidence pack built by this store (no readable pack metadata)",
      sha256,
    };
  const issued = options.issued.find((p) => p.sha256 === sha256);
  if (issued)
    return {
      ok: true,
      reason: `matches pack ${issued.packId}, issued to ${issued.recipient} at ${issued.issuedAt}`,
      sha256,
      meta,
      issued: { packId: issued.packId, recipient: issued.recipient, issuedAt: issued.issuedAt },
    };
  // A forged manifest may name any number of children: refuse what no pack of ours holds before folding.
  const request = requestFromMeta(meta.kind, meta.request);
  try {
    checkPackSize(request);
  } catch (err) {
    return { ok: false, reason: `not built by this store: ${(err as Error).message}`, sha256, meta };
  }
  const at = await options.at(meta.position);
  if (at.position !== meta.position)
    return {
      ok: false,
      reason: `log position ${meta.position} named in the manifest is not in this store's log`,
      sha256,
      meta,
    };
  try {
    const rebuilt = await buildPack(at, request, options.timeZone);
    return rebuilt.sha256 === sha256
      ? {
          ok: true,
          reason: `identical to a rebuild at log position ${meta.position}`,
          sha256,
          meta,
          rebuiltSha256: rebuilt.sha256,
        }
      : {
          ok: false,
          reason: `differs from the pack rebuilt at log position ${meta.position}: it has been changed, or was not built from this store`,
          sha256,
          meta,
          rebuiltSha256: rebuilt.sha256,
        };
  } catch (err) {
    if (!(err instanceof PackRequestError)) throw err;
    return { ok: false, reason: `cannot rebuild: ${err.message}`, sha256, meta };
  }
}
