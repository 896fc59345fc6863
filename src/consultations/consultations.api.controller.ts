import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { UserRole } from '../accounts/user.entity';
import { CurrentUser, Public, Roles } from '../common/access.decorators';
import { PageQueryDto } from '../common/page-query.dto';
import { SignedInUser } from '../common/web';
import { Consultation } from './consultation.entity';
import { consultationView } from './consultation.views';
import { ConsultationsService } from './consultations.service';
import { CreateConsultationDto, UpdateConsultationDto } from './dto/consultation.dto';
import { uuid } from '../common/validation';

@ApiTags('consultations')
@ApiBearerAuth()
@Controller('api/v1/consultations')
export class ConsultationsApiController {
  constructor(private readonly consultations: ConsultationsService) {}

  private async view(consultation: Consultation, viewer?: SignedInUser) {
    const full = consultation.sessions
      ? consultation
      : await this.consultations.get(viewer, consultation.id);
    return consultationView(
      full,
      await this.consultations.seats(full),
      this.consultations.isRegistrationOpen(full),
    );
  }

  @Public()
  @Get()
  async list(@Query() query: PageQueryDto, @Req() request: FastifyRequest) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [items, total] = await this.consultations.list(request.user, page, pageSize);
    return {
      items: await Promise.all(items.map((c) => this.view(c, request.user))),
      total,
      page,
      pageSize,
    };
  }

  @Public()
  @Get(':id')
  async read(@Param('id', uuid) id: string, @Req() request: FastifyRequest) {
    return this.view(await this.consultations.get(request.user, id));
  }

  @Roles(UserRole.Admin)
  @Post()
  async create(@CurrentUser() admin: SignedInUser, @Body() body: CreateConsultationDto) {
    return this.view(await this.consultations.create(admin, body), admin);
  }

  @Roles(UserRole.Admin)
  @Patch(':id')
  async update(
    @CurrentUser() admin: SignedInUser,
    @Param('id', uuid) id: string,
    @Body() body: UpdateConsultationDto,
  ) {
    return this.view(await this.consultations.update(admin, id, body), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/publish')
  @HttpCode(200)
  async publish(@CurrentUser() admin: SignedInUser, @Param('id', uuid) id: string) {
    return this.view(await this.consultations.publish(admin, id), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/cancel')
  @HttpCode(200)
  async cancel(@CurrentUser() admin: SignedInUser, @Param('id', uuid) id: string) {
    return this.view(await this.consultations.cancel(admin, id), admin);
  }

  @Roles(UserRole.Admin)
  @Post(':id/complete')
  @HttpCode(200)
  async complete(@CurrentUser() admin: SignedInUser, @Param('id', uuid) id: string) {
    return this.view(await this.consultations.complete(admin, id), admin);
  }

  /** Next year's edition as a draft: same text, agenda and rules, one year later. */
  @Roles(UserRole.Admin)
  @Post(':id/clone')
  async clone(@CurrentUser() admin: SignedInUser, @Param('id', uuid) id: string) {
    return this.view(await this.consultations.clone(admin, id), admin);
  }
}
