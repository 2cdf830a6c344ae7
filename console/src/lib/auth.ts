/** @module The bearer token: read once from the URL fragment, kept in sessionStorage. */

const KEY = 'everynode.token';

/**
 * captureTokenFromUrl moves `#token=…` from the URL into sessionStorage and removes it from the
 * address bar and history, so the token is not shared by copying the URL.
 */
export function captureTokenFromUrl(): void {
  const hash = window.location.hash.replace(/^#/, '');
  const params = new URLSearchParams(hash);
  const token = params.get('token');
  if (!token) return;
  setToken(token);
  params.delete('token');
  const rest = params.toString();
  const url = window.location.pathname + window.location.search + (rest ? `#${rest}` : '');
  window.history.replaceState(null, '', url);
}

/** getToken is the stored token, or undefined when signed out. */
export function getToken(): string | undefined {
  return sessionStorage.getItem(KEY) ?? undefined;
}

/** setToken stores the token for this browser tab. */
export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token.trim());
}

/** clearToken signs out. */
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}
