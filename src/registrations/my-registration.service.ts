import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, notFound } from '../common/domain-error';
import { Consultation } from '../consultations/consultation.entity';
import { Organisation } from '../organisations/organisation.entity';
import { findByParticipantToken, participantTokenHash } from './participant-links';
import { Registration } from './registration.entity';
import { RegistrationQueries } from './registration.queries';
import { ParticipantActor, RegistrationSteps } from './registration.steps';
import { RegistrationsService } from './registrations.service';

export interface MyRegistration {
  registration: Registration;
  consultation: Consultation;
  organisation: Pick<Organisation, 'id' | 'name'>;
  waitlistPosition: number | null;
}

/**
 * What a participant without an account does with the link of their mail: read their
 * registration, take or pass on an offered seat, cancel, give or withdraw their consent to the
 * published list. The token opens that one registration and nothing else; an unknown, revoked
 * or expired one is 404.
 */
@Injectable()
export class MyRegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationsService,
    private readonly queries: RegistrationQueries,
    private readonly steps: RegistrationSteps,
    private readonly clock: Clock,
  ) {}

  async open(token: unknown): Promise<MyRegistration> {
    const { registration } = await this.resolve(token);
    const consultation = registration.consultation!;
    const organisation = await this.dataSource.getRepository(Organisation).findOneOrFail({
      where: { id: registration.organisationId },
      select: { id: true, name: true },
    });
    return {
      registration,
      consultation,
      organisation,
      waitlistPosition: await this.queries.waitlistPosition(registration),
    };
  }

  async acceptOffer(token: unknown): Promise<Registration> {
    const { registration, actor } = await this.resolve(token);
    return this.registrations.acceptOffer(actor, registration.id);
  }

  async declineOffer(token: unknown): Promise<Registration> {
    const { registration, actor } = await this.resolve(token);
    return this.registrations.declineOffer(actor, registration.id);
  }

  async cancel(token: unknown): Promise<Registration> {
    const { registration, actor } = await this.resolve(token);
    return this.registrations.cancel(actor, registration.id);
  }

  /** The participant's own consent to appear in the published list, given or withdrawn at any time. */
  async setConsent(token: unknown, publishConsent: boolean): Promise<Registration> {
    const { registration: found, actor } = await this.resolve(token);
    return this.steps.change(found.id, null, async (manager, registration) => {
      if (registration.participantTokenHash !== actor.participantTokenHash) throw notFound();
      if (registration.publishConsent === publishConsent) return;
      registration.publishConsent = publishConsent;
      await this.steps.record(manager, registration, null, 'registration.consent_changed', {
        publishConsent,
        by: 'participant',
      });
    });
  }

  private async resolve(
    token: unknown,
  ): Promise<{ registration: Registration; actor: ParticipantActor }> {
    const hash = participantTokenHash(token);
    const registration =
      hash &&
      (await findByParticipantToken(this.dataSource.manager, token as string, this.clock.now()));
    // A 404 that says why a link the person was mailed opens nothing (replaced, or expired).
    if (!hash || !registration) throw new DomainError('NOT_FOUND', 'errors.participant_link_gone');
    return { registration, actor: { participantTokenHash: hash } };
  }
}
