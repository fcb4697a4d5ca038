import type { Kartu } from '../core/kartu.js';

/** What main's IPC side needs of an opened data folder: its two engines. */
export type KartuEngines = Pick<Kartu, 'sandbox' | 'live' | 'engine'>;
