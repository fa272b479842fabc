import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { readFile } from 'node:fs/promises';
import { Public } from '../common/security/access.decorators';
import { join } from 'node:path';
import { DASHBOARD_CSP, dashboardAssets, dashboardDir } from './dashboard-assets';

/**
 * The dashboard page at `/` and its files under `/assets/`. The page itself reads only the
 * public GraphQL API (POST /graphql, and the commitmentChanged subscription over graphql-ws).
 */
/** Static files only: the page asks for a token and reads the API with it. */
@Public()
@Controller()
export class DashboardController {
  private readonly dir = dashboardDir();
  private readonly assets = dashboardAssets(this.dir);

  @Get()
  @Header('Content-Security-Policy', DASHBOARD_CSP)
  @Header('Cache-Control', 'no-cache')
  async page(@Res() reply: FastifyReply): Promise<void> {
    await reply.type('text/html; charset=utf-8').send(await readFile(join(this.dir, 'index.html')));
  }

  @Get('assets/*')
  async asset(@Param('*') name: string, @Res() reply: FastifyReply): Promise<void> {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    // Small files, read whole (sent with their length).
    const body = await readFile(asset.path);
    await reply
      .header('Content-Type', asset.type)
      .header('Cache-Control', name.startsWith('vendor/') ? 'public, max-age=86400' : 'no-cache')
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }
}
