import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { DataSource } from 'typeorm';

/**
 * SQLite plans queries from statistics it only has once analysed: without them a directory search
 * walks every organisation. `PRAGMA optimize` refreshes what is stale, at start and every hour.
 * (PostgreSQL's autovacuum keeps its own statistics.)
 */
@Injectable()
export class DatabaseStatistics implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3')
      await this.dataSource.query('PRAGMA optimize=0x10002');
  }

  @Cron(CronExpression.EVERY_HOUR, { name: 'sqlite-optimize' })
  async refresh(): Promise<void> {
    if (this.dataSource.options.type === 'better-sqlite3')
      await this.dataSource.query('PRAGMA optimize');
  }
}
