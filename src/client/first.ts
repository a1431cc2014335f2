/**
 * The page's entry: the styles the first slide is painted with (render-blocking, so the
 * pre-rendered slide is laid out by CSS alone: styles/first-paint.css), then the deck's script
 * (main.ts: reveal.js and the plugins, ~38 KiB gzip) as a chunk of its own, fetched once this
 * small entry runs. On a slow phone network reveal.js thus never shares bandwidth with the HTML,
 * the stylesheet and the first font chunk the first slide waits for.
 *
 * The imports repeat main.ts's style imports on purpose: imported here, they stay in the entry's
 * stylesheet linked from <head>; main.ts keeps them too, so it still works as an entry on its own.
 */
import 'reveal.js/reveal.css';
import 'virtual:deck-fonts.css';
import './styles/theme.css';
import './styles/first-paint.css';
import 'virtual:deck-phases.css';
// Sets --deck-bar-height, which sizes .reveal (the canvas' box): it must not change when main.ts arrives.
import './styles/phase-bar.css';

void import('./main.ts');
