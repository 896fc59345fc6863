import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/**
 * What a consultation concluded and promised: its outcome, its action points with their history,
 * and the reminders already sent about them (one row per point, kind and period).
 */
export class FollowUp1764979200000 implements MigrationInterface {
  name = 'FollowUp1764979200000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'consultation_outcomes',
        columns: [
          { ...c.uuid('consultationId'), isPrimary: true },
          { name: 'summary', type: 'text', default: "''" },
          c.varchar('language', 2, { default: "'en'" }),
          { name: 'translations', type: 'text', default: "'{}'" },
          { name: 'conclusions', type: 'text', default: "'[]'" },
          { name: 'recommendations', type: 'text', default: "'[]'" },
          c.uuid('updatedById', true),
          c.updatedAt(),
        ],
        foreignKeys: [c.references('consultationId', 'consultations')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'action_points',
        columns: [
          c.id(),
          c.varchar('reference', 40),
          c.uuid('consultationId'),
          { name: 'year', type: 'integer' },
          { name: 'text', type: 'text' },
          c.varchar('language', 2, { default: "'en'" }),
          { name: 'translations', type: 'text', default: "'{}'" },
          c.boolean('responsibleHost'),
          { name: 'responsibleOrganisationIds', type: 'text', default: "'[]'" },
          { name: 'themes', type: 'text', default: "'[]'" },
          c.varchar('targetDate', 10, { isNullable: true }),
          c.varchar('status', 20, { default: "'open'" }),
          c.boolean('completionProposed'),
          c.timestamp('lastActivityAt'),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'UQ_action_points_reference', columnNames: ['reference'], isUnique: true },
          { name: 'IDX_action_points_consultation', columnNames: ['consultationId'] },
          { name: 'IDX_action_points_status_target', columnNames: ['status', 'targetDate'] },
        ],
        checks: [
          {
            name: 'CHK_action_points_status',
            expression: `"status" IN ('open', 'in_progress', 'completed', 'discontinued')`,
          },
        ],
        foreignKeys: [c.references('consultationId', 'consultations')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'action_point_updates',
        columns: [
          c.id(),
          c.uuid('actionPointId'),
          c.timestamp('at'),
          c.uuid('authorId', true),
          c.uuid('organisationId', true),
          c.varchar('kind', 30, { default: "'progress'" }),
          { name: 'text', type: 'text' },
          c.varchar('status', 20, { isNullable: true }),
          c.varchar('link', 500, { isNullable: true }),
        ],
        indices: [{ name: 'IDX_action_point_updates_point', columnNames: ['actionPointId', 'at'] }],
        foreignKeys: [c.references('actionPointId', 'action_points')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'action_point_reminders',
        columns: [
          c.id(),
          c.uuid('actionPointId'),
          c.varchar('kind', 20),
          c.varchar('period', 10),
          c.timestamp('sentAt'),
        ],
        indices: [
          {
            name: 'UQ_action_point_reminders',
            columnNames: ['actionPointId', 'kind', 'period'],
            isUnique: true,
          },
        ],
        foreignKeys: [c.references('actionPointId', 'action_points')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('action_point_reminders');
    await queryRunner.dropTable('action_point_updates');
    await queryRunner.dropTable('action_points');
    await queryRunner.dropTable('consultation_outcomes');
  }
}
