import type { Slide } from '../model.ts';

/** A slide before the deck is assembled: its index and timing come once every slide is known. */
export type Draft = Omit<Slide, 'index' | 'timing'>;
