/** The case search's pieces: the query it carries, GOV.UK pagination with gaps, and its field errors. */
import t from "tap";
import { caseSearch } from "../../schemas/caseSearch.js";
import { pagination, searchErrors, searchQuery } from "../../src/web/caseSearch.js";

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
