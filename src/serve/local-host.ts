/**
 * Whether a request's Host header names this preview as a page on this machine would: 127.0.0.1, localhost
 * or [::1] with the preview's port. Any other name means a page that resolved its own domain to 127.0.0.1
 * (DNS rebinding) and could otherwise read the preview as a same-origin page.
 */
export function isLocalHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  return name === `127.0.0.1:${port}` || name === `localhost:${port}` || name === `[::1]:${port}`;
}
