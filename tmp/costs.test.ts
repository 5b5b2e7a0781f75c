import t from "tap";
import { parse, buildSchema } from "graphql";
import { schema } from "../src/graphql/schema.js";
import { readModelSchema } from "../src/graphql/readModelSchema.js";
import { checkLimits } from "../src/graphql/limits.js";
import { SEF_QUERY } from "../bench/sefLoad.js";
import { AS_AT_QUERY } from "../bench/asAt.js";
import { DATA_REQUEST_QUERY } from "../bench/dataRequest.js";
const s = buildSchema([schema, readModelSchema].join("\n"));
const big = { maxDepth: 99, maxAliases: 9999, maxAsAtFields: 999, maxCost: 1e12 };
for (const [n, q] of Object.entries({ SEF_QUERY, AS_AT_QUERY, DATA_REQUEST_QUERY,
  c500: `{cases(first:500){items{caseId qaAudits{auditId}}}}`,
  cfull: `{cases(first:500){items{caseId status upn uln dateOfBirth age gender ethnicity primaryNeed placement{mainUrn mainPhase} qaAudits{auditId overallGrade sections{section grade}}}}}`,
})) t.comment(n, JSON.stringify(checkLimits(s, parse(q), { asAt: "2026-01-01" }, big)));
t.pass();
