import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { FieldCipher } from '../common/field-cipher';
import { Page } from '../common/page';
import { isStaff, Locale } from '../common/roles';
import { SignedInUser } from '../common/web';
import { lettersConfig } from '../config';
import { Consultation, ConsultationStatus } from '../consultations/consultation.entity';
import { FundingApplication, FundingStatus } from '../funding/funding-application.entity';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { findByParticipantToken } from '../registrations/participant-links';
import { Registration } from '../registrations/registration.entity';
import { LetterQueueQueryDto } from './dto/letter.dto';
import { LetterRequest, LetterStatus } from './letter-request.entity';
import { participantLocale } from './letters.notices';
import { CIPHER_CONTEXT, codeHash, maskPassportNumber } from './letters.rules';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A letter row as staff and members read it: passport number masked, never in clear. */
export interface LetterRecord {
  letter: LetterRequest;
  passportNumberMasked: string | null;
  participantName: string;
  organisationName: string;
}

/** Everything one letter prints, read when it is rendered (passport number decrypted then only). */
export interface LetterFacts {
  letter: LetterRequest;
  code: string;
  passportNumber: string;
  registration: Registration;
  consultation: Consultation;
  organisation: Organisation;
  funding: { amountMinor: number; currency: string } | null;
  locale: Locale;
}

export interface Verification {
  status: 'valid' | 'revoked' | 'expired';
  participantName: string;
  passportNumber: string | null;
  issuedAt: Date;
  consultation: Consultation;
}

/** Reads of letters: one request, the staff queue, a download, a verification. */
@Injectable()
export class LetterQueries {
  constructor(
    @Inject(lettersConfig.KEY) private readonly config: ConfigType<typeof lettersConfig>,
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
  ) {}

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The registration's newest letter request, for its organisation and staff. */
  async forRegistration(viewer: SignedInUser, registrationId: string): Promise<LetterRecord> {
    const registration = await this.manager.findOneBy(Registration, { id: registrationId });
    if (!registration || !(await this.mayRead(viewer, registration.organisationId)))
      throw notFound();
    const letter = await this.latest(registration);
    if (!letter) throw notFound();
    return this.byId(letter.id);
  }

  /** What a participant's own link opens: the registration, its consultation and newest letter. */
  async forParticipant(token: string) {
    const registration = await findByParticipantToken(this.manager, token, this.clock.now());
    if (!registration) throw notFound();
    const letter = await this.latest(registration);
    return {
      registration,
      consultation: registration.consultation,
      letter: letter ? this.record(letter, registration) : null,
    };
  }

  /** One letter row as the API answers it (after a use case changed it). */
  async byId(id: string): Promise<LetterRecord> {
    const letter = await this.manager.findOneOrFail(LetterRequest, {
      where: { id },
      relations: { registration: { organisation: true } },
    });
    return this.record(letter, letter.registration!);
  }

  latest(registration: Registration): Promise<LetterRequest | null> {
    return this.manager.findOne(LetterRequest, {
      where: {
        registrationId: registration.id,
        participantVersion: registration.participantVersion,
      },
      order: { createdAt: 'DESC' },
    });
  }

  /** The staff queue of one consultation, oldest request first, filtered by status and consulate. */
  async queue(consultationId: string, query: LetterQueueQueryDto): Promise<Page<LetterRecord>> {
    if (!(await this.manager.existsBy(Consultation, { id: consultationId }))) throw notFound();
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [letters, total] = await this.manager.findAndCount(LetterRequest, {
      where: {
        consultationId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.consulateCountry ? { consulateCountry: query.consulateCountry } : {}),
      },
      relations: { registration: { organisation: true } },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    const items = letters.map((letter) => this.record(letter, letter.registration!));
    return { items, total, page, pageSize };
  }

  /** An issued letter its organisation or staff may download; anything else is 404. */
  async downloadable(viewer: SignedInUser, id: string): Promise<LetterRequest> {
    const letter = await this.manager.findOneBy(LetterRequest, { id });
    if (!letter || !(await this.mayRead(viewer, letter.organisationId))) throw notFound();
    if (letter.status !== LetterStatus.Issued) throw notFound();
    return letter;
  }

  /** The participant's own issued letter, through their link. */
  async downloadableByToken(token: string): Promise<LetterRequest> {
    const { letter } = await this.forParticipant(token);
    if (letter?.letter.status !== LetterStatus.Issued) throw notFound();
    return letter.letter;
  }

  /** What a consulate learns from a code; unknown codes are 404. */
  async verify(code: string): Promise<Verification> {
    const letter = await this.manager.findOne(LetterRequest, {
      where: { verificationCodeHash: codeHash(code) },
      relations: { registration: { consultation: true } },
    });
    if (!letter?.issuedAt) throw notFound();
    const consultation = letter.registration!.consultation!;
    const expired =
      letter.passportErasedAt !== null ||
      this.clock.now().getTime() >
        consultation.endsAt.getTime() + this.config.passportRetentionDays * DAY_MS;
    const status =
      letter.status === LetterStatus.Revoked || consultation.status === ConsultationStatus.Cancelled
        ? 'revoked'
        : expired
          ? 'expired'
          : 'valid';
    return {
      status,
      participantName: letter.passportName,
      passportNumber:
        expired || !letter.passportNumber
          ? null
          : maskPassportNumber(
              this.cipher.decrypt(letter.passportNumber, CIPHER_CONTEXT.passportNumber),
            ),
      issuedAt: letter.issuedAt,
      consultation,
    };
  }

  /** What an issued letter prints, or null when it is no longer issued (revoked since queued). */
  async facts(id: string): Promise<LetterFacts | null> {
    const letter = await this.manager.findOne(LetterRequest, {
      where: { id },
      relations: { registration: { consultation: true, organisation: true } },
    });
    if (
      letter?.status !== LetterStatus.Issued ||
      !letter.verificationCode ||
      !letter.passportNumber
    )
      return null;
    const registration = letter.registration!;
    const award = await this.manager.findOneBy(FundingApplication, {
      registrationId: registration.id,
      status: FundingStatus.Awarded,
    });
    return {
      letter,
      code: this.cipher.decrypt(letter.verificationCode, CIPHER_CONTEXT.verificationCode),
      passportNumber: this.cipher.decrypt(letter.passportNumber, CIPHER_CONTEXT.passportNumber),
      registration,
      consultation: registration.consultation!,
      organisation: registration.organisation!,
      funding: award?.awardedMinor
        ? { amountMinor: award.awardedMinor, currency: award.currency }
        : null,
      locale: await participantLocale(this.manager, registration),
    };
  }

  private record(letter: LetterRequest, registration: Registration): LetterRecord {
    return {
      letter,
      passportNumberMasked: letter.passportNumber
        ? maskPassportNumber(
            this.cipher.decrypt(letter.passportNumber, CIPHER_CONTEXT.passportNumber),
          )
        : null,
      participantName: registration.participantName,
      organisationName: registration.organisation?.name ?? '',
    };
  }

  private async mayRead(viewer: SignedInUser, organisationId: string): Promise<boolean> {
    return (
      isStaff(viewer) ||
      Boolean(await this.organisations.membership(this.manager, viewer.id, organisationId))
    );
  }
}
