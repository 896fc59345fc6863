import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccreditationRequest } from '../accreditation/accreditation-request.entity';
import { ApiToken } from '../accounts/api-token.entity';
import { User } from '../accounts/user.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Clock } from '../common/clock';
import { notFound } from '../common/domain-error';
import { Consultation } from '../consultations/consultation.entity';
import { PersonalDataSections } from '../data-protection/personal-data-sections';
import { FundingApplication } from '../funding/funding-application.entity';
import { Submission } from '../inputs/submission.entity';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { Registration } from '../registrations/registration.entity';
import {
  MyDataResponse,
  MyFundingApplicationResponse,
  MyRegistrationResponse,
} from './my-data.responses';

const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * "Your data": everything held about the signed-in user, read with one manager. A registration
 * they made holds the participant details they entered, so those are theirs too; who registered a
 * registration whose participant they are is someone else's, and not included.
 */
@Injectable()
export class MyDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sections: PersonalDataSections,
    private readonly clock: Clock,
  ) {}

  async collect(userId: string): Promise<MyDataResponse> {
    const manager = this.dataSource.manager;
    const user = await manager.findOneBy(User, { id: userId });
    if (!user) throw notFound();
    const registrations = await this.registrations(manager, user);
    const additional: MyDataResponse['additional'] = {};
    for (const [name, section] of this.sections.entries()) {
      additional[name] = await section(manager, { userId: user.id, email: user.email });
    }
    return {
      exportedAt: this.clock.now().toISOString(),
      account: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        locale: user.locale,
        emailVerifiedAt: iso(user.emailVerifiedAt),
        createdAt: user.createdAt.toISOString(),
      },
      apiTokens: (
        await manager.find(ApiToken, { where: { userId }, order: { createdAt: 'ASC' } })
      ).map((t) => ({
        label: t.label,
        scope: t.scope,
        createdAt: t.createdAt.toISOString(),
        expiresAt: t.expiresAt.toISOString(),
        lastUsedAt: iso(t.lastUsedAt),
      })),
      memberships: await this.memberships(manager, userId),
      registrations,
      fundingApplications: await this.fundingApplications(
        manager,
        userId,
        registrations.map((r) => r.id),
      ),
      ...(await this.authored(manager, userId)),
      additional,
    };
  }

  /** What the user wrote or did themselves: submissions, accreditation requests, audit events. */
  private async authored(manager: EntityManager, userId: string) {
    return {
      submissions: (
        await manager.find(Submission, {
          where: { submittedById: userId },
          order: { createdAt: 'ASC' },
        })
      ).map((s) => ({
        id: s.id,
        consultationId: s.consultationId,
        organisationId: s.organisationId,
        title: s.title,
        body: s.body,
        language: s.language,
        status: s.status,
        submittedAt: iso(s.submittedAt),
        createdAt: s.createdAt.toISOString(),
      })),
      accreditationRequests: (
        await manager.find(AccreditationRequest, {
          where: { submittedById: userId },
          order: { submittedAt: 'ASC' },
        })
      ).map((r) => ({
        id: r.id,
        organisationId: r.organisationId,
        status: r.status,
        submittedAt: r.submittedAt.toISOString(),
      })),
      auditEvents: (
        await manager.find(AuditEvent, {
          select: { action: true, at: true },
          where: { actorId: userId },
          order: { at: 'ASC' },
        })
      ).map((e) => ({ action: e.action, at: e.at.toISOString() })),
    };
  }

  private async memberships(manager: EntityManager, userId: string) {
    const memberships = await manager.find(Membership, {
      where: { userId },
      order: { createdAt: 'ASC' },
    });
    const organisations = await manager.find(Organisation, {
      select: { id: true, name: true },
      where: { id: In(memberships.map((m) => m.organisationId)) },
    });
    const names = new Map(organisations.map((o) => [o.id, o.name]));
    return memberships.map((m) => ({
      organisationId: m.organisationId,
      organisationName: names.get(m.organisationId) ?? '',
      role: m.role,
      since: m.createdAt.toISOString(),
    }));
  }

  private async registrations(
    manager: EntityManager,
    user: User,
  ): Promise<MyRegistrationResponse[]> {
    const rows = await manager.find(Registration, {
      where: [{ registeredById: user.id }, { participantEmail: user.email }],
      order: { createdAt: 'ASC' },
    });
    const consultations = await manager.find(Consultation, {
      select: { id: true, title: true },
      where: { id: In([...new Set(rows.map((r) => r.consultationId))]) },
    });
    const titles = new Map(consultations.map((c) => [c.id, c.title]));
    // The details of a person they registered are theirs to see while they are still a member of
    // that organisation; after they leave, only that they registered someone, and when.
    const memberOf = new Set(
      (await manager.find(Membership, { where: { userId: user.id } })).map((m) => m.organisationId),
    );
    return rows.map((r) =>
      r.participantEmail === user.email || memberOf.has(r.organisationId)
        ? this.registration(r, user, titles)
        : this.withheld(this.registration(r, user, titles)),
    );
  }

  private withheld(row: MyRegistrationResponse): MyRegistrationResponse {
    return {
      ...row,
      participantName: '',
      participantEmail: '',
      position: '',
      gender: 'undisclosed',
      nationality: '',
      accessibilityNeeds: '',
      dietaryNeeds: '',
    };
  }

  private registration(
    r: Registration,
    user: User,
    titles: Map<string, string>,
  ): MyRegistrationResponse {
    return {
      id: r.id,
      consultationId: r.consultationId,
      consultationTitle: titles.get(r.consultationId) ?? '',
      organisationId: r.organisationId,
      asParticipant: r.participantEmail === user.email,
      asRegistrant: r.registeredById === user.id,
      participantName: r.participantName,
      participantEmail: r.participantEmail,
      position: r.position,
      gender: r.gender,
      nationality: r.nationality,
      accessibilityNeeds: r.accessibilityNeeds,
      dietaryNeeds: r.dietaryNeeds,
      needsVisaLetter: r.needsVisaLetter,
      publishConsent: r.publishConsent,
      status: r.status,
      checkedInAt: iso(r.checkedInAt),
      createdAt: r.createdAt.toISOString(),
    };
  }

  private async fundingApplications(
    manager: EntityManager,
    userId: string,
    registrationIds: string[],
  ): Promise<MyFundingApplicationResponse[]> {
    const applications = await manager.find(FundingApplication, {
      where: [{ appliedById: userId }, { registrationId: In(registrationIds) }],
      order: { createdAt: 'ASC' },
    });
    return applications.map((a) => ({
      id: a.id,
      registrationId: a.registrationId,
      consultationId: a.consultationId,
      lines: a.lines.map((line) => ({ kind: line.kind, amount: line.amount })),
      requestedMinor: a.requestedMinor,
      awardedMinor: a.awardedMinor,
      currency: a.currency,
      departureCity: a.departureCity,
      departureCountry: a.departureCountry,
      justification: a.justification,
      couldAttendWithout: a.couldAttendWithout,
      status: a.status,
      decisionReason: a.decisionReason,
      decidedAt: iso(a.decidedAt),
      createdAt: a.createdAt.toISOString(),
    }));
  }
}
