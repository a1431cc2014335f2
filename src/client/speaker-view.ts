import type { ClientDeck, Phase } from '../deck/model.ts';
import { DECK_UPDATE_EVENT, type DeckUpdate } from '../shared/hmr.ts';
import { readDeckData } from './deck-data.ts';
import { el, slideFromHash } from './dom.ts';
import { formatDuration, pace, phaseTime, slideWindows } from './pacing.ts';
import { phaseAt } from './phase-bar/model.ts';
import { speakerQuiz } from './quiz/speaker.ts';
import { moveAlone, onSpeakerKey } from './speaker/keys.ts';
import { CHANNEL, post } from './speaker/protocol.ts';
import { speakerWords } from './speaker/strings.ts';
import { storedTimer } from './speaker/timer-store.ts';
import { connectToDeck, type StateMessage } from './speaker/transport.ts';
import './styles/speaker.css';

/**
 * The speaker console (`?view=speaker`, opened with `S`; loaded on demand, so it costs the deck
 * nothing): the current and next slide as previews (`?view=receiver` iframes of this same page),
 * the current slide's notes (from the pre-rendered `<aside class="notes">` already in this page),
 * a clock, a stopwatch, and pacing from the model. Keys pressed here drive the deck window.
 * Its words, stopwatch storage, link to the deck window and keys are in speaker/.
 */

function chip(p: Phase): HTMLElement {
  const c = el('span', 'speaker-chip', p.label);
  c.style.setProperty('--phase-color', p.color);
  c.style.setProperty('--phase-ink', p.ink);
  return c;
}

export function startSpeakerView(): void {
  let deck: ClientDeck = readDeckData();
  let t = speakerWords(deck.meta.lang);
  let windows = slideWindows(deck);
  let h = Math.min(slideFromHash() ?? 0, deck.slides.length - 1);
  let f = -1;
  let paused = false;
  let lastReported: number | undefined;

  const { timer, save: saveTimer } = storedTimer(deck);
  timer.setPhase(phaseAt(deck, h).id, Date.now());

  // Layout.
  document.title = `${t.title} — ${deck.meta.title}`;
  const root = el('main', 'speaker');
  const receiver = (i: number): string => `${location.pathname}?view=receiver#/${i}`;
  const preview = (label: string, i: number): HTMLIFrameElement => {
    const frame = el('iframe', 'speaker-frame');
    frame.title = label;
    frame.tabIndex = -1;
    frame.src = receiver(i);
    return frame;
  };
  const current = el('section', 'speaker-current');
  current.setAttribute('aria-label', t.current);
  const currentFrame = preview(t.current, h);
  current.append(currentFrame);

  const notes = el('section', 'speaker-notes');
  const notesHead = el('h2', 'speaker-notes-head');
  const notesBody = el('div', 'speaker-notes-body');
  notes.append(notesHead, notesBody);

  const side = el('div', 'speaker-side');
  const next = el('section', 'speaker-next');
  const nextHead = el('h2', 'speaker-next-head');
  const nextBox = el('div', 'speaker-next-box');
  const nextFrame = preview(t.next, Math.min(h + 1, deck.slides.length - 1));
  const nextEnd = el('p', 'speaker-next-end', t.end);
  nextBox.append(nextFrame, nextEnd);
  next.append(nextHead, nextBox);

  const time = el('section', 'speaker-time');
  const clock = el('div', 'speaker-clock');
  // role=timer: a live clock that may carry a name (aria-label on a plain div is prohibited).
  clock.setAttribute('role', 'timer');
  clock.setAttribute('aria-label', t.clock);
  const stopwatch = el('div', 'speaker-stopwatch');
  const elapsed = el('span', 'speaker-elapsed');
  elapsed.setAttribute('role', 'timer');
  elapsed.setAttribute('aria-label', t.elapsed);
  const startPause = el('button', 'speaker-start');
  startPause.type = 'button';
  const reset = el('button', 'speaker-reset', t.reset);
  reset.type = 'button';
  stopwatch.append(elapsed, startPause, reset);
  const paceLine = el('div', 'speaker-pace');
  const budgetLine = el('div', 'speaker-phase-budget');
  const phaseList = el('table', 'speaker-phases');
  const status = el('p', 'speaker-status');
  status.setAttribute('role', 'status');
  time.append(clock, stopwatch, paceLine, budgetLine, phaseList, status);
  side.append(next, time);
  root.append(current, side, notes);
  document.body.append(root);

  startPause.addEventListener('click', () => {
    const now = Date.now();
    if (timer.running) timer.pause(now);
    else timer.start(now);
    saveTimer();
    renderTime();
  });
  reset.addEventListener('click', () => {
    timer.reset();
    saveTimer();
    renderTime();
  });

  // Rendering.
  const sections = (): HTMLElement[] => Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides > section'));

  const show = (): void => {
    post(currentFrame.contentWindow, { channel: CHANNEL, kind: 'show', h, f });
    // The next slide fully built: what comes, not how it unfolds.
    if (h + 1 < deck.slides.length) post(nextFrame.contentWindow, { channel: CHANNEL, kind: 'show', h: h + 1, f: Number.MAX_SAFE_INTEGER });
  };

  const renderTime = (): void => {
    const now = Date.now();
    clock.textContent = new Date(now).toLocaleTimeString(deck.meta.lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const secs = timer.elapsed(now);
    elapsed.textContent = `${formatDuration(secs)} / ${formatDuration(deck.meta.duration * 60)}`;
    startPause.textContent = timer.running ? t.pause : t.start;
    startPause.setAttribute('aria-pressed', String(timer.running));

    const p = pace(windows, h, secs);
    paceLine.dataset.status = p.status;
    paceLine.replaceChildren(
      el('span', 'speaker-pace-plan', `${t.planned} ${formatDuration(p.start)}–${formatDuration(p.end)}`),
      el(
        'strong',
        'speaker-pace-delta',
        p.status === 'on-time' ? `${t.onTime} (${t.left} ${formatDuration(p.end - secs)})` : `${formatDuration(p.delta)} ${p.status === 'ahead' ? t.ahead : t.behind}`,
      ),
    );

    const phase = phaseAt(deck, h);
    const pt = phaseTime(phase.minutes, timer.usedIn(phase.id, now));
    budgetLine.dataset.over = String(pt.left < 0);
    budgetLine.replaceChildren(
      chip(phase),
      el(
        'span',
        '',
        `${t.budget} ${formatDuration(pt.budget)} · ${t.used} ${formatDuration(pt.used)} · ${pt.left < 0 ? `${t.over} ${formatDuration(-pt.left)}` : `${t.left} ${formatDuration(pt.left)}`}`,
      ),
    );

    const body = document.createElement('tbody');
    for (const ph of deck.phases) {
      const row = body.insertRow();
      if (ph === phase) row.setAttribute('aria-current', 'step');
      const used = timer.usedIn(ph.id, now);
      row.insertCell().append(chip(ph));
      const cell = row.insertCell();
      cell.textContent = `${formatDuration(used)} / ${formatDuration(ph.minutes * 60)}`;
      if (used > ph.minutes * 60) cell.className = 'speaker-over';
    }
    const caption = phaseList.caption ?? phaseList.createCaption();
    caption.textContent = t.phases;
    phaseList.tBodies[0]?.remove();
    phaseList.append(body);
  };

  const render = (): void => {
    const slide = deck.slides[h];
    const section = sections()[h];
    notesHead.textContent = `${t.notes} · ${h + 1} / ${deck.slides.length}${slide?.title ? ` — ${slide.title}` : ''}`;
    const aside = section?.querySelector('aside.notes');
    if (aside) notesBody.replaceChildren(...Array.from(aside.childNodes, (n) => n.cloneNode(true)));
    else notesBody.replaceChildren(el('p', 'speaker-empty', t.noNotes));
    // Quiz and activity slides: the answer and the activity's countdown under the notes.
    const quiz = speakerQuiz(deck, h, section);
    if (quiz) notesBody.append(quiz);
    notesBody.scrollTop = 0;
    const following = deck.slides[h + 1];
    nextHead.textContent = following ? `${t.next} · ${h + 2} — ${following.title}` : t.next;
    nextBox.dataset.end = String(!following);
    root.dataset.paused = String(paused);
    status.textContent = [paused ? t.paused : '', link.linked() ? '' : t.detached].filter(Boolean).join(' · ');
    show();
    renderTime();
  };

  // The deck window reports; the previews say when they can be told what to show.
  const onState = (m: StateMessage): void => {
    const now = Date.now();
    // The first move after the speaker window opened starts the stopwatch (if nobody did).
    if (lastReported !== undefined && m.h !== lastReported && timer.pristine) timer.start(now);
    lastReported = m.h;
    h = Math.min(Math.max(m.h, 0), deck.slides.length - 1);
    f = m.f;
    paused = m.paused;
    timer.setPhase(phaseAt(deck, h).id, now);
    saveTimer();
    render();
  };
  const link = connectToDeck({
    state: onState,
    receiverReady(from) {
      if (from === currentFrame.contentWindow || from === nextFrame.contentWindow) show();
    },
  });
  setInterval(renderTime, 1000);

  onSpeakerKey((command) => {
    if (link.send(command)) return;
    // Standalone (opened directly, or the deck window was closed): move this console only.
    ({ h, paused } = moveAlone(command, h, deck.slides.length - 1, paused));
    f = -1;
    timer.setPhase(phaseAt(deck, h).id, Date.now());
    history.replaceState(history.state, '', `#/${h}`);
    render();
  });

  // Dev: the deck window applies hot updates itself (hot-update.ts); this page has no reveal.js,
  // so it takes the new slides and model here.
  if (import.meta.hot) {
    import.meta.hot.on(DECK_UPDATE_EVENT, (update: DeckUpdate) => {
      const slides = document.querySelector('.reveal .slides');
      if (slides) slides.innerHTML = update.slides.join('\n');
      // script#deck-data, not getElementById: a slide heading {#deck-data} must not shadow it.
      const data = document.querySelector('script#deck-data');
      if (data) data.textContent = update.data;
      deck = readDeckData();
      t = speakerWords(deck.meta.lang);
      windows = slideWindows(deck);
      h = Math.min(h, deck.slides.length - 1);
      render();
    });
  }

  render();
}
