import { titledRegion } from '../dom.ts';
import type { Tally } from '../../shared/classroom-protocol.ts';
import type { ClientDeck } from '../../deck/model.ts';
import { readDeckData } from '../deck-data.ts';
import { uiLang } from '../i18n.ts';
import type { ClassroomBoot } from './boot.ts';
import { openLiveLink } from './connection.ts';
import { classroomWords } from './words.ts';
import '../styles/classroom.css';

/** The client model may carry quiz facts per slide (quiz plugin contract); older builds do not. */
type QuizFacts = { quiz?: { choices: number; correct: number[] } };

/**
 * The speaker console's live-classroom panel: students connected and, on a quiz slide, the live
 * tally per choice (count and bar) with a button that reveals the answer on every screen. It opens
 * its own teacher connection (the token is in this window's sessionStorage, copied from the deck
 * window that opened it) and follows the live slide the server reports.
 */
export function startSpeakerPanel(boot: ClassroomBoot): void {
  const deck: ClientDeck = readDeckData();
  const t = classroomWords(uiLang(deck.meta.lang));
  const { box: panel, heading: head } = titledRegion('section', 'classroom-panel', 'classroom-panel-title', t.panel);
  const count = document.createElement('p');
  count.className = 'classroom-count';
  count.setAttribute('role', 'status');
  const body = document.createElement('div');
  body.className = 'classroom-tally';
  panel.append(head, count, body);
  const side = document.querySelector('.speaker-side');
  const time = side?.querySelector('.speaker-time');
  if (side && time) side.insertBefore(panel, time);
  else (side ?? document.body).append(panel);

  if (!boot.token) {
    count.textContent = t.notTeacher;
    return;
  }

  let students = 0;
  let h = -1;
  let online = false;
  const tallies = new Map<number, Tally>();
  const revealed = new Set<number>();

  const section = (i: number): HTMLElement | undefined =>
    document.querySelectorAll<HTMLElement>('.reveal .slides > section')[i] ?? undefined;
  const isQuiz = (i: number): boolean => !!(deck.slides[i] as QuizFacts | undefined)?.quiz || !!section(i)?.hasAttribute('data-quiz');
  /** Choice labels from the slide itself (the buttons' text), else numbered. */
  const labels = (i: number, n: number): string[] => {
    const buttons = Array.from(section(i)?.querySelectorAll<HTMLElement>('[data-choice]') ?? []);
    const known = (deck.slides[i] as QuizFacts | undefined)?.quiz?.choices;
    const total = Math.max(n, known ?? 0, buttons.length);
    const text = (b: HTMLElement | undefined): string | undefined => (b?.querySelector('.quiz-text') ?? b)?.textContent?.trim();
    return Array.from({ length: total }, (_, c) => text(buttons.find((b) => b.dataset.choice === String(c))) || t.choice(c));
  };

  const reveal = document.createElement('button');
  reveal.type = 'button';
  reveal.className = 'classroom-reveal';
  reveal.addEventListener('click', () => {
    if (h >= 0) link.send({ type: 'reveal', h });
  });

  const render = (): void => {
    count.textContent = online ? t.students(students) : t.connecting;
    if (h < 0 || !isQuiz(h)) {
      body.replaceChildren();
      body.hidden = true;
      return;
    }
    body.hidden = false;
    const tally = tallies.get(h) ?? { h, counts: [], answered: 0 };
    const title = document.createElement('h3');
    title.textContent = `${t.tally} · ${t.answered(tally.answered)}`;
    const list = document.createElement('ol');
    list.className = 'classroom-choices';
    const correct = (deck.slides[h] as QuizFacts | undefined)?.quiz?.correct ?? [];
    labels(h, tally.counts.length).forEach((label, c) => {
      const n = tally.counts[c] ?? 0;
      const li = document.createElement('li');
      const right = revealed.has(h) && correct.includes(c);
      if (right) li.dataset.correct = '';
      const name = document.createElement('span');
      name.className = 'classroom-choice-label';
      // Marked in words too, not by the outline's color alone.
      name.textContent = right ? `✓ ${label}` : label;
      const barBox = document.createElement('span');
      barBox.className = 'classroom-choice-bar';
      barBox.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      // CSSOM, not a style attribute: the page's CSP allows only the former.
      fill.style.setProperty('--share', String(tally.answered ? n / tally.answered : 0));
      barBox.append(fill);
      const num = document.createElement('span');
      num.className = 'classroom-choice-count';
      num.textContent = String(n);
      li.append(name, barBox, num);
      list.append(li);
    });
    reveal.textContent = revealed.has(h) ? t.revealed : t.reveal;
    reveal.disabled = revealed.has(h) || !online;
    body.replaceChildren(title, list, reveal);
  };

  const link = openLiveLink({
    hello: () => ({ type: 'hello', role: 'teacher', token: boot.token! }),
    onStatus: (s) => {
      online = s === 'open';
      render();
    },
    onMessage: (m) => {
      if (m.type === 'welcome') {
        students = m.students;
        if (m.live) h = m.live.h;
        for (const r of m.revealed) revealed.add(r);
        for (const tally of m.tallies) tallies.set(tally.h, tally);
      } else if (m.type === 'live') h = m.h;
      else if (m.type === 'presence') students = m.students;
      else if (m.type === 'tally') tallies.set(m.tally.h, m.tally);
      else if (m.type === 'reveal') revealed.add(m.h);
      else if (m.type === 'denied') {
        link.stop();
        count.textContent = t.notTeacher;
        return;
      }
      render();
    },
  });
  render();
}
