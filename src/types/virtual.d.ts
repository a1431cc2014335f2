declare module 'virtual:deck-phases.css';
declare module 'virtual:deck-fonts.css';
declare module 'virtual:reveal-overlay.css';
