import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { openPage, revealReady, type WatchedPage } from './helpers/browser.ts';

/**
 * The client's shared layer: plugins that listen on window take their listeners away in destroy().
 * (That the speaker console reads the same key map as the deck, IME composition not a key, is
 * checked in a11y.test.ts, on its speaker view.)
 * Uses the default deck that global-setup already built: no build of its own.
 */

describe('plugins clean up after Reveal.destroy()', () => {
  let w: WatchedPage;

  beforeAll(async () => {
    w = await openPage(inject('deckUrl') + '#/1');
    await revealReady(w.page);
    // The speaker window would be a pop-up: record the attempt instead.
    await w.page.evaluate(() => {
      window.opened = 0;
      window.open = () => {
        window.opened = (window.opened ?? 0) + 1;
        return null;
      };
    });
  });
  afterAll(async () => {
    await w?.close();
  });

  const helpOpen = () => w.page.evaluate(() => document.querySelector('dialog.help-dialog[open]') !== null);
  const opened = () => w.page.evaluate(() => window.opened);

  it('the keys work before destroy()', async () => {
    await w.page.keyboard.press('?');
    // Polled, with room: on a loaded machine (the suite runs three files at once) the key may be
    // handled well after press() returns, as the plugin's code loads on first use.
    const busy = { timeout: 10_000 };
    await expect.poll(helpOpen, busy).toBe(true);
    await w.page.keyboard.press('Escape');
    await expect.poll(helpOpen, busy).toBe(false);
    await w.page.keyboard.press('s');
    // This has failed now and then in full runs only (the key never reached the speaker link);
    // the state of the page then says why.
    const state = () => w.page.evaluate(() => ({
      opened: window.opened,
      dialogs: [...document.querySelectorAll('dialog[open]')].map((d) => d.className),
      focus: `${document.activeElement?.tagName}.${document.activeElement?.className}`,
      overview: window.Reveal.isOverview(),
      speakerLink: window.Reveal.getPlugin('speaker-link') !== undefined,
    }));
    await expect.poll(state, busy).toMatchObject({ opened: 1 });
  });

  it('a key pressed while the focus is still in the help that just closed is a shortcut', async () => {
    // Chromium leaves the focus on the help's furigana switch until its next rendering update: a
    // quick Escape then S used to type into that switch (and sometimes failed the test above).
    // Counted from here, so that the test also runs alone (`-t`).
    const before = Number(await opened());
    await w.page.keyboard.press('?');
    await expect.poll(helpOpen, { timeout: 10_000 }).toBe(true);
    const target = await w.page.evaluate(() => {
      const d = document.querySelector<HTMLDialogElement>('dialog.help-dialog')!;
      const focused = document.activeElement!;
      d.close();
      const away = focused.dispatchEvent(new KeyboardEvent('keydown', { key: 's', bubbles: true, cancelable: true }));
      return { tag: focused.tagName, inDialog: d.contains(focused), handled: !away };
    });
    expect(target).toEqual({ tag: 'INPUT', inDialog: true, handled: true });
    expect(await opened()).toBe(before + 1);
  });

  it('after destroy() no plugin answers a key any more', async () => {
    const before = Number(await opened());
    await w.page.evaluate(() => window.Reveal.destroy());
    await w.page.keyboard.press('?');
    await w.page.keyboard.press('s');
    await w.page.keyboard.press('r');
    // Give a (wrongly) still-bound listener time to act: the help dialog loads asynchronously.
    await w.page.waitForTimeout(300);
    expect(await helpOpen()).toBe(false);
    expect(await opened()).toBe(before);
    expect(await w.page.evaluate(() => document.documentElement.classList.contains('reading-view'))).toBe(false);
    expect(w.errors).toEqual([]);
  });
});
