import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SignedInUser } from '../common/web';
import { ConsultationsService } from '../consultations/consultations.service';
import { Organisation } from '../organisations/organisation.entity';
import { ConsultationMessages } from './consultation-messages';

/** What the workspace's pages read. */
@Injectable()
export class WorkspaceQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consultations: ConsultationsService,
    private readonly messages: ConsultationMessages,
  ) {}

  /** The message form's choices (the delegations of this consultation) and the copies sent. */
  async messagesPage(viewer: SignedInUser, consultationId: string) {
    const consultation = await this.consultations.get(viewer, consultationId);
    const organisations = await this.dataSource
      .getRepository(Organisation)
      .createQueryBuilder('o')
      .where(
        `o.id IN (SELECT r."organisationId" FROM registrations r WHERE r."consultationId" = :consultationId)`,
        { consultationId },
      )
      .orderBy('o.name', 'ASC')
      .getMany();
    return {
      consultation,
      organisations,
      sent: await this.messages.list(viewer, consultationId),
    };
  }
}
