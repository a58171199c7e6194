/** Debian's Chromium, which the suite drives (installed on first use by `ensure-chromium.ts`). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a closed network: without the background-networking ones Chromium keeps calling home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
