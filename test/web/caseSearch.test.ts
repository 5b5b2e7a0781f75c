/**
 * The case search's pieces: the query it carries, GOV.UK pagination with gaps, its field errors, and any
 * query at all (fast-check) over a register of hostile ids.
 */
import fc from "fast-check";
import t from "tap";
import { caseSearch } from "../../schemas/caseSearch.js";
import { evidenceProjection } from "../../projections/evidence.js";
import { findCases, pagination, searchErrors, searchQuery } from "../../src/web/caseSearch.js";

t.test("the query a search carries", async (t) => {
  const s = caseSearch.parse({
    case: " c00 ",
    need: "ASD",
    phase: "",
    support: "senSupport",
    ap: "yes",
    asAt: "12",
  });
  t.equal(searchQuery(s), "case=c00&need=ASD&support=senSupport&ap=yes&asAt=12");
  t.equal(searchQuery(s, 3), "case=c00&need=ASD&support=senSupport&ap=yes&page=3&asAt=12");
  t.equal(searchQuery(caseSearch.parse({})), "");
});

t.test("pagination: first, last, either side, and gaps", async (t) => {
  const s = caseSearch.parse({ need: "ASD" });
  const one = pagination(s, 1, 1);
  t.same([one.previous, one.next, one.items.length], [undefined, undefined, 1]);
  const middle = pagination(s, 5, 9);
  t.same(
    middle.items.map((i) => ("number" in i ? i.number : "…")),
    [1, "…", 4, 5, 6, "…", 9],
  );
  t.equal(middle.previous?.href, "/case-tracking?need=ASD&page=4#results");
  t.equal(middle.next?.href, "/case-tracking?need=ASD&page=6#results");
  t.ok(middle.items.some((i) => "current" in i && i.current && i.number === 5));
  t.same(
    pagination(s, 2, 3).items.map((i) => ("number" in i ? i.number : "…")),
    [1, 2, 3],
  );
});

t.test("field errors, one per field, in form order", async (t) => {
  const bad = caseSearch.safeParse({ page: "x", case: "a b", need: ["ASD", "MLD"] });
  t.notOk(bad.success);
  const errors = searchErrors(bad.error!.issues);
  t.same(
    errors.map((e) => e.href),
    ["#case", "#need", "#page"],
  );
});

t.test("any query, hostile ids included: refused by field or answered, never thrown", async (t) => {
  const state = evidenceProjection.initial();
  const ids = ["toString", "constructor", "valueOf", "hasOwnProperty", "C000001", "c000002"];
  for (const [i, id] of ids.entries())
    state.cases.byId.set(id, {
      caseId: id,
      dateOfBirth: "2015-01-01",
      gender: "female",
      ethnicity: "WBRI",
      ...(i % 2 ? { primaryNeed: "ASD" } : {}),
      ...(i % 3 ? { senSupport: { startedOn: "2020-01-01" } } : {}),
      ...(i === 4
        ? {
            placement: {
              effectiveFrom: "2020-01-01",
              electiveHomeEducation: true,
              alternativeProvision: false,
              outOfArea: false,
            },
          }
        : {}),
      requests: [],
      plans: [],
      reviews: [],
      registeredAt: "2020-01-01T00:00:00Z",
      lastChangedAt: "2020-01-01T00:00:00Z",
      lastPosition: i,
    });
  const key = fc.constantFrom(
    "case",
    "need",
    "phase",
    "support",
    "ap",
    "page",
    "asAt",
    "__proto__",
    "toString",
  );
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(...ids, "ASD", "primary", "senSupport", "yes", "2"),
    fc.array(fc.string(), { maxLength: 2 }),
  );
  t.doesNotThrow(() =>
    fc.assert(
      fc.property(fc.dictionary(key, value), (query) => {
        const parsed = caseSearch.safeParse(query);
        if (!parsed.success) return searchErrors(parsed.error.issues).length > 0;
        const found = findCases(state, parsed.data, "2026-11-23");
        const prefix = parsed.data.case?.toLowerCase() ?? "";
        return (
          found.rows.every((r) => r.caseId.toLowerCase().startsWith(prefix)) && found.total <= ids.length
        );
      }),
    ),
  );
  const all = findCases(state, caseSearch.parse({}), "2026-11-23");
  t.same(
    all.rows.map((r) => r.caseId),
    ["C000001", "c000002", "constructor", "hasOwnProperty", "toString", "valueOf"],
    "in case order",
  );
  t.equal(all.rows.find((r) => r.caseId === "C000001")!.phase, "Elective home education");
  t.equal(all.rows.find((r) => r.caseId === "toString")!.need, "Not recorded");
  t.equal(findCases(state, caseSearch.parse({ case: "TOSTR" }), "2026-11-23").total, 1);
});
