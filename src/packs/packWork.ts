/**
 * What the API's pack routes (src/http/packRoutes.ts) and the LANO's Packs page (src/web/packPages.ts) both
 * do with packs, in one place: build one as at a moment (in a worker when there are workers), issue one
 * (build, then the `issuePack` command with the hash of what was built), rebuild an issued one byte for
 * byte, and verify an uploaded PDF. The callers check access, read their input and answer in their own way
 * (problem+json or a page); the rules are here and in src/packs/build.ts, once.
 */
import { type ClockRules, DEFAULT_CLOCK_RULES } from "../../projections/clocks.js";
import type { EvidenceState } from "../../projections/evidence.js";
import type { PackKind } from "./meta.js";
import { commandByName } from "../commands/index.js";
import { type Caller, handleCommand } from "../commands/handle.js";
import { readAsAt } from "../graphql/asAt.js";
import type { HeavyWork } from "../runner/heavyWork.js";
import type { ProjectionRunner } from "../runner/runner.js";
import type { EventStore } from "../store/port.js";
import { type BuiltPack, buildPack, type PackRequest, requestFromMeta, verifyAddressOf } from "./build.js";
import { issuedPackPath } from "./issuedPacks.js";
import { type Verification, verifyPack } from "./verify.js";
import { packKindName } from "../../schemas/events/pack.js";

/** The largest PDF a verification takes (the API's body limit and the page's upload limit). */
export const MAX_VERIFY_BYTES = 50 * 1024 * 1024;

export interface PackWorkOptions {
  store: EventStore;
  runner: ProjectionRunner<EvidenceState>;
  today: () => string;
  timeZone: string;
  /** PUBLIC_BASE_URL: where packs tell outside readers to verify them. */
  publicBaseUrl?: string;
  clockRules?: ClockRules;
  /** Worker threads that build and verify packs off the event loop; without them, in-process. */
  heavy?: HeavyWork;
}

/** What issuing asks for: the pack (as a build request without the verify address) and its recipient. */
export interface IssueRequest extends Omit<PackRequest, "verifyAddress" | "asAt"> {
  recipient: string;
  /** As the caller wrote it (a date, date-time or log position); now when absent. */
  asAt?: string;
}

export type IssueOutcome =
  | {
      kind: "issued";
      built: BuiltPack;
      /** What the API answers and the page shows: the PackIssued data, its id, where to fetch it again. */
      record: {
        packId: string;
        kind: string;
        position: number;
        sha256: string;
        recipient: string;
        issuedAt: string;
        caseIds?: string[];
        request?: Record<string, unknown>;
        download: string;
        logPosition: number;
      };
    }
  | { kind: "notIssued"; code: string; message: string };

export interface PackWork {
  /** Build a pack as at `asAt` (now when absent). Throws AsAtError or PackRequestError on the caller's mistakes. */
  build(asAt: string | undefined, request: PackRequest): Promise<BuiltPack>;
  issue(packId: string, asked: IssueRequest, caller: Caller): Promise<IssueOutcome>;
  /** An issued pack rebuilt at its log position, with the hash recorded when it was issued; undefined if none. */
  rebuildIssued(packId: string): Promise<{ built: BuiltPack; issuedSha256: string } | undefined>;
  verify(pdf: Buffer): Promise<Verification>;
  /** Every child a verification's answer concerns (what the access log records for it). */
  casesOf(result: Verification): string[];
  /** The verify address packs print (from PUBLIC_BASE_URL), to add to a build request. */
  readonly verifyAddress: { verifyAddress?: string };
}

export function packWork(o: PackWorkOptions): PackWork {
  const rules = o.clockRules ?? DEFAULT_CLOCK_RULES;
  const verifyAddress = verifyAddressOf(o.publicBaseUrl);

  /**
   * A date or date-time is kept in the request (the instant asked), so the pack is judged on it whether it
   * is built in a worker or here.
   */
  const build = async (asAt: string | undefined, packRequest: PackRequest) => {
    const asked = readAsAt(asAt, o.timeZone);
    const request = asked?.time ? { ...packRequest, asAt: asked.time } : packRequest;
    if (o.heavy)
      return o.heavy.pack(
        asked?.target ?? { position: o.runner.current().position },
        request,
        o.timeZone,
        rules,
      );
    return buildPack(
      asked ? await o.runner.at(asked.target) : o.runner.current(),
      request,
      o.timeZone,
      rules,
    );
  };

  return {
    build,
    verifyAddress,
    async issue(packId, { recipient, asAt, ...rest }, caller) {
      const built = await build(asAt, { ...rest, ...verifyAddress });
      const input = {
        kind: built.meta.kind,
        position: built.meta.position,
        sha256: built.sha256,
        recipient,
        issuedAt: new Date().toISOString(),
        ...(built.caseIds.length ? { caseIds: built.caseIds } : {}),
        ...(built.meta.request && Object.keys(built.meta.request).length
          ? { request: built.meta.request }
          : {}),
      };
      const outcome = await handleCommand(o.store, commandByName.get("issuePack")!, {
        id: packId,
        input,
        caller,
        today: o.today(),
      });
      if (outcome.kind === "rejected")
        return { kind: "notIssued", code: outcome.error.code, message: outcome.error.message };
      if (outcome.kind !== "appended") throw new Error(`issuePack: unexpected ${outcome.kind}`);
      return {
        kind: "issued",
        built,
        record: {
          packId,
          ...input,
          kind: packKindName(input.kind),
          download: issuedPackPath(packId),
          logPosition: outcome.position,
        },
      };
    },
    async rebuildIssued(packId) {
      const issued = o.runner.current().state.partnership.packs.find((p) => p.packId === packId);
      if (!issued) return undefined;
      const stream = await o.store.readStream(`pack-${packId}`);
      const data = stream[0]!.data as {
        kind: PackKind;
        position: number;
        sha256: string;
        request?: Record<string, unknown>;
      };
      const packRequest = requestFromMeta(data.kind, data.request);
      const built = o.heavy
        ? await o.heavy.pack({ position: data.position }, packRequest, o.timeZone, rules)
        : await buildPack(await o.runner.at({ position: data.position }), packRequest, o.timeZone, rules);
      return { built, issuedSha256: data.sha256 };
    },
    verify(pdf) {
      const issued = o.runner.current().state.partnership.packs;
      return o.heavy
        ? o.heavy.verify(pdf, issued, o.timeZone, rules)
        : verifyPack(pdf, {
            at: (position) => o.runner.at({ position }),
            issued,
            timeZone: o.timeZone,
            clockRules: rules,
          });
    },
    casesOf: (result) => [
      ...(result.meta?.caseIds ?? []),
      ...(requestFromMeta(result.meta?.kind ?? "sef", result.meta?.request).caseIds ?? []),
    ],
  };
}
