import { Foundation1764201600000 } from './1764201600000-Foundation';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [Foundation1764201600000];
