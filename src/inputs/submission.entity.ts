import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ThematicArea } from '../organisations/organisation.entity';
import { TIMESTAMP, UUID } from '../database/column-types';

export enum SubmissionStatus {
  Draft = 'draft',
  Submitted = 'submitted',
  Published = 'published',
  Returned = 'returned',
  Withdrawn = 'withdrawn',
}

/** The statuses that count towards a call's per-organisation limit. */
export const COUNTED_STATUSES = [
  SubmissionStatus.Submitted,
  SubmissionStatus.Returned,
  SubmissionStatus.Published,
];

export const SUBMISSION_LANGUAGES = ['en', 'fr', 'es', 'other'] as const;
export type SubmissionLanguage = (typeof SUBMISSION_LANGUAGES)[number];

/**
 * What an organisation said in answer to a call. `consultationId` and `sessionId` repeat the
 * call's, so that the archive filters without a join. The words of title and body are indexed for
 * search by the migration (an FTS5 table on SQLite, a generated tsvector on PostgreSQL).
 */
@Entity('submissions')
@Index('IDX_submissions_call_org', ['callId', 'organisationId', 'status'])
@Index('IDX_submissions_status_published', ['status', 'publishedAt'])
export class Submission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: UUID })
  callId: string;

  @Column({ type: UUID })
  consultationId: string;

  @Column({ type: UUID, nullable: true })
  sessionId: string | null;

  @Index('IDX_submissions_organisation')
  @Column({ type: UUID })
  organisationId: string;

  @Column({ type: UUID, nullable: true })
  submittedById: string | null;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 5 })
  language: SubmissionLanguage;

  @Column({ type: 'simple-json' })
  themes: ThematicArea[];

  @Column({ type: 'varchar', length: 200, nullable: true })
  attachmentName: string | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  attachmentStoredName: string | null;

  @Column({ type: 'integer', nullable: true })
  attachmentSize: number | null;

  @Column({ type: 'varchar', length: 20, default: SubmissionStatus.Draft })
  status: SubmissionStatus;

  /** Why staff returned it (kept until it is returned again or published). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: TIMESTAMP, nullable: true })
  submittedAt: Date | null;

  @Column({ type: TIMESTAMP, nullable: true })
  publishedAt: Date | null;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;

  @UpdateDateColumn({ type: TIMESTAMP })
  updatedAt: Date;
}
