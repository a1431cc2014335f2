import Reveal from 'reveal.js';
import 'reveal.js/reveal.css';
import 'virtual:deck-fonts.css';
import './styles/theme.css';
import './styles/first-paint.css';
import 'virtual:deck-phases.css';
// Here, not only in phase-bar.ts: the same place in the cascade as in styles/first.css.
import './styles/phase-bar.css';
import { classroomBoot } from './classroom/boot.ts';
import { LiveClassroom } from './classroom/plugin.ts';
import { Furigana } from './furigana.ts';
import { Glossary, plainTerms } from './glossary.ts';
import { Help } from './help.ts';
import { overlayOpen } from './shortcuts.ts';
import { Fit } from './fit/plugin.ts';
import { HotUpdate } from './hot-update.ts';
import { registerOffline } from './offline.ts';
import { PhaseBar } from './phase-bar.ts';
import { PhoneTip } from './phone-tip.ts';
import { Quiz } from './quiz.ts';
import { Print } from './print.ts';
import { READING_CLASS, ReadingView } from './reading-view.ts';
import { Resume } from './resume.ts';
import { SpeakerLink } from './speaker/link.ts';
import { Receiver } from './speaker/receiver.ts';
import { inTasks, nextFrame, nextTask } from './start-up.ts';
import { startFonts } from './fit/fonts.ts';
import { dropPinnedQuery } from './pinned-config.ts';
import { markPlainBackgrounds } from './plain-backgrounds.ts';
import { lazyOverlayStyles } from './overlay-styles.ts';
import { presetLayoutVars } from './layout-vars.ts';

// Motion-sensitive viewers get no slide animation (the theme also drops CSS transitions).
const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * One page, four uses, picked by `?view=`:
 *   (none)    the deck: phase bar, resume, help, reading view (R), speaker view (S), print
 *   reading   the same, starting in the reading view
 *   speaker   the speaker console instead of the deck (loaded on demand, no reveal.js)
 *   receiver  a slide preview inside the speaker console (no controls, follows its parent)
 */
const view = new URLSearchParams(location.search).get('view');
// Served by `npm run classroom` (and not a preview inside the speaker console): the live classroom.
const classroom = view === 'receiver' ? undefined : classroomBoot();

registerOffline();

if (!document.querySelector('script#deck-data')) {
  // Dev with an invalid deck: the page holds the errors (also in vite's overlay), no deck to run.
  void import('./deck-errors.ts').then((m) => m.showDeckErrors());
} else if (view === 'speaker') {
  document.documentElement.classList.add('speaker-view');
  // The console shows notes from this page's slides: glossary uses there are plain text.
  plainTerms();
  void import('./speaker-view.ts').then((m) => {
    m.startSpeakerView();
    if (classroom) void import('./classroom/speaker-panel.ts').then((p) => p.startSpeakerPanel(classroom));
  });
} else {
  const receiver = view === 'receiver';
  // Started as soon as it can, as reveal.js does, and with its own view distances: the print view
  // (the PDF exporter), which lays out every slide at once and loads every face itself (print.ts),
  // and the speaker console's previews, which must follow the console at once.
  const plainStart = receiver || /print-pdf/i.test(location.search);
  const plugins = receiver
    ? [HotUpdate, Fit(), PhaseBar({ interactive: false, persist: false }), Glossary({ interactive: false }), Furigana(), Receiver(), Quiz()]
    : [
        HotUpdate,
        Fit(),
        // In a live classroom the lecture decides the slide, not the last visit.
        ...(classroom ? [LiveClassroom(classroom)] : [Resume()]),
        PhaseBar(),
        Help(),
        Glossary(),
        Furigana(),
        ReadingView(),
        SpeakerLink(),
        PhoneTip(),
        Quiz(),
        Print,
      ];
  dropPinnedQuery();
  // 16:9 canvas; slide sizes in the theme are designed for it.
  const canvas = { width: 1280, height: 720, margin: 0.04 };
  const reveal = new Reveal({
    hash: true,
    ...canvas,
    center: false,
    controls: !receiver,
    progress: false,
    // The phase bar shows "n / total".
    slideNumber: false,
    transition: reduceMotion || receiver ? 'none' : 'slide',
    backgroundTransition: reduceMotion || receiver ? 'none' : 'fade',
    // Our help overlay (help.ts) replaces reveal.js's on `?`.
    help: false,
    // reveal.js's postMessage API would let any window that holds a reference to this one call any
    // API method; the speaker view uses its own, checked messages (speaker/protocol.ts).
    postMessage: false,
    // Phones get the swipeable deck too (reveal.js would switch to its scroll view below 435 px);
    // reading alone has its own view (R).
    scrollActivationWidth: 0,
    keyboard: !receiver,
    touch: !receiver,
    // While the reading view or one of our dialogs is open, reveal.js's keys stay off.
    keyboardCondition: () => !document.documentElement.classList.contains(READING_CLASS) && !overlayOpen(),
    // reveal.js shows (and lays out) only the slide on screen when it starts; its neighbours follow
    // in a task of their own (below).
    ...(plainStart ? {} : { viewDistance: 1, mobileViewDistance: 1 }),
    // Each plugin starts in a task of its own, reveal.js after a frame (start-up.ts): one long task
    // otherwise. Its layout's custom properties are in before that frame (layout-vars.ts).
    plugins: plainStart ? plugins : inTasks(plugins, () => presetLayoutVars(canvas)),
  });
  (window as unknown as { Reveal: typeof reveal }).Reveal = reveal;
  // reveal.js lays out the slide in the URL and its neighbours when it starts: with their faces in
  // (fit/fonts.ts), and after a frame has styled the page with this module's stylesheet.
  const slides = [...document.querySelectorAll<HTMLElement>('.reveal .slides > section')];
  // Spares reveal.js a style look-up per slide for its contrast classes (same classes).
  markPlainBackgrounds(slides);
  lazyOverlayStyles(reveal.getRevealElement());
  if (plainStart) void reveal.initialize();
  else void Promise.all([startFonts(slides, 3), nextFrame()]).then(() => reveal.initialize());
  if (!plainStart)
    reveal.on('ready', () => {
      void nextTask().then(() => {
        // reveal.js's own distances (3, phones 2): the next slides shown, so they slide in when
        // stepped to. Unless something configured other distances meanwhile (a check that lays out
        // every slide).
        const config = reveal.getConfig();
        if (config.viewDistance !== 1 || config.mobileViewDistance !== 1) return;
        Object.assign(config, { viewDistance: 3, mobileViewDistance: 2 });
        const { h, v, f } = reveal.getIndices();
        reveal.slide(h, v, f);
      });
    });
}
