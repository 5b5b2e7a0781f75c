/**
 * `partnership`: the area's configuration (criteria, data-request catalogue), its evidence documents,
 * its inspections (notification, items provided, tracked and sampled cases, outcome) and issued packs.
 */
import type { DataRequestItem, EvaluationCriterion } from "../schemas/events/area.js";
import { idOf, type Projection } from "./projection.js";

export interface DocumentRecord {
  documentId: string;
  title: string;
  kind: string;
  uri: string;
  sha256: string;
  version: string;
  publishedOn?: string;
  caseId?: string;
  registeredAt: string;
  supersededBy?: string;
}

export interface InspectionRecord {
  inspectionId: string;
  notifiedAt?: string;
  kind?: string;
  itemsProvided: Record<string, { providedAt: string; documentId?: string; note?: string }>;
  trackedCaseIds: string[];
  /** Areas for improvement from the report, with their owning partner (projections/improvements.ts). */
  improvements?: { ref: string; text: string; owner: string }[];
  /** Consent per tracked child, latest last (projections/caseTracking.ts). */
  consents?: { caseId: string; consent: string; recordedAt: string }[];
  samplingTopics: { topic: string; caseIds: string[]; setAt: string }[];
  outcome?: {
    outcome: number;
    publishedOn: string;
    nextFullInspectionBy: string;
    monitoringInspectionBy?: string;
  };
}

export interface PartnershipState {
  area?: {
    laCode: string;
    name: string;
    region: string;
    icb: string;
    statisticalNeighbours: { rank: number; name: string }[];
  };
  criteria: EvaluationCriterion[];
  catalogue: DataRequestItem[];
  /** Engagement meetings: the area's frequency and the meetings held (projections/engagement.ts). */
  engagement?: { everyMonths?: number; meetings: string[] };
  documents: Record<string, DocumentRecord>;
  inspections: Record<string, InspectionRecord>;
  packs: {
    packId: string;
    kind: string;
    position: number;
    sha256: string;
    recipient: string;
    issuedAt: string;
  }[];
}

type D = Record<string, unknown>;

export const partnershipProjection: Projection<PartnershipState> = {
  name: "partnership",
  version: 1,
  initial: () => ({ criteria: [], catalogue: [], documents: {}, inspections: {}, packs: [] }),
  apply(state, event) {
    const d = event.data as D;
    const id = idOf(event.stream);
    switch (event.type) {
      case "AreaConfigured":
        state.area = {
          laCode: d.laCode as string,
          name: d.name as string,
          region: d.region as string,
          icb: d.icb as string,
          statisticalNeighbours: d.statisticalNeighbours as { rank: number; name: string }[],
        };
        break;
      case "EvaluationCriteriaConfigured":
        state.criteria = d.criteria as EvaluationCriterion[];
        break;
      case "DataRequestCatalogueConfigured":
        state.catalogue = d.items as DataRequestItem[];
        break;
      case "EngagementFrequencySet":
        state.engagement = {
          ...(state.engagement ?? { meetings: [] }),
          everyMonths: d.everyMonths as number,
        };
        break;
      case "EngagementMeetingHeld":
        state.engagement ??= { meetings: [] };
        state.engagement.meetings.push(d.heldOn as string);
        break;
      case "DocumentRegistered":
        state.documents[id] = {
          documentId: id,
          title: d.title as string,
          kind: d.kind as string,
          uri: d.uri as string,
          sha256: d.sha256 as string,
          version: d.version as string,
          ...(d.publishedOn ? { publishedOn: d.publishedOn as string } : {}),
          ...(d.caseId ? { caseId: d.caseId as string } : {}),
          registeredAt: event.recordedAt,
        };
        break;
      case "DocumentSuperseded": {
        const doc = state.documents[id];
        if (doc) doc.supersededBy = d.supersededBy as string;
        break;
      }
      case "PackIssued":
        state.packs.push({
          packId: id,
          kind: d.kind as string,
          position: d.position as number,
          sha256: d.sha256 as string,
          recipient: d.recipient as string,
          issuedAt: d.issuedAt as string,
        });
        break;
      default:
        if (event.stream.startsWith("inspection-")) applyInspection(state, id, event.type, d);
    }
    return state;
  },
};

function applyInspection(state: PartnershipState, id: string, type: string, d: D) {
  const ins = (state.inspections[id] ??= {
    inspectionId: id,
    itemsProvided: {},
    trackedCaseIds: [],
    samplingTopics: [],
  });
  switch (type) {
    case "InspectionNotified":
      ins.notifiedAt = d.notifiedAt as string;
      ins.kind = d.kind as string;
      break;
    case "DataRequestItemProvided":
      ins.itemsProvided[d.itemKey as string] = {
        providedAt: d.providedAt as string,
        ...(d.documentId ? { documentId: d.documentId as string } : {}),
        ...(d.note ? { note: d.note as string } : {}),
      };
      break;
    case "CasesSelectedForTracking":
      ins.trackedCaseIds = [...new Set([...ins.trackedCaseIds, ...(d.caseIds as string[])])];
      break;
    case "AreaForImprovementRecorded":
      (ins.improvements ??= []).push({
        ref: d.ref as string,
        text: d.text as string,
        owner: d.owner as string,
      });
      break;
    case "TrackingConsentRecorded":
      (ins.consents ??= []).push({
        caseId: d.caseId as string,
        consent: d.consent as string,
        recordedAt: d.recordedAt as string,
      });
      break;
    case "CaseSamplingTopicSet":
      ins.samplingTopics.push({
        topic: d.topic as string,
        caseIds: d.caseIds as string[],
        setAt: d.setAt as string,
      });
      break;
    case "InspectionOutcomeRecorded":
      ins.outcome = {
        outcome: d.outcome as number,
        publishedOn: d.publishedOn as string,
        nextFullInspectionBy: d.nextFullInspectionBy as string,
        ...(d.monitoringInspectionBy ? { monitoringInspectionBy: d.monitoringInspectionBy as string } : {}),
      };
      break;
  }
}

/** The most recently notified inspection, if any. */
export function currentInspection(state: PartnershipState): InspectionRecord | undefined {
  return Object.values(state.inspections)
    .filter((i) => i.notifiedAt)
    .sort((a, b) => (a.notifiedAt! < b.notifiedAt! ? 1 : -1))[0];
}
