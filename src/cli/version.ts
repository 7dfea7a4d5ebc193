// Set by the bundler from package.json (scripts/build.mjs); a run from the sources says so.
declare const __FEEDWRIGHT_VERSION__: string | undefined;

export const VERSION: string = typeof __FEEDWRIGHT_VERSION__ === 'string' ? __FEEDWRIGHT_VERSION__ : '0.0.0-source';
