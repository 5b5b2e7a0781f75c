import t from "tap";
import { z } from "zod";
import {
  type CatalogueEntry,
  catalogue,
  streamFamilyOf,
  UnknownEventError,
  type Upcaster,
  upcast,
} from "../../schemas/events/index.js";

t.test("stored data is validated against the current schema", async (t) => {
  const data = { need: "ASD", recordedOn: "2024-01-01", schemaVersion: 1 };
  t.same(upcast("PrimaryNeedRecorded", data), data);
  t.throws(() => upcast("NoSuchEvent", {}), UnknownEventError);
  t.throws(() => upcast("PrimaryNeedRecorded", { ...data, need: "XYZ" }), UnknownEventError);
  t.throws(() => upcast("PrimaryNeedRecorded", { ...data, schemaVersion: 9 }), /newer than this build/);
});

t.test("older versions are lifted step by step through the upcaster table", async (t) => {
  const v2: CatalogueEntry = {
    type: "Probe",
    family: "case",
    version: 3,
    data: z.object({ schemaVersion: z.literal(3), fullName: z.string(), flag: z.boolean() }),
  };
  const entries = new Map([["Probe", v2]]);
  const table = new Map<string, Upcaster>([
    ["Probe@1", (d: Record<string, unknown>) => ({ fullName: d.name })],
    ["Probe@2", (d: Record<string, unknown>) => ({ ...d, flag: false })],
  ]);
  t.same(upcast("Probe", { name: "x", schemaVersion: 1 }, table, entries), {
    fullName: "x",
    flag: false,
    schemaVersion: 3,
  });
  t.same(upcast("Probe", { fullName: "y", schemaVersion: 2 }, table, entries), {
    fullName: "y",
    flag: false,
    schemaVersion: 3,
  });
  t.throws(() => upcast("Probe", { name: "x", schemaVersion: 1 }, new Map(), entries), /no upcaster/);
});

t.test("every catalogue type belongs to a family and streams name their family", async (t) => {
  t.equal(catalogue.size, 50, "50 event types across 9 families");
  t.equal(streamFamilyOf("case-C000001"), "case");
  t.equal(streamFamilyOf("qa-QA-1"), "qa");
  t.equal(streamFamilyOf("nonsense"), undefined);
  t.equal(streamFamilyOf("widget-1"), undefined);
});

t.test("version 1 plans and reviews still decode: version 2 only added optional fields", async (t) => {
  const plan = { kind: "initial", issuedOn: "2024-05-20", exceptions: ["settingClosed"], schemaVersion: 1 };
  t.same(upcast("EhcPlanIssued", plan), { ...plan, schemaVersion: 2 });
  const review = { heldOn: "2025-05-12", reportSentOn: "2025-05-20", schemaVersion: 1 };
  t.same(upcast("AnnualReviewHeld", review), { ...review, schemaVersion: 2 });
  t.same(upcast("EhcPlanIssued", { ...plan, schemaVersion: 2, refusalOverturnedBy: "tribunal order" }), {
    ...plan,
    schemaVersion: 2,
    refusalOverturnedBy: "tribunal order",
  });
  t.throws(
    () => upcast("EhcPlanIssued", { ...plan, refusalOverturnedBy: "asked nicely" }),
    UnknownEventError,
  );
});
