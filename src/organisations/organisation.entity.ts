import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';

export const ORGANISATION_TYPES = [
  'ngo',
  'network',
  'diaspora_organisation',
  'migrant_association',
  'trade_union',
  'faith_based',
  'academic',
  'private_sector',
  'other',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

export const THEMATIC_AREAS = [
  'migrants_rights',
  'labour_migration',
  'diaspora_development',
  'crisis_response',
  'health',
  'integration',
  'trafficking',
  'climate_mobility',
  'other',
] as const;
export type ThematicArea = (typeof THEMATIC_AREAS)[number];

export enum ObserverStatus {
  None = 'none',
  Applicant = 'applicant',
  Observer = 'observer',
  Suspended = 'suspended',
}

@Entity('organisations')
@Index('IDX_organisations_country', ['country'])
@Index('IDX_organisations_directory', ['observerStatus', 'name'])
@Index('IDX_organisations_name_key', ['country', 'nameKey'])
@Index('IDX_organisations_acronym_key', ['country', 'acronymKey'])
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  acronym: string | null;

  /** normalise(name) and normalise(acronym), to find likely duplicates in a country. */
  @Column({ type: 'varchar', length: 200, default: '' })
  nameKey: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  acronymKey: string | null;

  /** ISO 3166-1 alpha-2. */
  @Column({ type: 'varchar', length: 2 })
  country: string;

  /** UN M49 region, derived from the country. */
  @Column({ type: 'varchar', length: 20 })
  region: string;

  @Column({ type: 'varchar', length: 30 })
  type: OrganisationType;

  @Column({ type: 'simple-json' })
  thematicAreas: ThematicArea[];

  @Column({ type: 'varchar', length: 300, nullable: true })
  website: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'integer', nullable: true })
  foundedYear: number | null;

  @Column({ type: 'boolean', default: false })
  migrantLed: boolean;

  @Column({ type: 'boolean', default: false })
  womenLed: boolean;

  @Column({ type: 'boolean', default: false })
  youthLed: boolean;

  @Column({ type: 'varchar', length: 20, default: ObserverStatus.None })
  observerStatus: ObserverStatus;

  @Column({ type: TIMESTAMP, nullable: true })
  observerSince: Date | null;

  @Column({ type: 'text', nullable: true })
  suspendedReason: string | null;

  /** Set once this organisation was merged into a duplicate: its pages and API lead there. */
  @Column({ type: UUID, nullable: true })
  mergedIntoId: string | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
