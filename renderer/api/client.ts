import type { BackendEvent, EventMap, EventName, MethodInput, MethodName, MethodResult, RapportBridge, Result } from '../../shared/contract/index';
import { pickBridge } from './transport';

/** The renderer's one way to the back end, typed by the contract. */
export interface ApiClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>>;
  on<E extends EventName>(name: E, listener: (payload: EventMap[E]) => void): () => void;
  readonly mode: 'desktop' | 'browser';
  readonly hasToken: boolean;
}

export function createClient(bridge: RapportBridge, mode: 'desktop' | 'browser' = 'browser', hasToken = true): ApiClient {
  return {
    mode,
    hasToken,
    call(method, input) {
      return bridge.call(method, input) as Promise<Result<MethodResult<typeof method>>>;
    },
    on(name, listener) {
      return bridge.on((event: BackendEvent) => {
        if (event.name === name) listener(event.payload as EventMap[typeof name]);
      });
    },
  };
}

let instance: ApiClient | null = null;

export function api(): ApiClient {
  if (!instance) {
    const picked = pickBridge();
    instance = createClient(picked.bridge, picked.mode, picked.hasToken);
  }
  return instance;
}

/** Tests replace the client with a spy. */
export function setApiClient(client: ApiClient | null): void {
  instance = client;
}
