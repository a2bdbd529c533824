import { SYSTEM_ACTOR } from '../src/db/context';
import { installTestKind, reportRepair } from './case-kind';
import type { TestApp } from './harness';
import type { Fixtures } from './scope-cases';

/** Modules register a hook here that creates their town-2 objects for the matrix (stored in fx.extra). */
export const scopeFixtureHooks: ((t: TestApp, fx: Fixtures) => Promise<Record<string, number | string>>)[] =
  [];

// Case engine (issue #3): a town-2 case of the test kind with a photo, and a town-2 webhook subscription.
scopeFixtureHooks.push(async (t, fx) => {
  const s = t.services;
  await installTestKind(s);
  const town2 = await t.actorOf('town2');
  const [file] = await s.attachments.upload(town2, [
    { name: 'town2.pdf', data: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
  ]);
  const caseId = await reportRepair(s, town2, fx.town2Path, '临江街道的案件', { attachments: [file!.id] });
  const sub = await s.messages.createSubscription(SYSTEM_ACTOR, {
    kind: 'webhook',
    name: '临江街道订阅',
    url: 'http://127.0.0.1:9/hook',
    types: [],
    regionPath: fx.town2Path,
  });
  return { town2CaseId: caseId, town2AttachmentId: file!.id, town2SubscriptionId: sub.id };
});
