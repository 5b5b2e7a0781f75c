/** oidc-provider ships no types: what the test's provider (oidcProvider.ts) uses of it. */
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    /** The request listener of its Koa app. */
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
  }
}
