import { AccountToken } from '../accounts/account-token.entity';
import { ApiToken } from '../accounts/api-token.entity';
import { HttpSession } from '../accounts/http-session.entity';
import { User } from '../accounts/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { ConsultationSession } from '../consultations/consultation-session.entity';
import { Consultation } from '../consultations/consultation.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { RateLimitBucket } from '../rate-limit/rate-limit-bucket.entity';

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
  Consultation,
  ConsultationSession,
];
