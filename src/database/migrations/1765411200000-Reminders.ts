import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columns } from './columns';

/**
 * Reminders sent before deadlines (registration closing, an offer expiring, the funding deadline,
 * the consultation itself, an unanswered accreditation question): one row per kind, subject and
 * period, claimed in the transaction that queues the mail, so each goes once across instances.
 */
export class Reminders1765411200000 implements MigrationInterface {
  name = 'Reminders1765411200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'reminders_sent',
        columns: [
          c.id(),
          c.varchar('kind', 40),
          c.uuid('subjectId'),
          c.varchar('period', 80),
          c.timestamp('sentAt'),
        ],
        indices: [
          {
            name: 'UQ_reminders_sent',
            columnNames: ['kind', 'subjectId', 'period'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('reminders_sent');
  }
}
