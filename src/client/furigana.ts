import type { RevealApi, RevealPlugin } from 'reveal.js';
import { readDeckData } from './deck-data.ts';
import { glossaryStrings } from './glossary/strings.ts';
import { pressed } from './keymap.ts';
import { onShortcut, overlayOpen } from './shortcuts.ts';

/** Set on <html> while furigana is hidden; rt keeps its room (visibility), so nothing reflows. */
export const FURIGANA_HIDDEN_CLASS = 'furigana-hidden';
const STORAGE_KEY = 'lecture-deck:furigana';

export interface FuriganaPlugin extends RevealPlugin {
  /** Shows (true) or hides furigana, or flips it; the choice is remembered in this browser. */
  toggle(show?: boolean): void;
  /** The help dialog's switch (a checkbox with role=switch), kept in step with the key. */
  helpControl(): HTMLElement;
}

function stored(): 'show' | 'hide' | undefined {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return v === 'show' || v === 'hide' ? v : undefined;
  } catch {
    return undefined; // storage disabled: the deck's default
  }
}

/**
 * Furigana on or off for this viewer: `Y`, or the switch in the help dialog. Starts from what this
 * browser remembered, else deck.yaml's `furigana: show|hide`.
 */
export function Furigana(): FuriganaPlugin {
  const root = document.documentElement;
  const switches = new Set<HTMLInputElement>();
  let unbind = (): void => undefined;
  const shown = (): boolean => !root.classList.contains(FURIGANA_HIDDEN_CLASS);
  const apply = (show: boolean): void => {
    root.classList.toggle(FURIGANA_HIDDEN_CLASS, !show);
    for (const s of switches) s.checked = show;
  };
  const toggle = (show?: boolean): void => {
    const next = show ?? !shown();
    apply(next);
    try {
      localStorage.setItem(STORAGE_KEY, next ? 'show' : 'hide');
    } catch {
      // Not remembered where storage is off; the toggle still works for this page.
    }
  };
  return {
    id: 'furigana',
    toggle,
    helpControl() {
      const t = glossaryStrings(readDeckData().meta.lang);
      const label = document.createElement('label');
      label.className = 'furigana-switch';
      const input = document.createElement('input');
      input.type = 'checkbox';
      input.setAttribute('role', 'switch');
      input.checked = shown();
      input.addEventListener('change', () => toggle(input.checked));
      switches.add(input);
      const kbd = document.createElement('kbd');
      kbd.textContent = 'Y';
      label.append(input, ` ${t.furigana} `, kbd);
      return label;
    },
    init(reveal: RevealApi) {
      const initial = (): void => apply((stored() ?? readDeckData().meta.furigana ?? 'show') === 'show');
      initial();
      // An edited deck.yaml (dev server) changes the default for viewers who have not chosen.
      reveal.on('deckupdate', initial);
      unbind = onShortcut(
        (e) => pressed(e, 'furigana') && !overlayOpen(),
        () => toggle(),
      );
    },
    destroy() {
      unbind();
      root.classList.remove(FURIGANA_HIDDEN_CLASS);
    },
  };
}
