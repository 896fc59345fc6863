import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { TIMESTAMP, UUID } from '../database/column-types';
import { AccreditationRequest } from './accreditation-request.entity';

export const DOCUMENT_KINDS = ['statutes', 'annual_report', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** A PDF uploaded with a request; the file lives under UPLOAD_DIR with a generated name. */
@Entity('accreditation_documents')
export class AccreditationDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_accreditation_documents_request')
  @Column({ type: UUID })
  requestId: string;

  @ManyToOne(() => AccreditationRequest, { onDelete: 'CASCADE' })
  request?: AccreditationRequest;

  @Column({ type: 'varchar', length: 20 })
  kind: DocumentKind;

  @Column({ type: 'varchar', length: 200 })
  originalName: string;

  @Column({ type: 'varchar', length: 80 })
  storedName: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Column({ type: UUID })
  uploadedById: string;

  @CreateDateColumn({ type: TIMESTAMP })
  createdAt: Date;
}
