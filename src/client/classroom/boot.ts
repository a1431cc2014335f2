import { CONFIG_ELEMENT_ID, type ClassroomConfig } from '../../shared/classroom-config.ts';
import { QUIZ_LIVE_ATTR } from '../../shared/quiz.ts';

/** What the page knows when the classroom server served it. */
export interface ClassroomBoot {
  config: ClassroomConfig;
  /** The teacher's token (teacher pages only). */
  token?: string;
}

/** The classroom server's config block, if it served the page. */
function configElement(): Element | null {
  // A <script> selector: a slide heading with {#classroom-config} must not stand in for it.
  return document.querySelector(`script#${CONFIG_ELEMENT_ID}`);
}

/** The page was served by the classroom server: its config block is in it. */
export function hasClassroomConfig(): boolean {
  return configElement() !== null;
}

const tokenKey = (code: string): string => `lecture-deck:classroom-token:${code}`;

/**
 * Run first, synchronously: undefined unless the classroom server injected its config block (the
 * static site and standalone.html have none, so nothing of the classroom loads there). On the
 * teacher's page it moves the token out of the address bar at once (the projector must never show
 * it) into sessionStorage, which the speaker window opened with `S` inherits and which a reload keeps.
 */
export function classroomBoot(): ClassroomBoot | undefined {
  const el = configElement();
  if (!el?.textContent) return undefined;
  let config: ClassroomConfig;
  try {
    config = JSON.parse(el.textContent) as ClassroomConfig;
  } catch {
    return undefined;
  }
  // At once, before any quiz can be answered: quiz slides answer into the live tally instead of
  // judging on the spot (quiz plugin contract, contracts.md).
  document.documentElement.setAttribute(QUIZ_LIVE_ATTR, '');
  let token: string | undefined;
  const m = /^#teacher=([A-Za-z0-9_-]{16,200})$/.exec(location.hash);
  if (m) {
    token = m[1];
    history.replaceState(history.state, '', location.pathname + location.search);
    try {
      sessionStorage.setItem(tokenKey(config.code), token!);
    } catch {
      // No storage: the token lives in this page only (a reload needs the teacher URL again).
    }
  } else {
    try {
      token = sessionStorage.getItem(tokenKey(config.code)) ?? undefined;
    } catch {
      token = undefined;
    }
  }
  return { config, token };
}

/** Forgets a token the server refused (a stale tab from an earlier run). */
export function forgetToken(code: string): void {
  try {
    sessionStorage.removeItem(tokenKey(code));
  } catch {
    // Nothing stored.
  }
}
