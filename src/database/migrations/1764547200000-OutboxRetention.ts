import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

/**
 * The outbox learns which payload fields are one-time links (redacted once sent), which mail is
 * exempt from the per-recipient limit, when a message was (re)queued and when its content was pruned.
 */
export class OutboxRetention1764547200000 implements MigrationInterface {
  name = 'OutboxRetention1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const timestamp =
      queryRunner.connection.driver.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    await addColumn(queryRunner, 'outbox_messages', `"secretKeys" text NOT NULL DEFAULT '[]'`);
    await addColumn(
      queryRunner,
      'outbox_messages',
      `"kind" varchar(20) NOT NULL DEFAULT 'notification'`,
    );
    await addColumn(queryRunner, 'outbox_messages', `"queuedAt" ${timestamp}`);
    await addColumn(queryRunner, 'outbox_messages', `"prunedAt" ${timestamp}`);
    await queryRunner.query(`UPDATE "outbox_messages" SET "queuedAt" = "createdAt"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_outbox_recipient_sent" ON "outbox_messages" ("recipient", "sentAt")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_outbox_recipient_sent"`);
    for (const column of ['prunedAt', 'queuedAt', 'kind', 'secretKeys']) {
      await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "${column}"`);
    }
  }
}
