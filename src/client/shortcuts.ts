/**
 * The deck's own keyboard shortcuts, shared by the plugins that add keys (help, reading view,
 * speaker link, …): one capture-phase listener per key, and the same filter everywhere.
 */
import type { RevealPlugin } from 'reveal.js';

/** A plugin that other plugins (help, bar) can drive by id, without importing each other. */
export interface TogglePlugin extends RevealPlugin {
  toggle(on?: boolean): void;
}

/** Keys typed into a form field, while composing with an IME, or with a command modifier are not shortcuts. */
export function isShortcutEvent(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return false;
  // The target may be window or document (a synthetic event, a key with nothing focused).
  const t = e.target instanceof HTMLElement ? e.target : null;
  // Focus left inside a dialog that has just closed (Chromium moves it out only at its next
  // rendering update, so a quick Escape then S would reach the help's furigana switch): not typing.
  if (t?.closest('dialog:not([open])')) return true;
  return !(t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName)));
}

/**
 * Listens for one of our shortcuts on window in the capture phase, so it runs before reveal.js's
 * own document listener; `match` decides, then the key goes to `run` and nowhere else.
 * Returns the function that removes the listener (for a plugin's destroy()).
 */
export function onShortcut(match: (e: KeyboardEvent) => boolean, run: (e: KeyboardEvent) => void): () => void {
  const listener = (e: KeyboardEvent): void => {
    if (!isShortcutEvent(e) || !match(e)) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    run(e);
  };
  addEventListener('keydown', listener, true);
  return () => removeEventListener('keydown', listener, true);
}

/**
 * True while one of our modal dialogs is open: reveal.js's keys are off then (keyboardCondition in
 * main.ts), and so are ours. Read from the dialog itself, which closes synchronously (a class set
 * on its asynchronous `close` event would still block the first key after closing).
 */
export function overlayOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}
