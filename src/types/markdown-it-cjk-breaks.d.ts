// The package ships no types (see NOTES.md); it is a plain markdown-it plugin.
declare module 'markdown-it-cjk-breaks' {
  import type MarkdownIt from 'markdown-it';
  const plugin: (md: MarkdownIt) => void;
  export default plugin;
}
