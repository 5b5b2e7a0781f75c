/**
 * The Packs page as view models: what each kind of pack is called, the issued packs as table rows (the
 * hash cut into groups so it wraps), and a verification's answer in plain words. Pure.
 */
import type { PartnershipState } from "../../projections/partnership.js";
import { packKindName } from "../../schemas/events/pack.js";
import { issuedPackOut } from "../packs/issuedPacks.js";
import type { Verification } from "../packs/verify.js";

/** By the public spelling (`packKindName`) and the stored one. */
export const KIND_TITLES: ReadonlyMap<string, string> = new Map([
  ["sef", "Self-evaluation (SEF)"],
  ["data-request", "24-hour data request"],
  ["dataRequest", "24-hour data request"],
  ["cases", "Case-sampling pack"],
]);

/** A SHA-256 in groups of 16 hex digits: printed with a break opportunity between groups. */
export const hashGroups = (sha256: string) => sha256.match(/.{1,16}/g) ?? [];

/** Issued packs, newest first, as the page's table shows them; `issuedBy` from each PackIssued event. */
export function issuedRows(packs: PartnershipState["packs"], issuedBy: ReadonlyMap<string, string>) {
  return packs
    .map(issuedPackOut)
    .reverse()
    .map((p) => ({
      packId: p.packId,
      kind: KIND_TITLES.get(p.kind) ?? p.kind,
      position: p.position,
      hash: hashGroups(p.sha256),
      recipient: p.recipient,
      issuedBy: issuedBy.get(p.packId) ?? "",
      issuedAt: p.issuedAt,
      download: `/packs/issued/${encodeURIComponent(p.packId)}.pdf`,
      children: p.caseIds.length,
    }));
}

export interface Verdict {
  matches: boolean;
  headline: string;
  explanation: string;
  /** The file's SHA-256, grouped; and what it was compared with, when there was a rebuild. */
  hash: string[];
  expected?: string[];
  /** The verifier's own words, for the technical reader. */
  reason: string;
  pack?: { title: string; position: number; asOf: string; kind: string };
  issued?: { packId: string; recipient: string; issuedAt: string };
}

/** What a verification found, as a person reads it. */
export function verdict(result: Verification, fileName: string): Verdict {
  const base = {
    hash: hashGroups(result.sha256),
    reason: result.reason,
    ...(result.rebuiltSha256 ? { expected: hashGroups(result.rebuiltSha256) } : {}),
    ...(result.issued ? { issued: result.issued } : {}),
    ...(result.meta
      ? {
          pack: {
            title: result.meta.title,
            position: result.meta.position,
            asOf: result.meta.asOf,
            kind: KIND_TITLES.get(packKindName(result.meta.kind)) ?? result.meta.kind,
          },
        }
      : {}),
  };
  const file = fileName || "The file";
  if (!result.meta)
    return {
      ...base,
      matches: false,
      headline: `${file} does not match: it is not a pack from this service`,
      explanation:
        "Its pack details cannot be read. It was not made by this service, or another program has rewritten it (for example by saving it again or adding comments).",
    };
  if (result.ok && result.issued)
    return {
      ...base,
      matches: true,
      headline: `${file} matches pack ${result.issued.packId}`,
      explanation: `It is exactly the pack issued to ${result.issued.recipient}: not one byte has changed.`,
    };
  if (result.ok)
    return {
      ...base,
      matches: true,
      headline: `${file} matches the record`,
      explanation: `It was not issued, but it is exactly what this service builds from the record at log position ${result.meta.position}: not one byte has changed.`,
    };
  if (result.rebuiltSha256)
    return {
      ...base,
      matches: false,
      headline: `${file} does not match: it has been changed`,
      explanation: `It is not the pack this service builds from the record at log position ${result.meta.position}, and no pack with its fingerprint was issued. Something in it was changed after it was made.`,
    };
  return {
    ...base,
    matches: false,
    headline: `${file} does not match: it cannot be checked against the record`,
    explanation: `Its pack details name something this service's record does not hold, so it was not made from this record (${result.reason}).`,
  };
}
