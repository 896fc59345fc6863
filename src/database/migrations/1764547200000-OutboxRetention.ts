import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

/**
 * The outbox learns which payload fields are one-time links (redacted once sent), which mail is
 * exempt from the per-recipient limit, when a message was (re)queued and when its content was pruned.
 */
const TOKEN_LINK = /[?&]token=[^&#\s"'<>]+/i;

/**
 * Messages written before this migration name no secret keys: their one-time links are found by
 * the token parameter, marked as secret, and redacted at once in messages already sent.
 */
async function redactEarlierLinks(queryRunner: QueryRunner): Promise<void> {
  const postgres = queryRunner.connection.driver.options.type === 'postgres';
  const rows: { id: string; status: string; payload: string }[] = await queryRunner.query(
    `SELECT "id", "status", "payload" FROM "outbox_messages" WHERE "payload" LIKE '%token=%'`,
  );
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as Record<string, unknown>;
    const secrets = Object.keys(payload).filter(
      (key) => typeof payload[key] === 'string' && TOKEN_LINK.test(payload[key]),
    );
    if (row.status === 'sent') for (const key of secrets) payload[key] = '[redacted]';
    await queryRunner.query(
      postgres
        ? `UPDATE "outbox_messages" SET "payload" = $1, "secretKeys" = $2 WHERE "id" = $3`
        : `UPDATE "outbox_messages" SET "payload" = ?, "secretKeys" = ? WHERE "id" = ?`,
      [JSON.stringify(payload), JSON.stringify(secrets), row.id],
    );
  }
}

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
      `UPDATE "outbox_messages" SET "kind" = 'account' WHERE "template" IN ('verify-email', 'reset-password', 'account-exists', 'password-changed')`,
    );
    await redactEarlierLinks(queryRunner);
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
