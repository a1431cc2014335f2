import type { RevealApi, RevealPlugin } from 'reveal.js';
import { readDeckData } from './deck-data.ts';
import { strings } from './i18n.ts';

/** A plugin that other plugins (help, bar) can drive by id, without importing each other. */
export interface TogglePlugin extends RevealPlugin {
  toggle(on?: boolean): void;
}

/** Keys typed into a form field, while composing with an IME, or with a command modifier are not shortcuts. */
export function isShortcutEvent(e: KeyboardEvent): boolean {
  if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return false;
  const t = e.target as HTMLElement | null;
  return !(t && (t.isContentEditable || /^(input|textarea|select)$/i.test(t.tagName)));
}

/**
 * Listens for one of our shortcuts on window in the capture phase, so it runs before reveal.js's
 * own document listener; `match` decides, then the key goes to `run` and nowhere else.
 */
export function onShortcut(match: (e: KeyboardEvent) => boolean, run: (e: KeyboardEvent) => void): void {
  addEventListener(
    'keydown',
    (e) => {
      if (!isShortcutEvent(e) || !match(e)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      run(e);
    },
    true,
  );
}

/**
 * True while one of our modal dialogs is open: reveal.js's keys are off then (keyboardCondition in
 * main.ts), and so are ours. Read from the dialog itself, which closes synchronously (a class set
 * on its asynchronous `close` event would still block the first key after closing).
 */
export function overlayOpen(): boolean {
  return document.querySelector('dialog[open]') !== null;
}

/**
 * Our help overlay on `?` (and F1), replacing reveal.js's: the keys teachers rely on, in the deck's
 * language (help/dialog.ts, loaded on first use), and a `?` button on the phase bar for touch screens.
 */
export function Help(): TogglePlugin {
  let reveal: RevealApi;
  let dialog: Promise<HTMLDialogElement> | undefined;

  const toggle = (on?: boolean): void => {
    dialog ??= import('./help/dialog.ts').then((m) => m.buildHelpDialog(reveal));
    void dialog.then((d) => {
      const open = on ?? !d.open;
      if (open && !d.open) d.showModal();
      else if (!open && d.open) d.close();
    });
  };

  return {
    id: 'help',
    toggle,
    init(r: RevealApi) {
      reveal = r;
      // Before reveal.js, which would open its own help on `?`/F1 (also off with `help: false`).
      onShortcut((e) => e.key === '?' || e.key === 'F1', () => toggle());
      r.on('ready', () => {
        const bar = document.querySelector('.phase-bar:not(.phase-bar-static)');
        if (!bar) return;
        let tools = bar.querySelector('.phase-bar-tools');
        if (!tools) {
          tools = document.createElement('div');
          tools.className = 'phase-bar-tools';
          bar.append(tools);
        }
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'phase-bar-help';
        b.textContent = '?';
        b.setAttribute('aria-label', strings(readDeckData().meta.lang).help);
        b.setAttribute('aria-haspopup', 'dialog');
        b.addEventListener('click', () => toggle(true));
        tools.append(b);
      });
    },
  };
}
