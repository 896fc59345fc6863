import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { formatDate } from '../common/dates';
import { notFound } from '../common/domain-error';
import { hostIdentity } from '../common/host';
import { Locale } from '../common/roles';
import { SignedInUser } from '../common/web';
import { hostConfig } from '../config/host.config';
import { consultationSummary, consultationTexts } from '../consultations/consultation.views';
import { ConsultationsService } from '../consultations/consultations.service';
import { AttachmentRequest, MailAttachments, RenderedAttachment } from '../mail/mail-attachments';
import { countryName } from '../organisations/countries';
import { CheckInCodes, shortCode } from '../registrations/check-in-code';
import { findByParticipantToken } from '../registrations/participant-links';
import { Registration, RegistrationStatus } from '../registrations/registration.entity';
import { RegistrationQueries } from '../registrations/registration.queries';
import { BadgeFace, BadgeLayout, badgePdf, badgePdfBuffer } from './badge.pdf';

type BadgeHolder = Registration & Required<Pick<Registration, 'consultation' | 'organisation'>>;

/** A PDF ready to stream, and the name it downloads as. */
export interface BadgeDocument {
  filename: string;
  pdf: PDFKit.PDFDocument;
}

/**
 * Badges of confirmed participants: rendered when asked (a download, a mail at send time), never
 * stored. Each carries the participant's current check-in code, so a substitution makes the old
 * badge useless at the door.
 */
@Injectable()
export class BadgesService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrations: RegistrationQueries,
    private readonly consultations: ConsultationsService,
    private readonly codes: CheckInCodes,
    private readonly attachments: MailAttachments,
    private readonly clock: Clock,
    @Inject(hostConfig.KEY) private readonly host: ConfigType<typeof hostConfig>,
  ) {}

  onModuleInit() {
    this.attachments.register('badge', (request, locale) => this.attachment(request, locale));
  }

  /** One participant's A6 badge, for their organisation and staff; 404 unless confirmed. */
  async badge(viewer: SignedInUser, id: string, locale: Locale): Promise<BadgeDocument> {
    await this.registrations.get(viewer, id);
    return this.single(await this.holder(id), locale);
  }

  /** A participant's own badge from their link (`/my-registration/badge.pdf?token=`). */
  async participantBadge(token: string, locale: Locale): Promise<BadgeDocument> {
    const found = await findByParticipantToken(this.dataSource.manager, token, this.clock.now());
    if (!found) throw notFound();
    return this.single(await this.holder(found.id), locale);
  }

  /** Every confirmed participant's badge, by organisation then name, on A4 sheets (or A6 pages). */
  async sheet(
    viewer: SignedInUser,
    consultationId: string,
    layout: BadgeLayout,
    locale: Locale,
  ): Promise<BadgeDocument> {
    const consultation = await this.consultations.get(viewer, consultationId);
    const holders = (await this.dataSource
      .getRepository(Registration)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.organisation', 'o')
      .where('r.consultationId = :consultationId', { consultationId })
      .andWhere('r.status = :status', { status: RegistrationStatus.Confirmed })
      .orderBy('o.name', 'ASC')
      .addOrderBy('r.participantName', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany()) as BadgeHolder[];
    const faces = holders.map((r) => this.face({ ...r, consultation }, locale));
    const title = consultationTexts(consultation, locale).title.text;
    return { filename: 'badges.pdf', pdf: badgePdf(faces, layout, title) };
  }

  /** The staff page of a consultation's badges: how many there are to print. */
  async staffPage(viewer: SignedInUser, consultationId: string, locale: Locale) {
    const consultation = await this.consultations.get(viewer, consultationId);
    const seats = await this.consultations.seats(consultation);
    return {
      consultation: consultationSummary(consultation, locale, false),
      confirmed: seats.confirmed,
    };
  }

  /** The `badge` mail attachment: null when the seat or the person changed since the mail was queued. */
  private async attachment(
    request: AttachmentRequest,
    locale: Locale,
  ): Promise<RenderedAttachment | null> {
    const id = typeof request.registrationId === 'string' ? request.registrationId : '';
    const holder = await this.dataSource.getRepository(Registration).findOne({
      where: { id },
      relations: { consultation: true, organisation: true },
    });
    if (
      !holder?.consultation ||
      !holder.organisation ||
      holder.status !== RegistrationStatus.Confirmed ||
      holder.participantVersion !== request.participantVersion
    )
      return null;
    const face = this.face(holder as BadgeHolder, locale);
    return {
      filename: 'badge.pdf',
      contentType: 'application/pdf',
      content: await badgePdfBuffer([face], 1, face.name),
    };
  }

  private async holder(id: string): Promise<BadgeHolder> {
    const holder = await this.dataSource.getRepository(Registration).findOne({
      where: { id },
      relations: { consultation: true, organisation: true },
    });
    if (!holder?.consultation || !holder.organisation) throw notFound();
    if (holder.status !== RegistrationStatus.Confirmed) throw notFound();
    return holder as BadgeHolder;
  }

  private single(holder: BadgeHolder, locale: Locale): BadgeDocument {
    const face = this.face(holder, locale);
    return { filename: 'badge.pdf', pdf: badgePdf([face], 1, face.name) };
  }

  private face(r: BadgeHolder, locale: Locale): BadgeFace {
    const c = r.consultation;
    const starts = formatDate(c.startsAt, locale, c.timezone);
    const ends = formatDate(c.endsAt, locale, c.timezone);
    return {
      name: r.participantName,
      position: r.position,
      organisation: r.organisation.name,
      country: countryName(r.organisation.country, locale),
      consultation: consultationTexts(c, locale).title.text,
      dates: starts === ends ? starts : `${starts} – ${ends}`,
      place: [c.venue, c.city].filter(Boolean).join(', '),
      host: hostIdentity(this.host, locale).name,
      code: this.codes.codeFor(r)!,
      shortCode: shortCode(r.id),
    };
  }
}
