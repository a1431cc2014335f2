/**
 * The render cache (src/deck/compile/render.ts) keeps a slide's HTML between compiles of the dev
 * server only when its output depends on the Markdown text alone. A rule whose output also depends
 * on another file (an image, a figure's data, glossary.yaml) says so in markdown-it's env.
 */
export interface CacheEnv {
  uncacheable?: boolean;
}

export function dependsOnOtherFiles(env: object): void {
  (env as CacheEnv).uncacheable = true;
}
