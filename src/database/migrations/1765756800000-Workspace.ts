import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { addColumn, columns } from './columns';

/**
 * What staff need to run a consultation: an organisation merged into its duplicate keeps its row
 * (its history and links still resolve) and points at the one that survives; a message staff send
 * to participants is kept on the consultation, as written, with the audience it went to.
 */
export class Workspace1765756800000 implements MigrationInterface {
  name = 'Workspace1765756800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await addColumn(
      queryRunner,
      'organisations',
      `"mergedIntoId" ${postgres ? 'uuid' : 'varchar'} REFERENCES "organisations" ("id")`,
    );
    await queryRunner.createTable(
      new Table({
        name: 'consultation_messages',
        columns: [
          c.id(),
          c.uuid('consultationId'),
          c.uuid('sentById', true),
          { name: 'audience', type: 'text', default: "'{}'" },
          c.varchar('subject', 200),
          { name: 'body', type: 'text' },
          { name: 'translations', type: 'text', default: "'{}'" },
          { name: 'recipientCount', type: 'integer', default: 0 },
          c.createdAt(),
        ],
        indices: [
          { name: 'IDX_consultation_messages_consultation', columnNames: ['consultationId'] },
        ],
        foreignKeys: [c.references('consultationId', 'consultations')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('consultation_messages');
    await queryRunner.query(`ALTER TABLE "organisations" DROP COLUMN "mergedIntoId"`);
  }
}
