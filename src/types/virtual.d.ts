declare module 'virtual:deck-phases.css';
