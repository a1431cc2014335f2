import type { RevealPlugin, RevealPluginFactory } from 'reveal.js';

/**
 * The deck's start-up in short tasks. A phone (Lighthouse's mobile preset: 4× CPU slowdown) is
 * unresponsive while one task runs; tasks over 50 ms count as blocking time. reveal.js runs its
 * plugins' init() one after the other and waits for a returned promise before the next: a promise
 * that resolves in a new task ends the current one, so each plugin starts in a task of its own.
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/** Resolves in a new task: scheduler.yield() (runs before other queued work) or a message. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  // A message, not setTimeout(0): nested timeouts are clamped to 4 ms.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

/**
 * Resolves in a task after the next rendering update (styles and layout done there, in a task of
 * their own); in a hidden page (which renders no frames) in the next task; after `ms` at most.
 */
export function nextFrame(ms = 100): Promise<void> {
  if (document.visibilityState === 'hidden') return nextTask();
  return Promise.race([
    new Promise<void>((done) => requestAnimationFrame(() => setTimeout(done, 0))),
    new Promise<void>((done) => setTimeout(done, ms)),
  ]);
}

/**
 * The same plugins, each one's init() starting in a task of its own (order and `this` kept); with
 * `beforeFrame`, then a last one that runs it in a task of its own and waits for a frame: reveal.js
 * starts once the page the plugins (and `beforeFrame`) changed is styled and laid out, so its first
 * forced layout only sees what it adds itself.
 */
export function inTasks(plugins: Array<RevealPlugin | RevealPluginFactory>, beforeFrame?: () => void): RevealPlugin[] {
  const list = plugins.map(wrap);
  if (!beforeFrame) return list;
  return [...list, { id: 'start-up-frame', init: () => nextTask().then(() => (beforeFrame(), nextFrame())) }];
}

function wrap(p: RevealPlugin | RevealPluginFactory): RevealPlugin {
  const plugin = typeof p === 'function' ? p() : p;
  const init = plugin.init;
  if (!init) return plugin;
  // A plugin shared as an object (not made by a factory) is not changed: a stand-in inherits it.
  const wrapped = Object.create(plugin) as RevealPlugin;
  wrapped.init = (reveal) => nextTask().then(() => init.call(plugin, reveal));
  return wrapped;
}
