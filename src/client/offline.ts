/**
 * Registers the built site's service worker (src/vite/offline.ts) so the deck opens again without
 * network. Only where the build linked a manifest (so never in standalone.html or the dev server),
 * never in the print view (the PDF exporter) or a speaker-view preview, and only after the page's
 * `load` event and an idle moment: precaching must not compete with the first slide.
 */
export function registerOffline(): void {
  if (!('serviceWorker' in navigator) || !document.querySelector('link[rel="manifest"]')) return;
  const q = new URLSearchParams(location.search);
  if (q.has('print-pdf') || q.get('view') === 'receiver' || window.top !== window) return;
  const register = (): void => {
    const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 200));
    idle(() => {
      navigator.serviceWorker.register('./sw.js').catch((e: unknown) => console.warn('offline copy unavailable:', e));
    });
  };
  if (document.readyState === 'complete') register();
  else addEventListener('load', register, { once: true });
}
