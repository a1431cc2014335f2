import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';
import './styles/theme.css';
import 'virtual:deck-phases.css';
import { readDeckData } from './deck-data.ts';
import { HotUpdate } from './hot-update.ts';

const deck = readDeckData();

const reveal = new Reveal({
  hash: true,
  // 16:9 canvas; slide sizes in the theme are designed for it.
  width: 1280,
  height: 720,
  margin: 0.04,
  center: false,
  controls: true,
  progress: false,
  slideNumber: 'c/t',
  transition: 'slide',
  plugins: [HotUpdate],
});
void reveal.initialize();
(window as unknown as { Reveal: typeof reveal; deck: typeof deck }).Reveal = reveal;
