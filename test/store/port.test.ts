import fc from "fast-check";
import t from "tap";
import { inPages } from "../../src/store/port.js";

async function* items(n: number) {
  for (let i = 0; i < n; i++) yield i;
}

t.test("inPages groups a stream into pages of at most the size, never empty, in order", async (t) => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 13 }), async (n, size) => {
      const pages: number[][] = [];
      for await (const page of inPages(items(n), size)) pages.push(page);
      return (
        pages.every((p) => p.length >= 1 && p.length <= size) &&
        pages.slice(0, -1).every((p) => p.length === size) &&
        pages.flat().join() === [...Array(n).keys()].join()
      );
    }),
  );
  const pages: number[][] = [];
  for await (const page of inPages(items(2500))) pages.push(page);
  t.same(
    pages.map((p) => p.length),
    [1000, 1000, 500],
    "1,000 a page by default",
  );
});
