import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page } from '../common/page';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { Organisation } from '../organisations/organisation.entity';
import { AccreditationRequest } from './accreditation-request.entity';
import { QueueQueryDto } from './dto/accreditation.dto';

/** What the review queue reads. */
@Injectable()
export class AccreditationQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** The review queue, oldest first; CSO users see only their own organisations' requests. */
  async list(
    viewer: SignedInUser,
    query: QueueQueryDto,
  ): Promise<Page<AccreditationRequest & { organisation: Organisation }>> {
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
    return {
      items: items as (AccreditationRequest & { organisation: Organisation })[],
      total,
      page,
      pageSize,
    };
  }
}
