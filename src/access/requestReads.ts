/**
 * The reads one request makes, gathered as its resolvers run and written to the access log in one
 * transaction at the end (GraphQL: one entry per field that returned children's data, however many
 * times the query asked for it under aliases).
 */
import type { AccessRead } from "../../schemas/accessLog.js";
import type { Role } from "../../schemas/common.js";

export interface Reader {
  actor: string;
  role: Role;
  requestId: string;
}

export class RequestReads {
  /** Field → the case ids it returned, in first-seen order. A Map: ids and field names are hostile strings. */
  private readonly byWhat = new Map<string, Set<string>>();

  constructor(private readonly reader: Reader) {}

  /** `what` returned these children's data. Nothing is noted for an empty list (or an empty id). */
  note(what: string, caseIds: Iterable<string>): void {
    let ids = this.byWhat.get(what);
    for (const id of caseIds) {
      if (id === "") continue;
      if (!ids) this.byWhat.set(what, (ids = new Set()));
      ids.add(id);
    }
  }

  /** One read per field, ready for `AccessLog.record`. */
  reads(): AccessRead[] {
    return [...this.byWhat].map(([what, ids]) => ({
      actor: this.reader.actor,
      role: this.reader.role,
      requestId: this.reader.requestId,
      what,
      caseIds: [...ids],
    }));
  }
}
