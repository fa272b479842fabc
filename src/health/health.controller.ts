import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/access.decorators';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ShutdownState } from '../lifecycle/shutdown-state';

/**
 * GET /health: 200 with the database "up" and the instance "up"; 503 when the database is
 * "down" or the instance is draining before it stops (load balancers take it out of rotation).
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => {
        const instance = this.indicators.check('instance');
        return this.shutdown.draining ? instance.down({ draining: true }) : instance.up();
      },
      () => this.db.pingCheck('database', { timeout: 1500 }),
    ]);
  }
}
