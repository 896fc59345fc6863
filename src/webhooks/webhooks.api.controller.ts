import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/access.decorators';
import { ApiErrors, PageResponse, PageResponseOf } from '../common/api-responses';
import { PageQueryDto } from '../common/page-query.dto';
import { UserRole } from '../common/roles';
import { uuid } from '../common/validation';
import { SignedInUser } from '../common/web';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhooks.dto';
import {
  WebhookDeliveryResponse,
  WebhookEndpointResponse,
  WebhookSecretResponse,
} from './webhooks.responses';
import { WebhooksService } from './webhooks.service';
import { deliveryPageView, endpointPageView, endpointView, secretView } from './webhooks.views';

@ApiTags('admin')
@ApiBearerAuth()
@Roles(UserRole.Admin)
@Controller('api/v1/admin/webhooks')
export class WebhooksApiController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({
    type: WebhookSecretResponse,
    description: 'The secret is shown this once.',
  })
  @ApiErrors(400, 401, 403)
  async create(
    @CurrentUser() admin: SignedInUser,
    @Body() body: CreateWebhookDto,
  ): Promise<WebhookSecretResponse> {
    return secretView(await this.webhooks.create(admin, body));
  }

  @Get()
  @ApiOkResponse({ type: PageResponse(WebhookEndpointResponse) })
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<PageResponseOf<WebhookEndpointResponse>> {
    return endpointPageView(await this.webhooks.list(query.page, query.pageSize));
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: PageResponse(WebhookDeliveryResponse) })
  @ApiErrors(400, 401, 403, 404)
  async deliveries(
    @Param('id', uuid) id: string,
    @Query() query: PageQueryDto,
  ): Promise<PageResponseOf<WebhookDeliveryResponse>> {
    return deliveryPageView(await this.webhooks.deliveries(id, query.page, query.pageSize));
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookEndpointResponse })
  @ApiErrors(400, 401, 403, 404)
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookEndpointResponse> {
    return endpointView(await this.webhooks.setEnabled(admin, id, body.enabled));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  @ApiErrors(400, 401, 403, 404)
  async remove(@CurrentUser() admin: SignedInUser, @Param('id', uuid) id: string): Promise<void> {
    await this.webhooks.remove(admin, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookSecretResponse, description: 'The new secret, shown this once.' })
  @ApiErrors(400, 401, 403, 404)
  async rotateSecret(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
  ): Promise<WebhookSecretResponse> {
    return secretView(await this.webhooks.rotateSecret(admin, id));
  }
}
