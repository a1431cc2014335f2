import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { ClassroomBoot } from './boot.ts';

/**
 * The live classroom as a reveal.js plugin. Registered only when the classroom server served the
 * page (boot.ts found its config); the code itself (live.ts) loads on demand, so the static site
 * carries none of it.
 */
export function LiveClassroom(boot: ClassroomBoot): RevealPlugin {
  return {
    id: 'live-classroom',
    init(reveal: RevealApi) {
      const ready = new Promise<void>((resolve) => (reveal.isReady() ? resolve() : reveal.on('ready', () => resolve())));
      void Promise.all([import('./live.ts'), ready]).then(([m]) => m.startLive(reveal, boot));
    },
  };
}
