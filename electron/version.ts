declare const __APP_VERSION__: string | undefined;

/** Injected at build time from package.json. */
export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
