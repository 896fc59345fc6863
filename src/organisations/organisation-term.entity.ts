import { Entity, Index, ManyToOne, PrimaryColumn } from 'typeorm';
import { UUID } from '../database/column-types';
import { Organisation } from './organisation.entity';

/**
 * One searchable word of an organisation's name or acronym, normalised. A directory search is a
 * prefix range on this index, so it costs the same with a thousand organisations or a million.
 */
@Entity('organisation_terms')
@Index('IDX_organisation_terms_term', ['term', 'organisationId'])
export class OrganisationTerm {
  @PrimaryColumn({ type: UUID })
  organisationId: string;

  @PrimaryColumn({ type: 'varchar', length: 60 })
  term: string;

  @ManyToOne(() => Organisation, { onDelete: 'CASCADE' })
  organisation?: Organisation;
}
