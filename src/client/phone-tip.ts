import type { RevealApi, RevealPlugin } from 'reveal.js';
import { readDeckData } from './deck-data.ts';
import type { TogglePlugin } from './shortcuts.ts';
import { strings } from './i18n.ts';
import { showNotice } from './notice.ts';
import { nextFrame } from './start-up.ts';

const DISMISSED = 'lecture-deck:phone-tip-dismissed';
/** A phone held upright: a 16:9 slide fills a third of the screen there, with text too small to read. */
const PORTRAIT_PHONE = '(max-width: 600px) and (orientation: portrait)';

function dismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED) === '1';
  } catch {
    return false;
  }
}

function remember(): void {
  try {
    localStorage.setItem(DISMISSED, '1');
  } catch {
    // Without storage the tip shows again next time; nothing else depends on it.
  }
}

/**
 * On a phone held upright, a one-time tip: the reading view (slides reflowed, narration beneath)
 * reads better than a small slide. Dismissed once, or used once, it is not shown again.
 */
export function PhoneTip(): RevealPlugin {
  return {
    id: 'phone-tip',
    init(reveal: RevealApi) {
      if (reveal.isPrintView() || dismissed() || !matchMedia(PORTRAIT_PHONE).matches) return;
      if (new URLSearchParams(location.search).get('view') === 'reading') return;
      reveal.on('ready', async () => {
        // After a frame: reading a computed style in reveal.js's ready task would compute the styles
        // of the whole page it has just changed, in a task already long on a phone.
        await nextFrame();
        const t = strings(readDeckData().meta.lang);
        // Shown once the deck font's chunks for its text have arrived (src/vite/font-chunks.ts), however
        // long they take: swapped in later, the text would rewrap and move the buttons (a layout shift
        // on the first screen of a phone; a 1.5 s cap did that on a loaded machine, first-paint.test.ts).
        // A face that fails leaves the fallback for good: shown then too.
        const font = getComputedStyle(document.documentElement).getPropertyValue('--deck-font').trim() || 'sans-serif';
        const glyphs = t.phoneTip + t.openReading + '×';
        await Promise.all(['400', '700'].map((w) => document.fonts.load(`${w} 16px ${font}`, glyphs))).catch(() => undefined);
        showNotice({
          text: t.phoneTip,
          action: { label: t.openReading, run: () => (reveal.getPlugin('reading-view') as TogglePlugin | undefined)?.toggle(true) },
          closeLabel: t.close,
          className: 'phone-tip',
          onAnswer: remember,
        });
      });
    },
  };
}
