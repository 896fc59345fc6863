import { MigrationInterface, QueryRunner, TableCheck, TableColumn } from 'typeorm';
import { addColumn } from './columns';

/**
 * Funding that cannot leak: the budget row carries the consultation's budget amount beside the
 * awarded total, so one CHECK keeps `0 ≤ awarded ≤ budget` and both an award and a budget change
 * condition on that one row; applications keep the priority recorded at submission and at decision.
 */
export class FundingIntegrity1764720000000 implements MigrationInterface {
  name = 'FundingIntegrity1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await addColumn(queryRunner, 'funding_applications', '"priorityAtSubmission" text');
    await addColumn(queryRunner, 'funding_applications', '"priorityAtDecision" text');
    // Through TypeORM, not raw SQL, so the table it rebuilds for the CHECK below has the column.
    await queryRunner.addColumn(
      'funding_budgets',
      new TableColumn({ name: 'budgetMinor', type: 'bigint', default: 0 }),
    );
    // Counters leaked by the award-versus-cancellation race are set back to the sum of the awards.
    await queryRunner.query(`UPDATE funding_budgets SET "awardedMinor" = (
      SELECT COALESCE(SUM(a."awardedMinor"), 0) FROM funding_applications a
      WHERE a."consultationId" = funding_budgets."consultationId" AND a.status = 'awarded')`);
    // A budget lowered under committed awards (the other race) is raised to what was promised.
    await queryRunner.query(`UPDATE consultations SET "fundingBudgetMinor" = (
      SELECT b."awardedMinor" FROM funding_budgets b WHERE b."consultationId" = consultations.id)
      WHERE "fundingBudgetMinor" < (SELECT b."awardedMinor" FROM funding_budgets b WHERE b."consultationId" = consultations.id)`);
    await queryRunner.query(`UPDATE funding_budgets SET "budgetMinor" = (
      SELECT c."fundingBudgetMinor" FROM consultations c WHERE c.id = funding_budgets."consultationId")`);
    // funding_budgets is referenced by no table, so SQLite may rebuild it (for the column and the CHECK).
    await queryRunner.createCheckConstraint(
      'funding_budgets',
      new TableCheck({
        name: 'CHK_funding_budgets_within_budget',
        expression: '"awardedMinor" <= "budgetMinor"',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropCheckConstraint('funding_budgets', 'CHK_funding_budgets_within_budget');
    await queryRunner.dropColumn('funding_budgets', 'budgetMinor');
    await queryRunner.dropColumn('funding_applications', 'priorityAtDecision');
    await queryRunner.dropColumn('funding_applications', 'priorityAtSubmission');
  }
}
