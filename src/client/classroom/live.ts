import type { RevealApi } from 'reveal.js';
import type { Position, Role, ServerMessage } from '../../shared/classroom-protocol.ts';
import { QUIZ_ANSWER_EVENT, QUIZ_REVEAL_EVENT, type QuizAnswerDetail } from '../../shared/quiz.ts';
import { readDeckData } from '../deck-data.ts';
import { onShortcut, overlayOpen } from '../shortcuts.ts';
import { pressed } from '../keymap.ts';
import { uiLang } from '../i18n.ts';
import { forgetToken, type ClassroomBoot } from './boot.ts';
import { openLiveLink, studentId, type LinkStatus } from './connection.ts';
import { classroomWords } from './words.ts';
import '../styles/classroom.css';


/**
 * The deck page in a live classroom. Teacher (opened with the token): every slide and fragment
 * change goes to the server; `J` shows the join overlay. Student: the deck follows the teacher
 * while "live"; moving on one's own switches to browsing, and 「ライブに戻る」 (or `L`) snaps back;
 * quiz answers go to the teacher's tally, and the teacher's reveal shows the answer here.
 */
export function startLive(reveal: RevealApi, boot: ClassroomBoot): void {
  const t = classroomWords(uiLang(readDeckData().meta.lang));
  const html = document.documentElement;
  let role: Role = boot.token ? 'teacher' : 'student';
  let token = boot.token;
  const id = studentId(boot.config.code);
  html.dataset.classroom = role;

  let live: Position | null = null;
  let following = true;
  let applying = false;
  let students = 0;
  let notice = '';
  const revealedHere = new Set<number>();
  const revealedOnServer = new Set<number>();
  /** This page's answers, re-sent after a reconnect (a restarted server has forgotten them). */
  const mine = new Map<number, number[]>();

  // The bar: a status badge and the 「ライブに戻る」 button.
  const bar = document.createElement('div');
  bar.className = 'classroom-bar';
  const badge = document.createElement('span');
  badge.className = 'classroom-badge';
  badge.setAttribute('role', 'status');
  badge.setAttribute('aria-label', t.status);
  const back = document.createElement('button');
  back.type = 'button';
  back.className = 'classroom-back';
  back.textContent = t.backToLive;
  back.title = t.backToLiveKey;
  back.hidden = true;
  bar.append(badge, back);
  document.body.append(bar);

  const here = (): Position => {
    const { h, f } = reveal.getIndices();
    return { h, f: f ?? -1 };
  };
  const atLive = (): boolean => !!live && here().h === live.h && here().f === live.f;

  let status: LinkStatus = 'connecting';
  const render = (): void => {
    const state = status !== 'open' ? (status === 'offline' ? 'offline' : 'connecting') : role === 'teacher' || following ? 'live' : 'browsing';
    badge.dataset.state = state;
    const label =
      state === 'offline' ? t.offline : state === 'connecting' ? t.connecting : role === 'teacher' ? t.liveWith(students) : state === 'live' ? t.live : t.browsing;
    badge.textContent = notice || label;
    back.hidden = role !== 'student' || following || !live;
    html.dataset.classroom = role;
  };

  const apply = (p: Position): void => {
    applying = true;
    try {
      reveal.slide(p.h, 0, p.f);
    } finally {
      applying = false;
    }
  };
  const backToLive = (): void => {
    following = true;
    if (live) apply(live);
    render();
  };
  back.addEventListener('click', backToLive);

  const revealQuiz = (h: number): void => {
    revealedOnServer.add(h);
    if (revealedHere.has(h)) return;
    const section = reveal.getSlide(h);
    if (!section) return;
    revealedHere.add(h);
    section.dispatchEvent(new CustomEvent(QUIZ_REVEAL_EVENT));
  };

  const link = openLiveLink({
    hello: () => (role === 'teacher' && token ? { type: 'hello', role: 'teacher', token } : { type: 'hello', role: 'student', id }),
    onStatus: (s) => {
      status = s;
      render();
    },
    onMessage: (m: ServerMessage) => {
      switch (m.type) {
        case 'welcome':
          students = m.students;
          for (const h of m.revealed) revealQuiz(h);
          if (role === 'teacher') {
            // The teacher's deck is where the lecture is: after a (re)connect the server learns it here.
            link.send({ type: 'go', ...here() });
          } else {
            live = m.live;
            for (const [h, selected] of mine) if (!revealedOnServer.has(h)) link.send({ type: 'answer', h, selected });
            if (following && live) apply(live);
          }
          break;
        case 'live':
          if (role === 'student') {
            live = { h: m.h, f: m.f };
            if (following) apply(live);
          }
          break;
        case 'reveal':
          revealQuiz(m.h);
          break;
        case 'presence':
          students = m.students;
          break;
        case 'denied':
          // A stale teacher link (an earlier run's token): carry on as a student.
          forgetToken(boot.config.code);
          token = undefined;
          role = 'student';
          notice = t.denied;
          setTimeout(() => {
            notice = '';
            render();
          }, 8000);
          break;
        case 'tally':
          break;
      }
      render();
    },
  });

  const moved = (): void => {
    if (role === 'teacher') {
      link.send({ type: 'go', ...here() });
      return;
    }
    if (applying) return;
    // The student moved on their own: browsing until they come back to the live slide.
    following = atLive();
    render();
  };
  for (const type of ['slidechanged', 'fragmentshown', 'fragmenthidden']) reveal.on(type, moved);

  document.addEventListener(QUIZ_ANSWER_EVENT, (e) => {
    if (role !== 'student') return;
    const detail = (e as CustomEvent<QuizAnswerDetail>).detail;
    if (!detail || !Number.isInteger(detail.index) || !Array.isArray(detail.selected)) return;
    if (revealedOnServer.has(detail.index)) return;
    const selected = detail.selected.filter((c) => Number.isInteger(c) && c >= 0);
    mine.set(detail.index, selected);
    link.send({ type: 'answer', h: detail.index, selected });
  });

  onShortcut(
    (e) => pressed(e, 'classroomLive') && role === 'student' && !overlayOpen(),
    backToLive,
  );
  onShortcut(
    (e) => pressed(e, 'classroomJoin') && role === 'teacher' && (!overlayOpen() || document.querySelector('dialog.classroom-join[open]') !== null),
    () => void import('./join-overlay.ts').then((m) => m.toggleJoinOverlay(boot.config, () => students, t)),
  );
  render();
}
