import t from "tap";
import { RequestReads } from "../../src/access/requestReads.js";

t.test("one read per field, ids merged across aliases in first-seen order", async (t) => {
  const reads = new RequestReads({ actor: "lano.one", role: "lano", requestId: "r-1" });
  reads.note("case", ["C2"]);
  reads.note("timeliness", []);
  reads.note("cases", ["C1", "", "__proto__"]);
  reads.note("case", ["C3", "C2"]);
  t.same(reads.reads(), [
    { actor: "lano.one", role: "lano", requestId: "r-1", what: "case", caseIds: ["C2", "C3"] },
    { actor: "lano.one", role: "lano", requestId: "r-1", what: "cases", caseIds: ["C1", "__proto__"] },
  ]);
  t.same(new RequestReads({ actor: "a", role: "admin", requestId: "r" }).reads(), [], "nothing read");
});
