/**
 * Council staff who sign in with single sign-on get their role from one claim of their ID token (e.g.
 * Entra ID's `groups`, holding group object ids): OIDC_ROLE_MAP says which claim value means which role.
 * Inspectors are outside the council's directory and sign in with access codes, so no claim maps to them.
 * Claim values are hostile strings like any id: looked up in a Map, never in a plain object.
 */
import { z } from "zod";
import type { Role } from "../../schemas/common.js";

/** The roles single sign-on may give, strongest first: a person in several mapped groups gets the first. */
export const STAFF_ROLES = ["admin", "lano", "officer", "auditor"] as const;
export const staffRole = z.enum(STAFF_ROLES, {
  error: "must be one of admin, lano, officer, auditor (inspectors sign in with access codes)",
});
export type StaffRole = z.infer<typeof staffRole>;

export type RoleMap = ReadonlyMap<string, StaffRole>;

/**
 * OIDC_ROLE_MAP: a JSON object of claim value → role, e.g. `{"6f1c…": "lano"}`. Keys are taken as given
 * (`__proto__` and `constructor` are ordinary values here); an error says which entry is wrong.
 */
export function parseRoleMap(json: string): RoleMap {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error(`is not JSON (${(err as Error).message})`, { cause: err });
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error('must be a JSON object of claim value → role, e.g. {"<group id>": "lano"}');
  const map = new Map<string, StaffRole>();
  for (const [value, role] of Object.entries(parsed)) {
    if (value.trim() === "") throw new Error("a claim value must not be empty");
    const checked = staffRole.safeParse(role);
    if (!checked.success)
      throw new Error(`the role for ${JSON.stringify(value)} ${checked.error.issues[0]!.message}`);
    map.set(value, checked.data);
  }
  if (map.size === 0) throw new Error("maps no claim value to a role: nobody could sign in");
  return map;
}

export type RoleFromClaims =
  | { role: Role; value: string }
  /** The claim is absent (or holds no string): the provider was not set up to send it. */
  | { missing: "absent"; claim: string }
  /** Left out because it would be too long (Entra ID's "overage": `_claim_names` names it instead). */
  | { missing: "tooMany"; claim: string }
  /** The claim is there, but none of its values is in the map. */
  | { missing: "unmapped"; claim: string; values: string[] };

/** The claim's string values: a string, or the strings of an array (anything else counts as none). */
export function claimValues(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  if (!Object.hasOwn(claims, claim)) return [];
  const raw = claims[claim];
  if (typeof raw === "string") return [raw];
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : [];
}

/** The role the claim gives, the strongest when it holds several mapped values; or why there is none. */
export function roleFromClaims(
  claims: Readonly<Record<string, unknown>>,
  claim: string,
  map: RoleMap,
): RoleFromClaims {
  const values = claimValues(claims, claim);
  if (values.length === 0) {
    const elsewhere = Object.hasOwn(claims, "_claim_names") ? claims._claim_names : undefined;
    const tooMany = typeof elsewhere === "object" && elsewhere !== null && Object.hasOwn(elsewhere, claim);
    return tooMany ? { missing: "tooMany", claim } : { missing: "absent", claim };
  }
  const mapped = values.flatMap((value) => {
    const role = map.get(value);
    return role ? [{ role, value }] : [];
  });
  const rank = (r: StaffRole) => STAFF_ROLES.indexOf(r);
  const strongest = mapped.sort((a, b) => rank(a.role) - rank(b.role))[0];
  return strongest ?? { missing: "unmapped", claim, values };
}
