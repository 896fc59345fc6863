import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Consultation } from '../consultations/consultation.entity';
import { COST_KINDS } from './funding-application.entity';
import { FundingBudget } from './funding-budget.entity';
import { budgetBelowAwarded, budgetExceeded, currencyLocked } from './funding.errors';

/**
 * The money side of funding: one row per consultation holding its budget and the sum of its
 * awards. Every change is a conditional update (claimed, never counted), made while the caller
 * holds the consultation's lock; a CHECK keeps `awarded ≤ budget`.
 */
@Injectable()
export class BudgetLedger {
  /** The consultation's budget row, created with its budget amount on first use. */
  async row(manager: EntityManager, consultation: Consultation): Promise<FundingBudget> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(FundingBudget)
      .values({
        consultationId: consultation.id,
        budgetMinor: consultation.fundingBudgetMinor,
        awardedMinor: 0,
        capMinor: null,
        lineKinds: [...COST_KINDS],
      })
      .orIgnore()
      .execute();
    return manager.findOneByOrFail(FundingBudget, { consultationId: consultation.id });
  }

  /**
   * The budget row follows the consultation's new budget only if what is already awarded still
   * fits, and the currency stays once anything is awarded.
   */
  async follow(
    manager: EntityManager,
    consultation: Consultation,
    previousCurrency: string,
  ): Promise<void> {
    const budget = await manager.findOneBy(FundingBudget, { consultationId: consultation.id });
    if (!budget) return;
    if (budget.awardedMinor > 0 && consultation.fundingCurrency !== previousCurrency) {
      throw currencyLocked();
    }
    const followed = await manager
      .createQueryBuilder()
      .update(FundingBudget)
      .set({ budgetMinor: consultation.fundingBudgetMinor })
      .where('"consultationId" = :consultationId AND "awardedMinor" <= :amount', {
        consultationId: consultation.id,
        amount: consultation.fundingBudgetMinor,
      })
      .execute();
    if (!followed.affected) throw budgetBelowAwarded();
  }

  /** Claims `amountMinor` of what is left, or refuses when it does not fit. */
  async claim(manager: EntityManager, consultationId: string, amountMinor: number): Promise<void> {
    const claimed = await manager
      .createQueryBuilder()
      .update(FundingBudget)
      .set({ awardedMinor: () => `"awardedMinor" + ${Number(amountMinor)}` })
      .where('"consultationId" = :consultationId', { consultationId })
      .andWhere(`"awardedMinor" + ${Number(amountMinor)} <= "budgetMinor"`)
      .execute();
    if (!claimed.affected) throw budgetExceeded();
  }

  /** Gives a released award back to the budget. */
  async giveBack(
    manager: EntityManager,
    consultationId: string,
    amountMinor: number,
    applicationId: string,
  ): Promise<void> {
    const returned = await manager
      .createQueryBuilder()
      .update(FundingBudget)
      .set({ awardedMinor: () => `"awardedMinor" - ${Number(amountMinor)}` })
      .where('"consultationId" = :consultationId', { consultationId })
      .andWhere(`"awardedMinor" >= ${Number(amountMinor)}`)
      .execute();
    if (!returned.affected)
      throw new Error(
        `funding budget of consultation ${consultationId} holds less than award ${applicationId}`,
      );
  }
}
