import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

/**
 * API tokens get an expiry and a scope. Tokens issued before this migration keep working as they
 * did (`write`) until a year after they were created, the new default lifetime.
 */
export class ApiTokenScope1764633600000 implements MigrationInterface {
  name = 'ApiTokenScope1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    await addColumn(
      queryRunner,
      'api_tokens',
      `"scope" varchar(10) NOT NULL DEFAULT 'write' CHECK ("scope" IN ('read', 'write'))`,
    );
    await addColumn(
      queryRunner,
      'api_tokens',
      `"expiresAt" ${postgres ? 'timestamptz' : 'datetime'}`,
    );
    await queryRunner.query(
      postgres
        ? `UPDATE api_tokens SET "expiresAt" = "createdAt" + interval '365 days'`
        : `UPDATE api_tokens SET "expiresAt" = strftime('%Y-%m-%d %H:%M:%f', "createdAt", '+365 days')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_tokens" DROP COLUMN "expiresAt"');
    await queryRunner.query('ALTER TABLE "api_tokens" DROP COLUMN "scope"');
  }
}
