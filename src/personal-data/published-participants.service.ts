import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { notFound } from '../common/domain-error';
import { SignedInUser } from '../common/web';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { lockById } from '../database/locks';
import { Transactions } from '../database/transactions';
import { Organisation } from '../organisations/organisation.entity';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';

export interface PublishedParticipant {
  name: string;
  organisation: string;
  /** The organisation's country (ISO 3166-1 alpha-2), not the participant's nationality. */
  country: string;
}

/**
 * The list of participants a consultation publishes once an admin says so: confirmed
 * participants (checked in or not) who consented to be named, with their organisation.
 */
@Injectable()
export class PublishedParticipantsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async setPublished(
    admin: SignedInUser,
    consultationId: string,
    published: boolean,
  ): Promise<Consultation> {
    return this.transactions.run(async (manager) => {
      const consultation = await lockById(manager, Consultation, consultationId);
      if (consultation.participantsPublished === published) return consultation;
      await manager.update(
        Consultation,
        { id: consultationId },
        { participantsPublished: published },
      );
      await this.audit.record(manager, {
        actorId: admin.id,
        action: published
          ? 'consultation.participants_published'
          : 'consultation.participants_unpublished',
        entity: 'consultation',
        entityId: consultationId,
      });
      return { ...consultation, participantsPublished: published };
    });
  }

  /** 404 until published (and for a draft), as for a consultation that does not exist. */
  async list(
    consultationId: string,
  ): Promise<{ consultation: Consultation; participants: PublishedParticipant[] }> {
    const consultation = await this.dataSource
      .getRepository(Consultation)
      .findOneBy({ id: consultationId });
    if (
      !consultation ||
      !consultation.participantsPublished ||
      consultation.status === ConsultationStatus.Draft
    )
      throw notFound();
    const rows = await this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoin(Organisation, 'o', 'o.id = r.organisationId')
      .select('r.participantName', 'name')
      .addSelect('o.name', 'organisation')
      .addSelect('o.country', 'country')
      .where('r.consultationId = :consultationId', { consultationId })
      .andWhere('r.status = :confirmed', { confirmed: RegistrationStatus.Confirmed })
      .andWhere('r.publishConsent = :consent', { consent: true })
      // Anonymised by retention or account deletion: no longer anyone to name.
      .andWhere("r.participantEmail NOT LIKE '%@invalid'")
      .orderBy('o.name', 'ASC')
      .addOrderBy('r.participantName', 'ASC')
      .getRawMany<PublishedParticipant>();
    return { consultation, participants: rows };
  }
}
