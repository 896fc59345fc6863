import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Page } from '../common/page';
import { isStaff } from '../common/roles';
import { SignedInUser } from '../common/web';
import { containsPattern, LIKE_ESCAPE } from '../database/like';
import { Transactions } from '../database/transactions';
import { DirectoryQueryDto } from './dto/organisation.dto';
import { normalise, prefixEnd } from './names';
import { ObserverStatus, Organisation } from './organisation.entity';

/** The directory's search, read by the API and the public page. */
@Injectable()
export class DirectoryQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  /** The public directory page: observers only, whoever asks. */
  publicDirectory(query: DirectoryQueryDto): Promise<Page<Organisation>> {
    return this.search(undefined, { ...query, observer: true, pageSize: query.pageSize ?? 20 });
  }

  /**
   * The directory. Words of `q` match the start of any word of the name or acronym, without
   * regard to case or accents, through the term index. Only staff see organisations that are
   * not observers.
   */
  async search(
    viewer: SignedInUser | undefined,
    query: DirectoryQueryDto,
  ): Promise<Page<Organisation>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const builder = this.dataSource.getRepository(Organisation).createQueryBuilder('o');
    // On SQLite the unary + keeps the planner on the term index, so a rare word costs the same
    // with a thousand organisations or a hundred thousand; PostgreSQL's statistics choose that alone.
    const observerColumn = this.transactions.onPostgres ? 'o.observerStatus' : '+o.observerStatus';
    if (!isStaff(viewer) || query.observer === true) {
      builder.where(`${observerColumn} = :observer`, { observer: ObserverStatus.Observer });
    } else if (query.observer === false) {
      builder.where(`${observerColumn} != :observer`, { observer: ObserverStatus.Observer });
    } else {
      builder.where('1 = 1');
    }
    // A merged organisation is a signpost to the one it became, never a search result.
    builder.andWhere('o.mergedIntoId IS NULL');
    const words = normalise(query.q ?? '')
      .split(' ')
      .filter(Boolean)
      .slice(0, 5);
    words.forEach((word, i) => {
      builder.andWhere(
        `o.id IN (SELECT t${i}."organisationId" FROM organisation_terms t${i} WHERE t${i}.term >= :from${i} AND t${i}.term < :to${i})`,
        { [`from${i}`]: word, [`to${i}`]: prefixEnd(word) },
      );
    });
    if (query.country) builder.andWhere('o.country = :country', { country: query.country });
    if (query.region) builder.andWhere('o.region = :region', { region: query.region });
    if (query.type) builder.andWhere('o.type = :type', { type: query.type });
    if (query.thematicArea)
      builder.andWhere(`o.thematicAreas LIKE :area ${LIKE_ESCAPE}`, {
        area: containsPattern(`"${query.thematicArea}"`),
      });
    const [items, total] = await builder
      .orderBy('o.name', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items, total, page, pageSize };
  }
}
