import type { Diagnostics } from '../errors.ts';
import type { DeckYaml } from '../schema.ts';
import type { ParsedYaml } from '../yaml.ts';
import type { SectionsRead } from './sections.ts';

/**
 * Phases must appear in deck.yaml order, each as one contiguous run (the progress bar draws them
 * so), and each must have slides.
 */
export function checkPhaseOrder(config: ParsedYaml<DeckYaml>, read: SectionsRead, diags: Diagnostics): void {
  const { drafts } = read;
  const order = config.value.phases.map((p) => p.id);
  let last = -1;
  const done = new Set<string>();
  for (const d of drafts) {
    const at = order.indexOf(d.phase);
    if (at !== last) {
      if (done.has(d.phase) || at < last) {
        diags.error(d.source, `phase "${d.phase}" appears out of order`, 'order the sections in deck.yaml so each phase\'s sections come together, in the order of phases');
      }
      if (last >= 0) done.add(order[last]!);
      last = at;
    }
  }
  config.value.phases.forEach((p, i) => {
    if (!read.seenPhases.has(p.id) && !read.claimed.has(p.id) && !read.unreadable && drafts.length > 0) {
      diags.error(config.pos(['phases', i]), `phase "${p.id}" has no sections`, 'assign at least one section to it (front matter "phase: ' + p.id + '") or remove the phase');
    }
  });
}

/** Duplicate ids and minutes that do not add up to the lecture's duration. */
export function checkPhases(config: ParsedYaml<DeckYaml>, diags: Diagnostics): void {
  const ids = new Set<string>();
  config.value.phases.forEach((p, i) => {
    if (ids.has(p.id)) diags.error(config.pos(['phases', i]), `duplicate phase id "${p.id}"`, 'give every phase its own id');
    ids.add(p.id);
  });
  const minutes = config.value.phases.reduce((sum, p) => sum + p.minutes, 0);
  if (Math.abs(minutes - config.value.duration) > 1e-9) {
    diags.warn(
      config.keyPos(['duration']),
      `phase minutes add up to ${minutes}, but duration is ${config.value.duration}`,
      'make the phases\' minutes add up to duration, or change duration; pacing uses the phase minutes',
    );
  }
}

