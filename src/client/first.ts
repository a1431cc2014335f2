/**
 * The page's entry: the styles the first slide is painted with (render-blocking, so the
 * pre-rendered slide is laid out by CSS alone: styles/first.css, a small copy of what it needs),
 * then the deck's script (main.ts: reveal.js and the plugins, ~38 KiB gzip, and the complete
 * stylesheet: reveal.css, the theme, every plugin's styles) as a chunk of its own, fetched once this
 * small entry runs. On a slow phone network neither shares bandwidth with the HTML, the first
 * stylesheet and the first font chunk the first slide waits for.
 *
 * The font faces and the phase colors are order-free (@font-face, custom properties on
 * [data-phase]): imported here, they stay in this entry's stylesheet only.
 */
import './styles/first.css';
import 'virtual:deck-fonts.css';
import 'virtual:deck-phases.css';

void import('./main.ts');
