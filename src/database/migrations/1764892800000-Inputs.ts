import { MigrationInterface, QueryRunner, Table, TableForeignKey } from 'typeorm';
import { columns } from './columns';

/**
 * Calls for input, submissions and their co-signers, and the word index of the archive: an FTS5
 * table kept by triggers on SQLite, a generated tsvector with a GIN index on PostgreSQL. Both
 * fold case and accents and do not stem, so a search answers the same on either database.
 */
export class Inputs1764892800000 implements MigrationInterface {
  name = 'Inputs1764892800000';

  // Long on purpose: a migration is one schema step read top to bottom, in the order it runs.
  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columns(queryRunner);
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    // A session may be replaced when the agenda is edited: the call keeps going without it.
    const session = (column: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: 'consultation_sessions',
        referencedColumnNames: ['id'],
        onDelete: 'SET NULL',
      });
    await queryRunner.createTable(
      new Table({
        name: 'input_calls',
        columns: [
          c.id(),
          c.uuid('consultationId'),
          c.uuid('sessionId', true),
          c.varchar('title', 200),
          { name: 'guidance', type: 'text', default: "''" },
          c.varchar('language', 2, { default: "'en'" }),
          { name: 'translations', type: 'text', default: "'{}'" },
          c.timestamp('opensAt'),
          c.timestamp('closesAt'),
          { name: 'wordLimit', type: 'integer' },
          c.varchar('eligibility', 20),
          { name: 'perOrganisation', type: 'integer', default: 1 },
          c.boolean('allowAttachment'),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          { name: 'IDX_input_calls_consultation', columnNames: ['consultationId', 'opensAt'] },
        ],
        checks: [
          {
            name: 'CHK_input_calls_settings',
            expression: '"closesAt" > "opensAt" AND "wordLimit" > 0 AND "perOrganisation" > 0',
          },
        ],
        foreignKeys: [c.references('consultationId', 'consultations'), session('sessionId')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'submissions',
        columns: [
          c.id(),
          c.uuid('callId'),
          c.uuid('consultationId'),
          c.uuid('sessionId', true),
          c.uuid('organisationId'),
          c.uuid('submittedById', true),
          c.varchar('title', 200),
          { name: 'body', type: 'text' },
          c.varchar('language', 5),
          { name: 'themes', type: 'text' },
          c.varchar('attachmentName', 200, { isNullable: true }),
          c.varchar('attachmentStoredName', 60, { isNullable: true }),
          { name: 'attachmentSize', type: 'integer', isNullable: true },
          c.varchar('status', 20),
          { name: 'reason', type: 'text', isNullable: true },
          c.timestamp('submittedAt', true),
          c.timestamp('publishedAt', true),
          c.createdAt(),
          c.updatedAt(),
        ],
        indices: [
          {
            name: 'IDX_submissions_call_org',
            columnNames: ['callId', 'organisationId', 'status'],
          },
          { name: 'IDX_submissions_status_published', columnNames: ['status', 'publishedAt'] },
          { name: 'IDX_submissions_organisation', columnNames: ['organisationId'] },
        ],
        foreignKeys: [
          c.references('callId', 'input_calls'),
          c.references('consultationId', 'consultations'),
          c.references('organisationId', 'organisations'),
          session('sessionId'),
          new TableForeignKey({
            columnNames: ['submittedById'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'submission_cosigners',
        columns: [
          c.id(),
          c.uuid('submissionId'),
          c.uuid('organisationId'),
          c.varchar('status', 20),
          c.timestamp('askedAt', true),
          c.uuid('decidedById', true),
          c.timestamp('decidedAt', true),
        ],
        indices: [
          {
            name: 'UQ_submission_cosigners',
            columnNames: ['submissionId', 'organisationId'],
            isUnique: true,
          },
          { name: 'IDX_submission_cosigners_organisation', columnNames: ['organisationId'] },
        ],
        foreignKeys: [
          c.references('submissionId', 'submissions'),
          c.references('organisationId', 'organisations'),
        ],
      }),
    );
    if (postgres) await this.postgresIndex(queryRunner);
    else await this.sqliteIndex(queryRunner);
  }

  /**
   * unaccent() is STABLE (it reads its dictionary), so a generated column cannot call it: the
   * wrapper names the dictionary explicitly and is declared IMMUTABLE, as unaccent's own docs
   * suggest for indexes.
   */
  private async postgresIndex(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(
      `CREATE OR REPLACE FUNCTION convene_unaccent(text) RETURNS text
       LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
    );
    await queryRunner.query(
      `ALTER TABLE "submissions" ADD COLUMN "searchVector" tsvector
       GENERATED ALWAYS AS (to_tsvector('simple', convene_unaccent("title" || ' ' || "body"))) STORED`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_submissions_search" ON "submissions" USING GIN ("searchVector")`,
    );
  }

  /** A contentless-style FTS5 table of its own, kept in step with submissions by triggers. */
  private async sqliteIndex(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIRTUAL TABLE "submissions_fts" USING fts5(
         "submissionId" UNINDEXED, "title", "body", tokenize = "unicode61 remove_diacritics 2")`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "submissions_fts_insert" AFTER INSERT ON "submissions" BEGIN
         INSERT INTO "submissions_fts" ("submissionId", "title", "body")
         VALUES (new."id", new."title", new."body");
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "submissions_fts_update" AFTER UPDATE OF "title", "body" ON "submissions" BEGIN
         DELETE FROM "submissions_fts" WHERE "submissionId" = old."id";
         INSERT INTO "submissions_fts" ("submissionId", "title", "body")
         VALUES (new."id", new."title", new."body");
       END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "submissions_fts_delete" AFTER DELETE ON "submissions" BEGIN
         DELETE FROM "submissions_fts" WHERE "submissionId" = old."id";
       END`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.driver.options.type === 'postgres';
    if (!postgres) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "submissions_fts_delete"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "submissions_fts_update"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "submissions_fts_insert"`);
      await queryRunner.query(`DROP TABLE IF EXISTS "submissions_fts"`);
    }
    // TypeORM's table loading asks typeorm_metadata about generated columns, and that table only
    // exists for columns TypeORM made itself: the tsvector goes first, in plain SQL.
    if (postgres) await queryRunner.query(`ALTER TABLE "submissions" DROP COLUMN "searchVector"`);
    await queryRunner.dropTable('submission_cosigners');
    await queryRunner.dropTable('submissions');
    await queryRunner.dropTable('input_calls');
    // The unaccent extension stays: other schemas of the database may use it.
    if (postgres) await queryRunner.query(`DROP FUNCTION IF EXISTS convene_unaccent(text)`);
  }
}
