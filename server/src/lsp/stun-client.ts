/**
 * The language server's STUN client: the socket transport, with cancellation. The core's
 * {@link StunClient} takes the small cancel-signal shape the core can name; the transport wants
 * a real `AbortSignal`, so each query gets one that follows the caller's signal.
 */
import type { StunClient } from '../core/stun/types';
import { queryStun } from '../node/stun-transport';

/** Real UDP/TCP queries; cancelling the signal ends the query at once as `aborted`. */
export const cancellableStunClient: StunClient = {
  query(request, cancel) {
    if (cancel === undefined) return queryStun(request);
    const controller = new AbortController();
    const onAbort = (): void => controller.abort();
    if (cancel.aborted) controller.abort();
    else cancel.addEventListener('abort', onAbort, { once: true });
    return queryStun({ ...request, signal: controller.signal }).finally(() => cancel.removeEventListener('abort', onAbort));
  },
};
