/**
 * Live classroom: the messages between the classroom server (src/node/classroom) and the pages it
 * serves (src/client/classroom), as JSON text frames over one WebSocket per page. Both sides parse
 * what they receive with the functions below, which accept only these shapes (anything else is
 * dropped). It imports only classroom-config.ts: it is the contract, usable on both sides.
 */

/** Bytes of one frame the server accepts; a larger frame closes the connection (1009). */
export const MAX_MESSAGE_BYTES = 4096;
/** Per connection: a token bucket of this many messages, refilled at `perSecond`. */
export const RATE_LIMIT = { burst: 40, perSecond: 20 } as const;
/** The same for a connection that proved to be the teacher (fast clicking through fragments). */
export const TEACHER_RATE_LIMIT = { burst: 200, perSecond: 100 } as const;
/** Highest number of choices a quiz answer may name (the deck model bounds each quiz further). */
export const MAX_CHOICES = 16;
/** The WebSocket endpoint, relative to the deck page's folder (`/<join code>/live`). */
export const LIVE_PATH = 'live';
// The config block the server adds to each page: in a module of its own (see there).
export { CONFIG_ELEMENT_ID, type ClassroomConfig } from './classroom-config.ts';

export type Role = 'teacher' | 'student';

/** Where the live lecture is: reveal.js's horizontal index and fragment step (-1: none shown). */
export interface Position {
  h: number;
  f: number;
}

export interface Tally {
  h: number;
  /** Answers per choice (a student choosing two choices counts in both). */
  counts: number[];
  /** Students who answered. */
  answered: number;
}

export type ClientMessage =
  /** Teacher pages (deck and speaker view) prove themselves with the run's token. */
  | { type: 'hello'; role: 'teacher'; token: string }
  /**
   * Students name a random id made by their page (kept in sessionStorage), so a reconnecting page
   * replaces its earlier answers instead of counting twice. No name, nothing personal.
   */
  | { type: 'hello'; role: 'student'; id: string }
  /** Teacher deck → everyone: the slide and fragment now shown. */
  | { type: 'go'; h: number; f: number }
  /** Teacher → everyone: show the correct answer of quiz slide h (answers close). */
  | { type: 'reveal'; h: number }
  /** Student: my choices on quiz slide h (0-based, as `data-choice`); replaces earlier ones. */
  | { type: 'answer'; h: number; selected: number[] };

export type ServerMessage =
  /** After a hello: the current state, for catching up after a (re)connect. */
  | { type: 'welcome'; role: Role; live: Position | null; revealed: number[]; students: number; tallies: Tally[] }
  /** The teacher moved (to everyone). */
  | { type: 'live'; h: number; f: number }
  /** Quiz slide h's answer is revealed (to everyone). */
  | { type: 'reveal'; h: number }
  /** Connected students (to teachers). */
  | { type: 'presence'; students: number }
  /** A quiz slide's answers changed (to teachers). */
  | { type: 'tally'; tally: Tally }
  /** A teacher hello with a wrong token (the connection is closed after it). */
  | { type: 'denied' };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown, max = 100_000): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max;
const isStep = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= -1 && (v as number) <= 10_000;
const isShortString = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isChoices = (v: unknown): v is number[] =>
  Array.isArray(v) && v.length <= MAX_CHOICES && v.every((c) => isIndex(c, MAX_CHOICES - 1)) && new Set(v).size === v.length;

/** JSON text → its top-level object, or undefined (bad JSON, or not an object). */
function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const m: unknown = JSON.parse(text);
    return isObject(m) ? m : undefined;
  } catch {
    return undefined;
  }
}

/** JSON text → a message a client may send, or undefined (bad JSON, unknown type, wrong fields). */
export function parseClientMessage(text: string): ClientMessage | undefined {
  const m = jsonObject(text);
  if (!m) return undefined;
  switch (m.type) {
    case 'hello':
      if (m.role === 'teacher' && isShortString(m.token, 200)) return { type: 'hello', role: 'teacher', token: m.token };
      if (m.role === 'student' && isShortString(m.id, 64)) return { type: 'hello', role: 'student', id: m.id };
      return undefined;
    case 'go':
      return isIndex(m.h) && isStep(m.f) ? { type: 'go', h: m.h, f: m.f } : undefined;
    case 'reveal':
      return isIndex(m.h) ? { type: 'reveal', h: m.h } : undefined;
    case 'answer':
      return isIndex(m.h) && isChoices(m.selected) ? { type: 'answer', h: m.h, selected: [...m.selected].sort((a, b) => a - b) } : undefined;
    default:
      return undefined;
  }
}

const isTally = (v: unknown): v is Tally =>
  isObject(v) && isIndex(v.h) && Array.isArray(v.counts) && v.counts.every((c) => isIndex(c, 1e6)) && isIndex(v.answered, 1e6);

/** JSON text → a message the server may send, or undefined. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  const m = jsonObject(text);
  if (!m) return undefined;
  switch (m.type) {
    case 'welcome': {
      const live = m.live === null ? null : isObject(m.live) && isIndex(m.live.h) && isStep(m.live.f) ? { h: m.live.h, f: m.live.f } : undefined;
      if (live === undefined || (m.role !== 'teacher' && m.role !== 'student')) return undefined;
      if (!Array.isArray(m.revealed) || !m.revealed.every((h) => isIndex(h))) return undefined;
      if (!isIndex(m.students, 1e6) || !Array.isArray(m.tallies) || !m.tallies.every(isTally)) return undefined;
      return { type: 'welcome', role: m.role, live, revealed: m.revealed, students: m.students, tallies: m.tallies };
    }
    case 'live':
      return isIndex(m.h) && isStep(m.f) ? { type: 'live', h: m.h, f: m.f } : undefined;
    case 'reveal':
      return isIndex(m.h) ? { type: 'reveal', h: m.h } : undefined;
    case 'presence':
      return isIndex(m.students, 1e6) ? { type: 'presence', students: m.students } : undefined;
    case 'tally':
      return isTally(m.tally) ? { type: 'tally', tally: m.tally } : undefined;
    case 'denied':
      return { type: 'denied' };
    default:
      return undefined;
  }
}
