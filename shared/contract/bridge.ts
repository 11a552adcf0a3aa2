import type { BackendEvent } from './index';
import type { Result } from './result';

/**
 * What the preload exposes as `window.rapport`: one call and one event subscription, nothing
 * else. The renderer's HTTP transport has the same shape.
 */
export interface RapportBridge {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  on(listener: (event: BackendEvent) => void): () => void;
}

export const IPC_CALL_CHANNEL = 'rapport:call';
export const IPC_EVENT_CHANNEL = 'rapport:event';
