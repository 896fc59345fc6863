import { Injectable } from '@nestjs/common';
import { DataSource, MoreThan } from 'typeorm';
import { Clock } from '../common/clock';
import { Consultation, ConsultationStatus } from './consultation.entity';

@Injectable()
export class ConsultationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Published consultations that have not ended, soonest first. */
  upcoming(limit = 10): Promise<Consultation[]> {
    return this.dataSource.getRepository(Consultation).find({
      where: { status: ConsultationStatus.Published, endsAt: MoreThan(this.clock.now()) },
      order: { startsAt: 'ASC' },
      take: limit,
    });
  }

  isRegistrationOpen(consultation: Consultation): boolean {
    const now = this.clock.now();
    return (
      consultation.status === ConsultationStatus.Published &&
      consultation.registrationOpensAt <= now &&
      now < consultation.registrationClosesAt
    );
  }
}
