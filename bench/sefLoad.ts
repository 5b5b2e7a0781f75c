/**
 * The GraphQL SEF query under load: autocannon (10 connections) against `POST /graphql { sef {...} }` on
 * the server under test. Baseline, in the same run: a plain fastify route in the same process returning the
 * same JSON (captured from the GraphQL answer). Runs alternate which goes first.
 */
import autocannon from "autocannon";
import { graphqlData, type Server, tokenOf } from "./client.js";
import { type Figure, log, pairedRatio, series } from "./stats.js";

export const SEF_QUERY = `{
  sef {
    at { position }
    area asOf
    signedOff { version signedOn }
    criteria {
      code text
      statements { statementId kind text revisions evidence { kind id found summary asOf signal } }
      warnings { kind criterion statementId message }
    }
    warnings { kind criterion message }
  }
}`;

export async function sefLoadBenchmark(server: Server, runs: number, seconds: number): Promise<Figure> {
  graphqlData(await server.graphql(SEF_QUERY), "sef");
  const captured = await server.capture(SEF_QUERY);
  const body = JSON.stringify({ query: SEF_QUERY });
  const load = async (url: string, duration: number) => {
    const r = await autocannon({
      url,
      method: "POST",
      headers: { authorization: `Bearer ${tokenOf("lano")}`, "content-type": "application/json" },
      body,
      connections: 10,
      duration,
    });
    if (r.non2xx > 0 || r.errors > 0)
      throw new Error(`load on ${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    return r;
  };
  const graphql = `http://127.0.0.1:${server.port}/graphql`;
  const plain = `http://127.0.0.1:${server.plainPort}/plain`;
  await load(graphql, 1); // warm-up
  await load(plain, 1);
  const rps: number[] = [];
  const p99: number[] = [];
  const baseRps: number[] = [];
  const baseP99: number[] = [];
  for (let i = 0; i < runs; i++) {
    const product = async () => {
      const r = await load(graphql, seconds);
      rps.push(r.requests.average);
      p99.push(r.latency.p99);
    };
    const base = async () => {
      const r = await load(plain, seconds);
      baseRps.push(r.requests.average);
      baseP99.push(r.latency.p99);
    };
    if (i % 2 === 0) {
      await product();
      await base();
    } else {
      await base();
      await product();
    }
    log(
      `sef run ${i + 1}: graphql ${Math.round(rps[i]!)} req/s p99 ${p99[i]} ms; plain ${Math.round(baseRps[i]!)} req/s`,
    );
  }
  const ratio = pairedRatio(rps, baseRps);
  const result = series("GraphQL sef", "req/s", rps, 0);
  const latency = series("p99", "ms", p99, 1);
  return {
    name: "GraphQL SEF query under load (autocannon)",
    result,
    also: [latency, series("plain route p99", "ms", baseP99, 1)],
    baseline: {
      ...series("plain fastify route", "req/s", baseRps, 0),
      what: "a plain fastify route returning the same JSON",
    },
    ratio,
    goal: "≥ 30% of baseline req/s; p99 < 50 ms",
    met: ratio >= 0.3 && latency.median < 50,
    notes: `autocannon, 10 connections, ${seconds} s per run; answer ${captured.bytes} bytes`,
  };
}
