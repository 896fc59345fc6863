import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** What a step erased, and what it removes outside the database once its transaction committed. */
export interface RetentionStepResult {
  erased: number;
  afterCommit?: () => Promise<void>;
}

/**
 * One retention rule: erases, in the manager's transaction, what is past its retention period at
 * `now` and says how many records it erased. A step must be idempotent: a second run finds nothing.
 */
export type RetentionStep = (
  manager: EntityManager,
  now: Date,
) => Promise<number | RetentionStepResult>;

/**
 * The steps of the daily retention job. Each module that keeps personal data registers its own
 * rule here in `onModuleInit` (the letters module: passport data 30 days after the consultation),
 * so the job never imports the modules whose data it erases.
 */
@Injectable()
export class RetentionSteps {
  private readonly steps = new Map<string, RetentionStep>();

  register(name: string, step: RetentionStep): void {
    if (this.steps.has(name)) throw new Error(`retention step "${name}" is registered twice`);
    this.steps.set(name, step);
  }

  names(): string[] {
    return [...this.steps.keys()];
  }

  entries(): [string, RetentionStep][] {
    return [...this.steps.entries()];
  }
}
