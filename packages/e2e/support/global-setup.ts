import type { TestProject } from 'vitest/node';
import { type RunningServer, startServer } from './server';
import { startSmsSink } from './sms-sink';

let server: RunningServer | undefined;
let sms: Awaited<ReturnType<typeof startSmsSink>> | undefined;

/**
 * One server for the whole run; tests reach it through `inject('baseUrl')`. Its SMS go to a local sink
 * (`inject('smsSinkUrl')`, GET /messages) so journeys can follow a texted link.
 */
export async function setup(project: TestProject) {
  sms = await startSmsSink();
  server = await startServer({ FENGQIAO_SMS_PROVIDER: 'http', FENGQIAO_SMS_URL: `${sms.url}/sms` });
  project.provide('baseUrl', server.baseUrl);
  project.provide('smsSinkUrl', sms.url);
}

export async function teardown() {
  await server?.stop();
  await sms?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    smsSinkUrl: string;
  }
}
