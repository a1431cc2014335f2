import { describe, expect, it } from 'vitest';
import { GuessLimit } from '../../src/node/classroom/guess-limit.ts';
import { Room } from '../../src/node/classroom/room.ts';
import { CODE_ALPHABET, newSecrets, sameCode, sameSecret } from '../../src/node/classroom/secrets.ts';
import { MAX_CHOICES, parseClientMessage, parseServerMessage } from '../../src/shared/classroom-protocol.ts';

describe('classroom protocol', () => {
  it('accepts only the documented client messages', () => {
    expect(parseClientMessage('{"type":"go","h":3,"f":-1}')).toEqual({ type: 'go', h: 3, f: -1 });
    expect(parseClientMessage('{"type":"answer","h":2,"selected":[2,0]}')).toEqual({ type: 'answer', h: 2, selected: [0, 2] });
    for (const bad of [
      'not json',
      'null',
      '[]',
      '{"type":"explode"}',
      '{"type":"go","h":"3","f":0}',
      '{"type":"go","h":1.5,"f":0}',
      '{"type":"go","h":-1,"f":0}',
      '{"type":"answer","h":2,"selected":[1,1]}',
      `{"type":"answer","h":2,"selected":[${MAX_CHOICES}]}`,
      '{"type":"hello","role":"teacher"}',
      '{"type":"hello","role":"admin","token":"x"}',
      `{"type":"hello","role":"student","id":"${'x'.repeat(65)}"}`,
      '{"__proto__":{"type":"go"},"h":1,"f":1}',
    ]) {
      expect(parseClientMessage(bad), bad).toBeUndefined();
    }
    expect(parseServerMessage('{"type":"live","h":1,"f":0}')).toEqual({ type: 'live', h: 1, f: 0 });
    expect(parseServerMessage('{"type":"welcome","role":"root","live":null,"revealed":[],"students":0,"tallies":[]}')).toBeUndefined();
  });

  it('makes random secrets: a 256-bit token and a 6-character code without look-alike characters', () => {
    const a = newSecrets();
    const b = newSecrets();
    expect(a.token).not.toBe(b.token);
    expect(Buffer.from(a.token, 'base64url')).toHaveLength(32);
    expect(a.code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{6}$`));
    expect(CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(sameSecret(a.token, a.token)).toBe(true);
    expect(sameSecret(a.token.slice(0, -1), a.token)).toBe(false);
    expect(sameSecret('', a.token)).toBe(false);
    expect(sameCode(a.code.toLowerCase(), a.code)).toBe(true);
  });
});

describe('classroom room (in-memory state)', () => {
  it('tallies one answer per page, replaces changed answers, closes a slide on reveal', () => {
    const room = new Room([{}, { quizChoices: 3 }, {}]);
    expect(room.answer(1, 'p1', [1])).toEqual({ h: 1, counts: [0, 1, 0], answered: 1 });
    room.answer(1, 'p2', [0]);
    expect(room.answer(1, 'p2', [1])).toEqual({ h: 1, counts: [0, 2, 0], answered: 2 });
    // Out of range for the quiz, or a slide that does not exist: refused.
    expect(room.answer(1, 'p3', [3])).toBeUndefined();
    expect(room.answer(7, 'p3', [0])).toBeUndefined();
    // A slide that is no quiz takes no answers.
    expect(room.answer(0, 'p3', [0])).toBeUndefined();
    expect(room.reveal(1)).toBe(true);
    expect(room.reveal(1)).toBe(false);
    expect(room.answer(1, 'p3', [1])).toBeUndefined();
    expect(room.tallies()).toEqual([{ h: 1, counts: [0, 2, 0], answered: 2 }]);
    expect(room.go({ h: 2, f: 0 })).toBe(true);
    expect(room.go({ h: 3, f: 0 })).toBe(false);
    expect(room.live).toEqual({ h: 2, f: 0 });
  });
});

describe('classroom guess limit', () => {
  it('locks every join attempt after too many wrong codes, until the window cools', () => {
    let now = 0;
    const limit = new GuessLimit(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limit.locked()).toBe(false);
      limit.failed();
    }
    expect(limit.locked()).toBe(true);
    now = 999;
    expect(limit.locked()).toBe(true);
    now = 1001;
    expect(limit.locked()).toBe(false);
  });
});
