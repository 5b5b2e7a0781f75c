import t from "tap";
import { buildPack } from "../../src/packs/build.js";
import { readPackMeta } from "../../src/packs/meta.js";
import { flat, INSPECTION, packFixture, pdfText } from "./fixtures.js";

t.test(
  "the summary and the case-level data request are different content, with different hashes",
  async (t) => {
    const { state, asOf } = await packFixture();
    const at = { state, position: 1234, recordedAt: asOf };
    const summary = await buildPack(at, { kind: "dataRequest", inspectionId: INSPECTION });
    const caseLevel = await buildPack(at, { kind: "dataRequest", inspectionId: INSPECTION, caseLevel: true });
    t.not(pdfText(summary.pdf), pdfText(caseLevel.pdf), "the printed content differs");
    t.not(summary.meta.contentSha256, caseLevel.meta.contentSha256, "so does the Content SHA-256");
    t.match(flat(pdfText(caseLevel.pdf)), caseLevel.meta.contentSha256, "each prints its own");
    t.match(flat(pdfText(summary.pdf)), summary.meta.contentSha256);
  },
);

t.test("a verify address given in the request is kept in the pack and printed on its manifest", async (t) => {
  const { state, asOf } = await packFixture();
  const at = { state, position: 1234, recordedAt: asOf };
  const built = await buildPack(at, {
    kind: "sef",
    verifyAddress: "https://send.example.gov.uk/api/v1/packs/verify",
  });
  t.match(readPackMeta(built.pdf)?.request, {
    verifyAddress: "https://send.example.gov.uk/api/v1/packs/verify",
  });
  t.match(flat(pdfText(built.pdf)), "https://send.example.gov.uk/api/v1/packs/verify");
  t.notMatch(flat(pdfText(built.pdf)), "npm run");
});
