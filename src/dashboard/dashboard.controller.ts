import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../auth/access.decorators';
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
  page(@Res() res: Response): void {
    res.type('html').sendFile(join(this.dir, 'index.html'));
  }

  @Get('assets/*path')
  asset(@Param('path') path: string | string[], @Res() res: Response): void {
    const name = Array.isArray(path) ? path.join('/') : path;
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException();
    res.setHeader('Content-Type', asset.type);
    res.setHeader('Cache-Control', name.startsWith('vendor/') ? 'public, max-age=86400' : 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.sendFile(asset.path);
  }
}
