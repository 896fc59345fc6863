import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/access.decorators';
import { ApiErrors } from '../common/api-responses';
import { UserRole } from '../common/roles';
import { Transactions } from '../database/transactions';
import { checkCounters } from './counter-check';
import { CounterCheckResponse } from './counters.responses';

/** The admin's view of `npm run check-counters`: do the registration counters equal the rows? */
@Roles(UserRole.Admin)
@Controller()
export class CountersController {
  constructor(private readonly transactions: Transactions) {}

  @ApiTags('admin')
  @ApiBearerAuth()
  @Get('api/v1/admin/counters/check')
  @ApiOkResponse({ type: CounterCheckResponse })
  @ApiErrors(401, 403)
  check(): Promise<CounterCheckResponse> {
    return this.transactions.run((manager) => checkCounters(manager));
  }
}
