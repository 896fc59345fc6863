import { Foundation1764201600000 } from './1764201600000-Foundation';
import { Accreditation1764288000000 } from './1764288000000-Accreditation';

/** Every migration, in order. Add new ones at the end. */
export const migrations = [Foundation1764201600000, Accreditation1764288000000];
