import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound } from '../common/domain-error';
import { Page } from '../common/page';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Membership } from '../organisations/membership.entity';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationsService } from '../organisations/organisations.service';
import { AccreditationDocument } from './accreditation-document.entity';
import { AccreditationEvent } from './accreditation-event.entity';
import {
  AccreditationRequest,
  AccreditationStatus,
  OPEN_STATUSES,
} from './accreditation-request.entity';
import { QueueQueryDto } from './dto/accreditation.dto';

export interface RequestDetail {
  request: AccreditationRequest;
  organisation: Organisation;
  documents: AccreditationDocument[];
  events: AccreditationEvent[];
}

export type QueuedRequest = AccreditationRequest & { organisation: Organisation };

/** What an organisation's accreditation page shows: its requests, the current one in detail. */
export interface OrganisationAccreditation {
  organisation: Organisation;
  membership: Membership | null;
  requests: AccreditationRequest[];
  current: AccreditationRequest | undefined;
  detail: RequestDetail | null;
}

/** The staff queue: one status's requests, and which are of the reviewer's own organisations. */
export interface QueuePage {
  status: AccreditationStatus;
  page: Page<QueuedRequest>;
  ownOrganisationIds: Set<string>;
}

export interface ReviewPage {
  detail: RequestDetail;
  ownOrganisation: boolean;
}

/** What the review queue, the review page and the API read about requests. */
@Injectable()
export class AccreditationQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
  ) {}

  /** The review queue, oldest first; CSO users see only their own organisations' requests. */
  async list(viewer: SignedInUser, query: QueueQueryDto): Promise<Page<QueuedRequest>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const builder = this.dataSource
      .getRepository(AccreditationRequest)
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.organisation', 'o')
      .orderBy('r.submittedAt', 'ASC')
      .addOrderBy('r.id', 'ASC');
    if (!isStaff(viewer)) {
      builder.where(
        'o.id IN (SELECT m."organisationId" FROM memberships m WHERE m."userId" = :viewer)',
        { viewer: viewer.id },
      );
    }
    if (query.status) builder.andWhere('r.status = :status', { status: query.status });
    if (query.country) builder.andWhere('o.country = :country', { country: query.country });
    if (query.region) builder.andWhere('o.region = :region', { region: query.region });
    const [items, total] = await builder
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: items as QueuedRequest[], total, page, pageSize };
  }

  /**
   * The staff queue page: 50 requests of one status (submitted unless asked), and which of them
   * belong to the reviewer's own organisations (they await another reviewer).
   */
  async queuePage(viewer: SignedInUser, query: QueueQueryDto): Promise<QueuePage> {
    const status = query.status ?? AccreditationStatus.Submitted;
    const page = await this.list(viewer, { ...query, status, pageSize: 50 });
    return { status, page, ownOrganisationIds: await this.ownOrganisationIds(viewer) };
  }

  /** One request with its organisation, documents and history: staff, or a member of that organisation. */
  async detail(viewer: SignedInUser, id: string): Promise<RequestDetail> {
    const request = await this.dataSource.getRepository(AccreditationRequest).findOneBy({ id });
    if (!request) throw notFound();
    await this.organisations.assertMember(viewer, request.organisationId);
    const [organisation, documents, events] = await Promise.all([
      this.dataSource.getRepository(Organisation).findOneByOrFail({ id: request.organisationId }),
      this.dataSource
        .getRepository(AccreditationDocument)
        .find({ where: { requestId: id }, order: { createdAt: 'ASC' } }),
      this.dataSource
        .getRepository(AccreditationEvent)
        .find({ where: { requestId: id }, relations: { actor: true }, order: { at: 'ASC' } }),
    ]);
    return { request, organisation, documents, events };
  }

  /** The review page: the request in detail, and whether it is of the reviewer's own organisation. */
  async reviewPage(viewer: SignedInUser, id: string): Promise<ReviewPage> {
    const detail = await this.detail(viewer, id);
    const own = await this.ownOrganisationIds(viewer);
    return { detail, ownOrganisation: own.has(detail.organisation.id) };
  }

  /** The organisation's requests, newest first. */
  async forOrganisation(
    viewer: SignedInUser,
    organisationId: string,
  ): Promise<AccreditationRequest[]> {
    await this.organisations.assertMember(viewer, organisationId);
    return this.dataSource
      .getRepository(AccreditationRequest)
      .find({ where: { organisationId }, order: { createdAt: 'DESC' } });
  }

  /** The organisation's accreditation page: members and staff only. */
  async organisationPage(
    viewer: SignedInUser,
    organisationId: string,
  ): Promise<OrganisationAccreditation> {
    const membership = await this.organisations.assertMember(viewer, organisationId);
    const { organisation } = await this.organisations.findVisible(viewer, organisationId);
    const requests = await this.forOrganisation(viewer, organisationId);
    const current = requests.find((r) => OPEN_STATUSES.includes(r.status)) ?? requests[0];
    const detail = current ? await this.detail(viewer, current.id) : null;
    return { organisation, membership, requests, current, detail };
  }

  private async ownOrganisationIds(viewer: SignedInUser): Promise<Set<string>> {
    const memberships = await this.organisations.myOrganisations(viewer.id);
    return new Set(memberships.map((m) => m.organisationId));
  }
}
