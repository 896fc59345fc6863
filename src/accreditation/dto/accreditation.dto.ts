import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, ValidateIf } from 'class-validator';
import { ObserverStatus } from '../../organisations/organisation.entity';
import { PlaceQueryDto } from '../../organisations/dto/organisation.dto';
import { REJECTION_REASONS, RejectionReason } from '../accreditation-event.entity';
import { AccreditationStatus } from '../accreditation-request.entity';
import { DOCUMENT_KINDS, DocumentKind } from '../accreditation-document.entity';
import { trim } from '../../common/transforms';
import { Optional } from '../../common/validation';

export class SubmitAccreditationDto {
  @Transform(trim)
  @IsString({ message: 'errors.motivation_required' })
  @Length(20, 5000, { message: 'errors.motivation_required' })
  motivation: string;

  @Transform(trim)
  @IsString({ message: 'errors.activities_required' })
  @Length(20, 5000, { message: 'errors.activities_required' })
  migrationActivities: string;
}

export const DECISIONS = ['approve', 'reject', 'request_info'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * A reviewer's decision. Through the API the reason code of a rejection may be left out, as
 * DESIGN.md's `{decision, reason}` does ("other" is recorded); the review page asks for it.
 */
function decisionDto(reasonCodeRequiredToReject: boolean) {
  class DecisionBody {
    @IsIn(DECISIONS, { message: 'errors.decision_invalid' })
    decision: Decision;

    @Transform(trim)
    @IsString({ message: 'errors.reason_required' })
    @Length(1, 5000, { message: 'errors.reason_required' })
    reason: string;

    @ValidateIf(
      (dto: DecisionBody) =>
        dto.reasonCode !== undefined || (reasonCodeRequiredToReject && dto.decision === 'reject'),
    )
    @IsIn(REJECTION_REASONS, { message: 'errors.reason_code_required' })
    reasonCode?: RejectionReason;
  }
  return DecisionBody;
}

export class DecisionDto extends decisionDto(false) {}
/** The review page's form: a rejection also needs "I understand this cannot be undone" ticked. */
export class ReviewDecisionFormDto extends decisionDto(true) {
  @Optional()
  @IsIn(['on'], { message: 'errors.confirm_irreversible' })
  understood?: string;
}

export class ResponseDto {
  @Transform(trim)
  @IsString({ message: 'errors.message_required' })
  @Length(1, 5000, { message: 'errors.message_required' })
  message: string;
}

export class DocumentKindDto {
  @IsIn(DOCUMENT_KINDS, { message: 'errors.document_kind_invalid' })
  kind: DocumentKind;
}

export class ObserverStatusDto {
  @IsIn([ObserverStatus.Suspended, ObserverStatus.Observer], {
    message: 'errors.observer_status_invalid',
  })
  status: ObserverStatus.Suspended | ObserverStatus.Observer;

  @Transform(trim)
  @IsString({ message: 'errors.reason_required' })
  @Length(1, 2000, { message: 'errors.reason_required' })
  reason: string;
}

/** The review queue's filters: status, and the organisation's country or region. */
export class QueueQueryDto extends PlaceQueryDto {
  @Optional()
  @IsIn(Object.values(AccreditationStatus), { message: 'errors.status_invalid' })
  status?: AccreditationStatus;
}
