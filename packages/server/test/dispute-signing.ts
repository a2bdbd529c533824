import type { Actor } from '../src/db/context';
import type { Services } from '../src/services';

/**
 * A handwritten-looking signature (dark strokes on transparency) as a canvas would send it, for tests,
 * fixtures and benchmarks that sign documents.
 */
export async function signaturePng(seed = 1): Promise<Buffer> {
  const { default: sharp } = await import('sharp');
  const wobble = (i: number) => 30 + ((seed * 37 + i * 53) % 40);
  const d = Array.from({ length: 12 }, (_, i) => `${i === 0 ? 'M' : 'L'} ${20 + i * 30} ${wobble(i)}`).join(
    ' ',
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="120"><path d="${d}" stroke="#111" stroke-width="6" fill="none" stroke-linecap="round"/><path d="M 60 90 C 120 20, 200 110, 300 40" stroke="#111" stroke-width="5" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

type Disputes = Services['disputes'];

/** Drafts the agreement, has every signer sign on the mediator's tablet, and seals it (settles). */
export async function settleSigned(
  s: Services,
  mediator: Actor,
  id: number,
  body: Parameters<Disputes['draftAgreement']>[2],
) {
  const draft = await s.disputes.draftAgreement(mediator, id, body);
  const png = await signaturePng(id);
  for (const signer of draft.signers) await s.disputes.signOnTablet(mediator, id, signer.id, png, {});
  return s.disputes.sealAgreement(mediator, id);
}

/** Drafts the joint application, has the applicants sign on the tablet, and submits it to the court. */
export async function applySigned(
  s: Services,
  mediator: Actor,
  id: number,
  input: Parameters<Disputes['draftConfirmation']>[2],
) {
  const draft = await s.disputes.draftConfirmation(mediator, id, input);
  const png = await signaturePng(id + 7);
  for (const signer of draft.signers) await s.disputes.signOnTablet(mediator, id, signer.id, png, {});
  return s.disputes.submitConfirmation(mediator, id);
}
