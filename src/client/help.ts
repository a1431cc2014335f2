import type { RevealApi } from 'reveal.js';
import { readDeckData } from './deck-data.ts';
import { strings } from './i18n.ts';
import { pressed } from './keymap.ts';
import { onShortcut, type TogglePlugin } from './shortcuts.ts';

/**
 * Our help overlay on `?` (and F1), replacing reveal.js's: the keys teachers rely on, in the deck's
 * language (help/dialog.ts, loaded on first use), and a `?` button on the phase bar for touch screens.
 */
export function Help(): TogglePlugin {
  let reveal: RevealApi;
  let dialog: Promise<HTMLDialogElement> | undefined;
  let unbind = (): void => {};

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
      unbind = onShortcut((e) => pressed(e, 'help'), () => toggle());
      const addButton = (): void => {
        const bar = document.querySelector('.phase-bar:not(.phase-bar-static)');
        if (!bar || bar.querySelector('.phase-bar-help')) return;
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
      };
      // In the same frame as the phase bar (its plugin's init ran before this one) when it exists:
      // added a frame later, the button would shrink the bar's segments (a layout shift).
      addButton();
      r.on('ready', addButton);
    },
    destroy() {
      unbind();
      void dialog?.then((d) => d.remove());
      document.querySelector('.phase-bar-help')?.remove();
    },
  };
}
