import type { MobileModule } from '@/shared/modules/types';
import { messages } from './messages';

const m: MobileModule = {
  id: 'documents',
  messages,
  routes: [
    // The QR code target: public, so anyone holding a paper copy can check it without an account.
    {
      path: '/v/:code?',
      name: 'document-verify',
      component: () => import('./VerifyPage.vue'),
      meta: { public: true, title: 'documents.verify.title' },
    },
    // A party's one-time signing link (texted by the mediator): public, the token is the key.
    {
      path: '/sign/:token',
      name: 'document-sign',
      component: () => import('./SignPage.vue'),
      meta: { public: true, title: 'documents.sign.title' },
    },
  ],
  entries: [],
};

export default m;
