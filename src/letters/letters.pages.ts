import { pagerLinks } from '../common/pager';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { isStaff, Locale } from '../common/roles';
import { SignedInUser } from '../common/web';
import { lettersConfig } from '../config';
import { Consultation } from '../consultations/consultation.entity';
import { consultationSummary } from '../consultations/consultation.views';
import { countryOptions } from '../organisations/countries';
import { OrganisationsService } from '../organisations/organisations.service';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { LetterQueueQueryDto } from './dto/letter.dto';
import { LETTER_STATUSES } from './letter-request.entity';
import { LetterQueries, LetterRecord } from './letters.queries';
import { addDays, dayIn } from './letters.rules';
import { letterRow } from './letters.views';

/** The view models of the letter pages (`views/letters/`). */
@Injectable()
export class LetterPages {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly queries: LetterQueries,
  ) {}

  /** The participant's page, through their own link. */
  async forToken(request: FastifyRequest, token: string) {
    const { registration, consultation, letter } = await this.queries.forParticipant(token);
    const query = `?token=${encodeURIComponent(token)}`;
    return {
      ...this.requestPage(request.locale ?? 'en', registration, consultation, letter),
      action: '/my-registration/letter',
      token,
      pdfUrl: `/my-registration/letter.pdf${query}`,
    };
  }

  /** A member's page for one of the organisation's registrations (staff may read it). */
  async forMember(request: FastifyRequest, viewer: SignedInUser, registrationId: string) {
    const registration = await this.dataSource.manager.findOne(Registration, {
      where: { id: registrationId },
      relations: { consultation: true },
    });
    const member =
      registration &&
      (await this.organisations.membership(
        this.dataSource.manager,
        viewer.id,
        registration.organisationId,
      ));
    if (!registration || (!member && !isStaff(viewer))) throw notFound();
    const latest = await this.queries.latest(registration);
    const letter = latest ? await this.queries.byId(latest.id) : null;
    return {
      ...this.requestPage(request.locale ?? 'en', registration, registration.consultation!, letter),
      action: `/registrations/${registration.id}/letter`,
      canRequest: Boolean(member) && this.available(registration) === null,
      pdfUrl: letter ? `/api/v1/letter-requests/${letter.letter.id}/letter.pdf` : null,
      backUrl: `/organisations/${registration.organisationId}/delegation`,
    };
  }

  private available(registration: Registration): string | null {
    if (registration.status !== RegistrationStatus.Confirmed) return 'errors.letter_not_confirmed';
    if (!registration.needsVisaLetter) return 'errors.letter_not_needed';
    return null;
  }

  private requestPage(
    locale: Locale,
    registration: Registration,
    consultation: Consultation,
    letter: LetterRecord | null,
  ) {
    const unavailable = this.available(registration);
    const earliest = addDays(
      dayIn(consultation.startsAt, consultation.timezone),
      -this.config.windowDaysBefore,
    );
    const latest = addDays(
      dayIn(consultation.endsAt, consultation.timezone),
      this.config.windowDaysAfter,
    );
    const previous = letter?.letter;
    return {
      title: 'letters.request_title',
      consultation: consultationSummary(consultation, locale, false),
      participantName: registration.participantName,
      letter: letter ? letterRow(letter, locale, consultation.timezone) : null,
      unavailable,
      canRequest: unavailable === null,
      countries: countryOptions(locale),
      window: { earliest, latest },
      passportValidMonths: this.config.passportValidMonths,
      form: {
        values: {
          passportName: previous?.passportName ?? registration.participantName,
          nationality: previous?.nationality ?? registration.nationality,
          passportExpiry: previous?.passportExpiry ?? '',
          consulateCity: previous?.consulateCity ?? '',
          consulateCountry: previous?.consulateCountry ?? registration.nationality,
          arrivalDate: previous?.arrivalDate ?? '',
          departureDate: previous?.departureDate ?? '',
        },
      },
    };
  }

  /** The staff queue of one consultation with its filters. */
  async queue(
    request: FastifyRequest,
    viewer: SignedInUser,
    consultationId: string,
    query: LetterQueueQueryDto,
  ) {
    const locale = request.locale ?? 'en';
    const consultation = await this.dataSource.manager.findOneBy(Consultation, {
      id: consultationId,
    });
    if (!consultation) throw notFound();
    const page = await this.queries.queue(consultationId, query);
    const own = new Set(
      (await this.organisations.myOrganisations(viewer.id)).map((m) => m.organisationId),
    );
    return {
      title: 'letters.queue_title',
      consultation: consultationSummary(consultation, locale, false),
      filters: {
        statuses: LETTER_STATUSES.map((status) => ({ status, selected: status === query.status })),
        countries: countryOptions(locale, query.consulateCountry),
      },
      total: page.total,
      pager: pagerLinks(
        `/staff/consultations/${consultationId}/letters`,
        { status: query.status, consulateCountry: query.consulateCountry },
        page,
      ),
      letters: page.items.map((record) => ({
        ...letterRow(record, locale, consultation.timezone),
        ownOrganisation: own.has(record.letter.organisationId),
        pdfUrl: `/api/v1/letter-requests/${record.letter.id}/letter.pdf`,
      })),
    };
  }
}
