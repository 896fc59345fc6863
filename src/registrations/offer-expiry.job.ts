import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { RegistrationsService } from './registrations.service';

/**
 * Every minute, offers not taken in time expire and their seats pass on (the use case is
 * `RegistrationsService.expireOffers`; each offer expires in its own transaction under the
 * consultation's lock, so two instances running the job at once expire it once).
 */
@Injectable()
export class OfferExpiryJob {
  constructor(private readonly registrations: RegistrationsService) {}

  @Cron(CronExpression.EVERY_MINUTE, { name: 'expire-offers', waitForCompletion: true })
  run(): Promise<number> {
    return this.registrations.expireOffers();
  }
}
