import type { ConsoleModule } from '@/shared/modules/types';
import { messages } from './messages';

/** No pages of its own in the console: its DocumentList component is used on dispute pages and others. */
const m: ConsoleModule = { id: 'documents', messages, routes: [] };

export default m;
