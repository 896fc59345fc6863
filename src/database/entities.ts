import { AccountToken } from '../accounts/account-token.entity';
import { AccreditationDocument } from '../accreditation/accreditation-document.entity';
import { AccreditationEvent } from '../accreditation/accreditation-event.entity';
import { AccreditationRequest } from '../accreditation/accreditation-request.entity';
import { ApiToken } from '../accounts/api-token.entity';
import { HttpSession } from '../accounts/http-session.entity';
import { User } from '../accounts/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import { Consultation } from '../consultations/consultation.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Invitation } from '../organisations/invitation.entity';
import { Membership } from '../organisations/membership.entity';
import { OrganisationTerm } from '../organisations/organisation-term.entity';
import { Organisation } from '../organisations/organisation.entity';
import { ActionPointReminder } from '../follow-up/action-point-reminder.entity';
import { ReminderSent } from '../reminders/reminder-sent.entity';
import { RetentionRun } from '../data-protection/retention-run.entity';
import { ActionPointUpdate } from '../follow-up/action-point-update.entity';
import { ActionPoint } from '../follow-up/action-point.entity';
import { Outcome } from '../follow-up/outcome.entity';
import { FundingApplication } from '../funding/funding-application.entity';
import { FundingBudget } from '../funding/funding-budget.entity';
import { LetterRequest } from '../letters/letter-request.entity';
import { InputCall } from '../inputs/input-call.entity';
import { SubmissionCosigner } from '../inputs/submission-cosigner.entity';
import { Submission } from '../inputs/submission.entity';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.entity';
import { Registration } from '../registrations/registration.entity';
import { ConsultationMessage } from '../workspace/consultation-message.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/webhook-endpoint.entity';

export const entities = [
  User,
  ApiToken,
  AccountToken,
  HttpSession,
  RateLimitBucket,
  OutboxMessage,
  AuditEvent,
  Organisation,
  Membership,
  OrganisationTerm,
  Invitation,
  Consultation,
  ConsultationSession,
  AccreditationRequest,
  AccreditationDocument,
  AccreditationEvent,
  Registration,
  FundingBudget,
  FundingApplication,
  LetterRequest,
  InputCall,
  Submission,
  SubmissionCosigner,
  Outcome,
  ActionPoint,
  ActionPointUpdate,
  ActionPointReminder,
  ReminderSent,
  RetentionRun,
  ConsultationMessage,
  WebhookEndpoint,
  WebhookDelivery,
];
