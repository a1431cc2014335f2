import './styles/deck-errors.css';
import { DECK_UPDATE_EVENT } from '../shared/hmr.ts';

/**
 * Dev only: the vite plugin rendered the deck's errors instead of slides. Show them as a page
 * (vite's overlay can be dismissed) and reload once the deck compiles again, since there is
 * no running deck to update in place.
 */
export function showDeckErrors(): void {
  document.documentElement.classList.add('deck-has-errors');
  import.meta.hot?.on(DECK_UPDATE_EVENT, () => location.reload());
}
