/**
 * A claim's values → a role (OIDC_ROLE_MAP): strings or arrays of strings, hostile values (`__proto__`,
 * `toString`, `constructor`) as ordinary ones, the strongest role when several map, never an inspector.
 */
import fc from "fast-check";
import t from "tap";
import { claimValues, parseRoleMap, roleFromClaims, STAFF_ROLES } from "../../src/access/roleMap.js";

const GROUP = "6f1c2a4e-0b7d-4c1e-9a53-2d8f0e7b4c11";

t.test("OIDC_ROLE_MAP is read into a Map, and a bad one says what is wrong", async (t) => {
  const map = parseRoleMap(JSON.stringify({ [GROUP]: "lano", "Audit team": "auditor" }));
  t.same(
    [...map],
    [
      [GROUP, "lano"],
      ["Audit team", "auditor"],
    ],
  );
  const hostile = parseRoleMap('{"__proto__": "admin", "constructor": "officer"}');
  t.equal(hostile.get("__proto__"), "admin", "__proto__ is a claim value like any other");
  t.equal(hostile.get("constructor"), "officer");
  t.equal(hostile.get("toString"), undefined);
  t.throws(() => parseRoleMap("{not json"), /is not JSON/);
  t.throws(() => parseRoleMap('["lano"]'), /must be a JSON object/);
  t.throws(() => parseRoleMap("null"), /must be a JSON object/);
  t.throws(() => parseRoleMap('"lano"'), /must be a JSON object/);
  t.throws(() => parseRoleMap("{}"), /maps no claim value to a role/);
  t.throws(() => parseRoleMap('{" ": "lano"}'), /must not be empty/);
  t.throws(
    () => parseRoleMap(JSON.stringify({ [GROUP]: "inspector" })),
    /the role for "6f1c.*" must be one of admin, lano, officer, auditor \(inspectors sign in with access codes\)/,
  );
  t.throws(() => parseRoleMap(JSON.stringify({ g: ["lano"] })), /the role for "g" must be one of/);
});

t.test("a claim's values: a string, or the strings of an array; own claims only", async (t) => {
  t.same(claimValues({ groups: GROUP }, "groups"), [GROUP]);
  t.same(claimValues({ groups: [GROUP, 7, null, { a: 1 }, ["x"], "b"] }, "groups"), [GROUP, "b"]);
  t.same(claimValues({ groups: 7 }, "groups"), []);
  t.same(claimValues({ groups: { [GROUP]: true } }, "groups"), []);
  t.same(claimValues({}, "toString"), [], "Object.prototype's names are not claims");
  t.same(claimValues({}, "__proto__"), []);
  t.same(claimValues(JSON.parse('{"__proto__": "x"}') as Record<string, unknown>, "__proto__"), ["x"]);
});

t.test("the role a claim gives, or why there is none", async (t) => {
  const map = parseRoleMap(
    JSON.stringify({ [GROUP]: "lano", audit: "auditor", admins: "admin", ["__proto__"]: "officer" }),
  );
  t.same(roleFromClaims({ groups: [GROUP] }, "groups", map), { role: "lano", value: GROUP });
  t.same(roleFromClaims({ groups: GROUP }, "groups", map), { role: "lano", value: GROUP }, "a string too");
  t.same(
    roleFromClaims({ groups: ["audit", GROUP, "admins"] }, "groups", map),
    { role: "admin", value: "admins" },
    "several: the strongest",
  );
  t.same(roleFromClaims({ groups: ["audit", GROUP] }, "groups", map), { role: "lano", value: GROUP });
  t.same(roleFromClaims({}, "groups", map), { missing: "absent", claim: "groups" });
  const overage = { _claim_names: { groups: "src1" }, _claim_sources: { src1: { endpoint: "https://…" } } };
  t.same(roleFromClaims(overage, "groups", map), { missing: "tooMany", claim: "groups" }, "Entra's overage");
  t.same(roleFromClaims({ _claim_names: "groups" }, "groups", map), { missing: "absent", claim: "groups" });
  t.same(roleFromClaims({ _claim_names: {} }, "toString", map), { missing: "absent", claim: "toString" });
  t.same(roleFromClaims({ groups: [] }, "groups", map), { missing: "absent", claim: "groups" });
  t.same(roleFromClaims({ groups: ["toString", "constructor", "hasOwnProperty"] }, "groups", map), {
    missing: "unmapped",
    claim: "groups",
    values: ["toString", "constructor", "hasOwnProperty"],
  });
  t.same(roleFromClaims({ groups: ["__proto__"] }, "groups", map), { role: "officer", value: "__proto__" });
  t.same(roleFromClaims({ roles: [GROUP] }, "toString", map), { missing: "absent", claim: "toString" });
});

t.test("property: any claims give a mapped role of one of their values, or none", async (t) => {
  const value = fc.oneof(
    fc.constantFrom("__proto__", "toString", "constructor", GROUP, "audit"),
    fc.string(),
  );
  const roles = fc.constantFrom(...STAFF_ROLES);
  fc.assert(
    fc.property(
      fc.array(fc.tuple(value, roles), { minLength: 1 }),
      fc.oneof(fc.array(fc.oneof(value, fc.integer(), fc.constant(null))), value, fc.object()),
      (entries, claim) => {
        const map = new Map(entries);
        const found = roleFromClaims({ groups: claim }, "groups", map);
        const values = claimValues({ groups: claim }, "groups");
        if (!("role" in found)) return values.every((v) => !map.has(v));
        const ranks = values.flatMap((v) => (map.has(v) ? [STAFF_ROLES.indexOf(map.get(v)!)] : []));
        return (
          map.get(found.value) === found.role &&
          values.includes(found.value) &&
          STAFF_ROLES.indexOf(found.role) === Math.min(...ranks)
        );
      },
    ),
    { numRuns: 500 },
  );
  t.pass("500 runs: a role only from a mapped value of the claim, the strongest one");
});
