import {
  ANY,
  type BinaryRecordedEvent,
  type JSONRecordedEvent,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import t from "tap";
import {
  duplicateResult,
  fromEsdbPosition,
  fromEsdbRevision,
  isStreamNotFound,
  isSystemEvent,
  isSystemStream,
  isWrongExpectedVersion,
  mapAppendError,
  replayedByServer,
  repeatedId,
  retrySlotStart,
  toEsdbEvent,
  toEsdbExpectedRevision,
  toReadPosition,
  toRecordedEvent,
  toStoredRef,
} from "../../src/store/eventstoredbMapping.js";
import { DuplicateEventIdError, WrongExpectedRevisionError } from "../../src/store/port.js";
import { ev } from "./contract.js";

const meta = { actor: "tester", role: "admin", correlationId: "c-1", source: "test" };
const created = new Date("2026-03-01T09:30:00.123Z");

/** Shaped as the client's convertGrpcRecord builds a JSON event read from the server. */
const jsonRecorded = (over: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent => ({
  streamId: "case-A1",
  id: "6f1b6c3e-0c4e-4d43-9c1a-1f0d1e7c0a01",
  isJson: true,
  revision: 4n,
  type: "CaseOpened",
  created,
  data: { schemaVersion: 1, caseId: "A1" },
  metadata: meta,
  position: { commit: 10_485n, prepare: 10_485n },
  ...over,
});

const binaryRecorded = (): BinaryRecordedEvent => ({
  streamId: "case-A1",
  id: "6f1b6c3e-0c4e-4d43-9c1a-1f0d1e7c0a02",
  isJson: false,
  revision: 5n,
  type: "Attachment",
  created,
  data: Uint8Array.from([1, 2, 3]),
  metadata: undefined,
  position: { commit: 10_900n, prepare: 10_900n },
});

const wrongVersion = (current: bigint | typeof NO_STREAM) =>
  new WrongExpectedVersionError(undefined, { streamName: "case-A1", expected: 0n, current });

const ref = (id: string, revision: number) => ({ id, revision, position: 100 + revision });

t.test("expected revisions map to the client's", async (t) => {
  t.equal(toEsdbExpectedRevision("any"), ANY);
  t.equal(toEsdbExpectedRevision("noStream"), NO_STREAM);
  t.equal(toEsdbExpectedRevision("streamExists"), STREAM_EXISTS);
  t.equal(toEsdbExpectedRevision(0), 0n);
  t.equal(toEsdbExpectedRevision(41), 41n);
  t.equal(toEsdbExpectedRevision(-1), NO_STREAM, "-1 is the port's numeric no-stream");
  for (const bad of [-2, 1.5, Number.NaN, 2 ** 53])
    t.throws(() => toEsdbExpectedRevision(bad), RangeError, `refuses ${bad}`);
});

t.test("server revisions map to numbers, -1 for no stream", async (t) => {
  t.equal(fromEsdbRevision(NO_STREAM), -1);
  t.equal(fromEsdbRevision(-1n), -1, "a negative revision is no stream too");
  t.equal(fromEsdbRevision(0n), 0);
  t.equal(fromEsdbRevision(7n), 7);
  t.equal(fromEsdbRevision(BigInt(Number.MAX_SAFE_INTEGER)), Number.MAX_SAFE_INTEGER);
  t.throws(() => fromEsdbRevision(2n ** 53n), RangeError, "never rounds");
});

t.test("log positions", async (t) => {
  t.equal(toReadPosition(0), START, "0 reads from the start");
  t.same(toReadPosition(1234), { commit: 1234n, prepare: 1234n });
  t.throws(() => toReadPosition(-1), RangeError);
  t.throws(() => toReadPosition(0.5), RangeError);
  t.equal(fromEsdbPosition({ commit: 98_765n, prepare: 98_700n }), 98_765, "the commit offset");
  t.throws(() => fromEsdbPosition({ commit: 2n ** 60n, prepare: 2n ** 60n }), RangeError);
});

t.test("system streams and events", async (t) => {
  t.ok(isSystemStream("$all"));
  t.ok(isSystemStream("$$case-A1"));
  t.notOk(isSystemStream("case-A1"));
  t.notOk(isSystemStream("case-$1"));
  t.ok(isSystemEvent({ streamId: "$stats-127.0.0.1:2113", type: "StatsCollected" }));
  t.ok(isSystemEvent({ streamId: "case-A1", type: "$metadata" }));
  t.ok(isSystemEvent({ streamId: "$ce-case", type: "$>" }));
  t.notOk(isSystemEvent({ streamId: "case-A1", type: "CaseOpened" }));
});

t.test("a client event maps to a RecordedEvent", async (t) => {
  const expected = {
    id: "6f1b6c3e-0c4e-4d43-9c1a-1f0d1e7c0a01",
    stream: "case-A1",
    revision: 4,
    position: 10_485,
    type: "CaseOpened",
    recordedAt: "2026-03-01T09:30:00.123Z",
    data: { schemaVersion: 1, caseId: "A1" },
    metadata: meta,
  };
  t.strictSame(toRecordedEvent(jsonRecorded()), expected, "a recorded event");
  t.strictSame(toRecordedEvent({ event: jsonRecorded() }), expected, "a resolved event from readStream");
  const position = { commit: 10_485n, prepare: 10_485n };
  t.strictSame(
    toRecordedEvent({ event: jsonRecorded({ position }), commitPosition: 10_485n }),
    expected,
    "a resolved event from $all",
  );
});

t.test("events the store cannot read are refused with a clear error", async (t) => {
  t.throws(() => toRecordedEvent({ commitPosition: 1n }), /without its event/);
  t.throws(() => toRecordedEvent(binaryRecorded()), /is not JSON/, "binary content");
  t.throws(() => toRecordedEvent(jsonRecorded({ data: "{not json" })), /data is not a JSON object/);
  t.throws(() => toRecordedEvent(jsonRecorded({ data: [1, 2] })), /data is not a JSON object/);
  t.throws(() => toRecordedEvent(jsonRecorded({ metadata: undefined })), /metadata is missing/);
  t.throws(() => toRecordedEvent(jsonRecorded({ metadata: Uint8Array.from([7]) })), /metadata is missing/);
  t.throws(() => toRecordedEvent(jsonRecorded({ position: undefined })), /22\.6 or later/);
  t.throws(() => toRecordedEvent(jsonRecorded({ revision: 2n ** 64n })), RangeError);
});

t.test("stored refs need no JSON", async (t) => {
  t.strictSame(toStoredRef(binaryRecorded()), {
    id: "6f1b6c3e-0c4e-4d43-9c1a-1f0d1e7c0a02",
    revision: 5,
    position: 10_900,
  });
  t.strictSame(toStoredRef({ event: jsonRecorded() }), {
    id: "6f1b6c3e-0c4e-4d43-9c1a-1f0d1e7c0a01",
    revision: 4,
    position: 10_485,
  });
});

t.test("a NewEvent becomes a JSON event with our metadata", async (t) => {
  const e = ev("CaseOpened", { caseId: "A1" });
  t.strictSame(toEsdbEvent(e), {
    id: e.id,
    contentType: "application/json",
    type: "CaseOpened",
    data: e.data,
    metadata: e.metadata,
  });
});

t.test("client errors are recognised by their type", async (t) => {
  t.ok(isWrongExpectedVersion(wrongVersion(3n)));
  t.notOk(isWrongExpectedVersion(new StreamNotFoundError(undefined, "case-A1")));
  t.notOk(isWrongExpectedVersion(new Error("wrong-expected-version")));
  t.notOk(isWrongExpectedVersion({ type: "wrong-expected-version", actualVersion: 3n }), "not an Error");
  t.ok(isStreamNotFound(new StreamNotFoundError(undefined, "case-A1")));
  t.notOk(isStreamNotFound(wrongVersion(3n)));
  t.notOk(isStreamNotFound("stream-not-found"));
});

t.test("a version conflict becomes WrongExpectedRevisionError; anything else passes through", async (t) => {
  const conflict = mapAppendError(wrongVersion(3n), "case-A1", 0);
  t.type(conflict, WrongExpectedRevisionError);
  t.match(conflict, { stream: "case-A1", expected: 0, actual: 3 });
  t.match(mapAppendError(wrongVersion(NO_STREAM), "case-A1", "streamExists"), {
    expected: "streamExists",
    actual: -1,
  });
  const other = new StreamNotFoundError(undefined, "case-A1");
  t.equal(mapAppendError(other, "case-A1", "any"), other, "the same object");
  t.equal(mapAppendError("boom", "case-A1", "any"), "boom");
});

t.test("ids repeated inside a batch", async (t) => {
  t.equal(repeatedId([]), undefined);
  t.equal(repeatedId([{ id: "a" }, { id: "b" }]), undefined);
  t.equal(repeatedId([{ id: "a" }, { id: "b" }, { id: "a" }, { id: "b" }]), "a");
});

t.test("where a retried batch would be", async (t) => {
  t.equal(retrySlotStart("noStream"), 0);
  t.equal(retrySlotStart(-1), 0);
  t.equal(retrySlotStart(0), 1);
  t.equal(retrySlotStart(9), 10);
  t.equal(retrySlotStart("any"), undefined);
  t.equal(retrySlotStart("streamExists"), undefined);
});

t.test("duplicateResult: a retry, a fresh batch, or a clash", async (t) => {
  const batch = [{ id: "a" }, { id: "b" }];
  t.strictSame(
    duplicateResult(batch, [ref("a", 3), ref("b", 4)]),
    { nextRevision: 4, position: 104, duplicate: true },
    "the exact batch in place is a retry",
  );
  t.equal(duplicateResult(batch, []), undefined, "nothing there: append");
  t.equal(duplicateResult(batch, [ref("x", 3), ref("y", 4)]), undefined, "other events there: append");
  t.equal(duplicateResult([], []), undefined, "an empty batch is never a retry");
  t.throws(
    () => duplicateResult(batch, [ref("a", 3)]),
    new DuplicateEventIdError("b"),
    "only part of the batch is stored",
  );
  t.throws(
    () => duplicateResult(batch, [ref("a", 3), ref("c", 4)]),
    new DuplicateEventIdError("b"),
    "the first id matches, the rest differs",
  );
  t.throws(
    () => duplicateResult(batch, [ref("x", 7), ref("a", 8)]),
    new DuplicateEventIdError("a"),
    "an id stored out of place",
  );
});

t.test("replayedByServer: did the append add nothing?", async (t) => {
  t.equal(replayedByServer(5, 2, 3), false, "revisions 4..5 are new after 3");
  t.equal(replayedByServer(5, 2, 5), true, "revisions 4..5 were there already");
  t.equal(replayedByServer(5, 2, 4), true, "the batch began at or before what was there");
  t.equal(replayedByServer(1, 2, -1), false, "a new stream");
});
