/**
 * Ports every browser refuses to connect to: the "bad ports" of the Fetch standard
 * (https://fetch.spec.whatwg.org/#port-blocking), which Chromium, Firefox and Safari enforce for
 * every load — `fetch` in any mode, forms, beacons, images. A server on one of them cannot be sent
 * a request by any web page, whatever the page's origin; other programs reach it as usual.
 * Only the unprivileged ones (≥ 1024) are listed: the others need root to listen on.
 */
import { InvalidOptionError, BrowserRefusedPortsTakenError, PortInUseError, type LocalServerKind } from './errors.js';

/** The Fetch standard's bad ports from 1024 up, in the order they are tried. */
export const BROWSER_REFUSED_PORTS: readonly number[] = [
  6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080, 6566, 4190, 3659, 4045, 1719, 1720, 1723, 5060, 5061, 6000, 2049,
];

/**
 * Starts a server on the first of {@link BROWSER_REFUSED_PORTS} it can bind, moving on to the next
 * when one is taken.
 *
 * @param requestedPort the `port` option: only `0` or absent go with hiding
 * @throws InvalidOptionError when a port was also requested; BrowserRefusedPortsTakenError when all are taken
 */
export async function startOnBrowserRefusedPort<T>(
  kind: LocalServerKind,
  requestedPort: number | undefined,
  start: (port: number) => Promise<T>,
): Promise<T> {
  if (requestedPort !== undefined && requestedPort !== 0) {
    throw new InvalidOptionError(
      'hideFromBrowsers',
      `hideFromBrowsers picks the port itself (one browsers refuse); drop port: ${requestedPort}, or drop hideFromBrowsers to listen on that port.`,
    );
  }
  for (const port of BROWSER_REFUSED_PORTS) {
    try {
      return await start(port);
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  throw new BrowserRefusedPortsTakenError(kind, BROWSER_REFUSED_PORTS);
}
