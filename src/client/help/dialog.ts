import type { RevealApi } from 'reveal.js';
import { readDeckData } from '../deck-data.ts';
import type { FuriganaPlugin } from '../furigana.ts';
import { glossaryStrings } from '../glossary/strings.ts';
import type { TogglePlugin } from '../shortcuts.ts';
import { strings, uiLang } from '../i18n.ts';
import { quizWords } from '../quiz/words.ts';
import { KEYMAP, type KeyAction } from '../keymap.ts';
import { el } from '../dom.ts';
// From boot.ts (part of main.ts's chunk): the id alone, as a chunk of its own, would be one more request at start.
import { hasClassroomConfig } from '../classroom/boot.ts';
import { classroomWords } from '../classroom/words.ts';
import '../styles/help.css';

type Row = [keys: string[], label: string];

/** The help overlay's <dialog> (loaded on the first `?`): the keys, in the deck's language. */
export function buildHelpDialog(reveal: RevealApi): HTMLDialogElement {
  const t = strings(readDeckData().meta.lang);
  const k = t.keys;
  const labels = (...actions: KeyAction[]): string[] => actions.flatMap((a) => KEYMAP[a].map((b) => b.label));
  const rows: Row[] = [
    [labels('next'), k.next],
    [labels('prev'), k.prev],
    [labels('first', 'last'), k.firstLast],
    [labels('pause'), k.blackout],
    [labels('overview'), k.overview],
    [labels('fullscreen'), k.fullscreen],
    [labels('jump'), k.jump],
    [labels('speaker'), k.speaker],
    [labels('reading'), k.reading],
    [labels('furigana'), glossaryStrings(readDeckData().meta.lang).furiganaKey],
    [labels('help'), k.help],
  ];
  // Quiz and activity keys, only for a deck that has such slides.
  const deck = readDeckData();
  const q = quizWords(deck.meta.lang);
  if (deck.slides.some((s) => s.quiz)) rows.splice(rows.length - 1, 0, [labels('quizChoose'), q.keyChoose], [labels('quizCheck'), q.keyCheck]);
  if (deck.slides.some((s) => s.activity)) rows.splice(rows.length - 1, 0, [labels('activityTimer'), q.keyTimer]);
  // Live classroom keys, only on a page the classroom server served (its config block is there).
  if (hasClassroomConfig()) {
    const c = classroomWords(uiLang(deck.meta.lang));
    rows.splice(rows.length - 1, 0, [labels('classroomJoin'), c.joinTitle], [labels('classroomLive'), c.backToLive]);
  }
  const d = el('dialog', 'help-dialog');
  d.setAttribute('aria-labelledby', 'help-dialog-title');
  const body = el('div', 'help-body');
  const h = el('h2', '', t.helpTitle);
  h.id = 'help-dialog-title';
  const table = el('table');
  const tbody = table.createTBody();
  for (const [keys, label] of rows) {
    const tr = tbody.insertRow();
    const th = el('th');
    th.scope = 'row';
    keys.forEach((key, i) => {
      if (i) th.append(' ');
      th.append(el('kbd', '', key));
    });
    tr.append(th);
    tr.insertCell().textContent = label;
  }
  const swipe = el('p', 'help-swipe', k.swipe);
  const actions = el('div', 'help-actions');
  const action = (label: string, run: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.addEventListener('click', () => {
      d.close();
      run();
    });
    actions.append(b);
    return b;
  };
  // The other views, reachable without a keyboard (phones: through the `?` button on the bar).
  action(`${k.reading} (R)`, () => (reveal.getPlugin('reading-view') as TogglePlugin | undefined)?.toggle());
  action(`${k.speaker} (S)`, () => (reveal.getPlugin('speaker-link') as TogglePlugin | undefined)?.toggle(true));
  // Printing from the browser (for whoever has only the site or standalone.html, not `npm run pdf`):
  // the same print layout the exporter uses, with a bar of instructions that does not print.
  const printView = (handout: boolean) => (): void => {
    const url = new URL(location.href);
    url.search = handout ? '?print-pdf&print-ui&handout' : '?print-pdf&print-ui';
    url.hash = '';
    location.assign(url);
  };
  action(t.printSlides, printView(false));
  action(t.printHandout, printView(true));
  action(t.close, () => undefined).classList.add('help-close');
  // The furigana switch (furigana.ts), for phones and anyone without a keyboard.
  const furigana = (reveal.getPlugin('furigana') as FuriganaPlugin | undefined)?.helpControl();
  body.append(h, table, swipe, ...(furigana ? [furigana] : []), actions);
  d.append(body);
  // A click on the backdrop (the dialog box itself, outside .help-body) closes it.
  d.addEventListener('click', (e) => {
    if (e.target === d) d.close();
  });
  // Closed, the dialog would keep the focus on its switch until the browser's next rendering
  // update; give it back to the page at once.
  d.addEventListener('close', () => {
    if (d.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
  });
  document.body.append(d);
  return d;
}
