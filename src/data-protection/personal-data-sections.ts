import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Whose data a section collects: the signed-in user, by account id and by email address. */
export interface DataSubject {
  userId: string;
  email: string;
}

/** The records of one kind a module holds about the subject, as plain JSON-ready objects. */
export type PersonalDataSection = (
  manager: EntityManager,
  subject: DataSubject,
) => Promise<Record<string, unknown>[]>;

/**
 * Extra sections of "your data" (GET /me/data) from modules the export does not import: the
 * letters module registers `letterRequests` (without passport number) here in `onModuleInit`.
 * Each appears under `additional.<name>` of the export.
 */
@Injectable()
export class PersonalDataSections {
  private readonly sections = new Map<string, PersonalDataSection>();

  register(name: string, section: PersonalDataSection): void {
    if (this.sections.has(name))
      throw new Error(`personal data section "${name}" is registered twice`);
    this.sections.set(name, section);
  }

  entries(): [string, PersonalDataSection][] {
    return [...this.sections.entries()];
  }
}
