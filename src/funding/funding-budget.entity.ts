import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UUID } from '../database/column-types';
import { CostKind } from './funding-application.entity';

const bigint = {
  to: (v: number | null) => v,
  from: (v: string | number | null) => (v === null ? null : Number(v)),
};

/**
 * A consultation's funding: its budget amount (kept equal to the consultation's), the running total
 * of awards, the cap per application and the kinds of cost that may be claimed. Awards and budget
 * changes are conditional updates of this one row, and a CHECK keeps `0 ≤ awarded ≤ budget`.
 */
@Entity('funding_budgets')
export class FundingBudget {
  @PrimaryColumn({ type: UUID })
  consultationId: string;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  budgetMinor: number;

  @Column({ type: 'bigint', default: 0, transformer: bigint })
  awardedMinor: number;

  @Column({ type: 'bigint', nullable: true, transformer: bigint })
  capMinor: number | null;

  @Column({ type: 'simple-json' })
  lineKinds: CostKind[];
}
