/**
 * The site's CSP: only its own files; no inline script; nothing remote. As it stands here no inline
 * style is allowed either (the dev server adds a nonce to it, src/vite/csp.ts); the built site
 * allows exactly its one inline `<style>`, the first slide's stylesheet, by hash (siteCsp).
 */
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'self'";

/**
 * The built site's CSP: CSP with the given base64 sha256 digests of inline `<style>` contents added
 * to style-src, and nothing else changed. The inline style puts the first slide's CSS in the page
 * itself (src/node/pipeline/site.ts): a render-blocking request less before the first paint.
 */
export function siteCsp(styleHashes: readonly string[]): string {
  const sources = styleHashes.map((h) => ` 'sha256-${h}'`).join('');
  return CSP.replace(/\bstyle-src ([^;]*)/, (_m, rest: string) => `style-src ${rest}${sources}`);
}

/** The `<meta http-equiv="Content-Security-Policy">` content of a page, as written (no entities to decode: the policy has none). */
export function cspOfPage(html: string): string | undefined {
  return /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
}
