import { Injectable } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { DataSource } from 'typeorm';
import { Page } from '../common/page';
import { PageQueryDto } from '../common/page-query.dto';
import { Optional } from '../common/validation';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';

export class OutboxQueryDto extends PageQueryDto {
  @Optional()
  @IsIn(Object.values(OutboxStatus), { message: 'errors.status_invalid' })
  status?: OutboxStatus;
}

/** What the admin's outbox list reads, newest first. */
@Injectable()
export class OutboxQueries {
  constructor(private readonly dataSource: DataSource) {}

  async page(query: OutboxQueryDto): Promise<Page<OutboxMessage>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [items, total] = await this.dataSource.getRepository(OutboxMessage).findAndCount({
      where: query.status ? { status: query.status } : {},
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total, page, pageSize };
  }
}
