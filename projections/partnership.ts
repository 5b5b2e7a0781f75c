/**
 * `partnership`: the area's configuration (criteria, data-request catalogue), its evidence documents,
 * its inspections (notification, items provided, tracked and sampled cases, outcome) and issued packs.
 */
import type { DataRequestItem, EvaluationCriterion } from "../schemas/events/area.js";
import type { EvidenceEvent } from "../schemas/events/index.js";
import { type Fold, idOf, overStored } from "./projection.js";

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
  /** By catalogue item key (text an area configures): a `Map`. */
  itemsProvided: Map<string, { providedAt: string; documentId?: string; note?: string }>;
  trackedCaseIds: string[];
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
  /** By document id: a `Map`, since an id may be any name the id grammar allows. */
  documents: Map<string, DocumentRecord>;
  /** By inspection id, likewise. */
  inspections: Map<string, InspectionRecord>;
  packs: {
    packId: string;
    kind: string;
    position: number;
    sha256: string;
    recipient: string;
    issuedAt: string;
  }[];
}

export const partnershipFold: Fold<PartnershipState> = {
  name: "partnership",
  version: 2,
  initial: () => ({ criteria: [], catalogue: [], documents: new Map(), inspections: new Map(), packs: [] }),
  apply(state, event: EvidenceEvent) {
    const id = idOf(event.stream);
    switch (event.type) {
      case "AreaConfigured": {
        const d = event.data;
        state.area = {
          laCode: d.laCode,
          name: d.name,
          region: d.region,
          icb: d.icb,
          statisticalNeighbours: d.statisticalNeighbours,
        };
        break;
      }
      case "EvaluationCriteriaConfigured":
        state.criteria = event.data.criteria;
        break;
      case "DataRequestCatalogueConfigured":
        state.catalogue = event.data.items;
        break;
      case "DocumentRegistered": {
        const d = event.data;
        state.documents.set(id, {
          documentId: id,
          title: d.title,
          kind: d.kind,
          uri: d.uri,
          sha256: d.sha256,
          version: d.version,
          ...(d.publishedOn ? { publishedOn: d.publishedOn } : {}),
          ...(d.caseId ? { caseId: d.caseId } : {}),
          registeredAt: event.recordedAt,
        });
        break;
      }
      case "DocumentSuperseded": {
        const doc = state.documents.get(id);
        if (doc) doc.supersededBy = event.data.supersededBy;
        break;
      }
      case "PackIssued": {
        const d = event.data;
        state.packs.push({
          packId: id,
          kind: d.kind,
          position: d.position,
          sha256: d.sha256,
          recipient: d.recipient,
          issuedAt: d.issuedAt,
        });
        break;
      }
      default:
        if (event.stream.startsWith("inspection-")) applyInspection(state, id, event);
    }
    return state;
  },
};

/** The partnership on its own, over stored events. */
export const partnershipProjection = overStored(partnershipFold);

function applyInspection(state: PartnershipState, id: string, event: EvidenceEvent) {
  let ins = state.inspections.get(id);
  if (!ins) {
    ins = { inspectionId: id, itemsProvided: new Map(), trackedCaseIds: [], samplingTopics: [] };
    state.inspections.set(id, ins);
  }
  switch (event.type) {
    case "InspectionNotified":
      ins.notifiedAt = event.data.notifiedAt;
      ins.kind = event.data.kind;
      break;
    case "DataRequestItemProvided": {
      const d = event.data;
      ins.itemsProvided.set(d.itemKey, {
        providedAt: d.providedAt,
        ...(d.documentId ? { documentId: d.documentId } : {}),
        ...(d.note ? { note: d.note } : {}),
      });
      break;
    }
    case "CasesSelectedForTracking":
      ins.trackedCaseIds = [...new Set([...ins.trackedCaseIds, ...event.data.caseIds])];
      break;
    case "CaseSamplingTopicSet":
      ins.samplingTopics.push({
        topic: event.data.topic,
        caseIds: event.data.caseIds,
        setAt: event.data.setAt,
      });
      break;
    case "InspectionOutcomeRecorded": {
      const d = event.data;
      ins.outcome = {
        outcome: d.outcome,
        publishedOn: d.publishedOn,
        nextFullInspectionBy: d.nextFullInspectionBy,
        ...(d.monitoringInspectionBy ? { monitoringInspectionBy: d.monitoringInspectionBy } : {}),
      };
      break;
    }
  }
}

/** The most recently notified inspection, if any. */
export function currentInspection(state: PartnershipState): InspectionRecord | undefined {
  return [...state.inspections.values()]
    .filter((i) => i.notifiedAt)
    .sort((a, b) => (a.notifiedAt! < b.notifiedAt! ? 1 : -1))[0];
}
