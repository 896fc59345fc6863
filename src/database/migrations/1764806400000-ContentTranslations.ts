import { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumn } from './columns';

/**
 * Consultations and their sessions in three languages: the original text keeps its columns, its
 * language is recorded (existing ones were written in English), and the translations are JSON.
 */
export class ContentTranslations1764806400000 implements MigrationInterface {
  name = 'ContentTranslations1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'consultations', `"language" varchar(2) NOT NULL DEFAULT 'en'`);
    await addColumn(queryRunner, 'consultations', `"translations" text NOT NULL DEFAULT '{}'`);
    await addColumn(
      queryRunner,
      'consultation_sessions',
      `"translations" text NOT NULL DEFAULT '{}'`,
    );
  }

  // Plain DROP COLUMN on both databases (SQLite since 3.35): no table is rebuilt.
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "consultation_sessions" DROP COLUMN "translations"`);
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "translations"`);
    await queryRunner.query(`ALTER TABLE "consultations" DROP COLUMN "language"`);
  }
}
