import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { UserRole } from './roles';
import { SignedInUser } from './web';

export const PUBLIC_KEY = 'convene:public';
export const ROLES_KEY = 'convene:roles';

/** Anyone may call this route; without it, every route needs a signed-in user. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call this route. */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES_KEY, roles);

export const Staff = () => Roles(UserRole.Reviewer, UserRole.Admin);

export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): SignedInUser | undefined =>
    context.switchToHttp().getRequest<FastifyRequest>().user,
);
