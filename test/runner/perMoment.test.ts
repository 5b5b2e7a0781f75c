import t from "tap";
import { perMoment } from "../../src/runner/perMoment.js";

t.test("selects once per moment and key; a new moment selects again", async (t) => {
  const calls: string[] = [];
  const select = perMoment((at: { position: number }, key: string) => {
    calls.push(`${at.position}:${key}`);
    return { position: at.position, key };
  });
  const first = { position: 1 };
  const a = select(first, "2026-11-23");
  t.equal(select(first, "2026-11-23"), a, "the same answer object the second time");
  t.not(select(first, "2026-11-24"), a, "another key is another selection");
  const second = { position: 1 };
  t.not(select(second, "2026-11-23"), a, "another moment object (even at the same position) selects afresh");
  t.same(calls, ["1:2026-11-23", "1:2026-11-24", "1:2026-11-23"]);
});

t.test("remembers an undefined answer too", async (t) => {
  let calls = 0;
  const select = perMoment((_: object, _key: number) => {
    calls += 1;
    return undefined;
  });
  const at = {};
  t.equal(select(at, 1), undefined);
  t.equal(select(at, 1), undefined);
  t.equal(calls, 1);
});
