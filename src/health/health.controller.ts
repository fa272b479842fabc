import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/access.decorators';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseFileProblem } from '../database/database-file';
import { ShutdownState } from '../lifecycle/shutdown-state';

/**
 * GET /health: 200 with the database "up" and the instance "up"; 503 when the database is
 * "down" or the instance is draining before it stops (load balancers take it out of rotation).
 * On SQLite the database is also "down" when the file opened has been deleted or replaced
 * (databaseFileProblem): the open descriptor would still answer the ping.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => {
        const instance = this.indicators.check('instance');
        return this.shutdown.draining ? instance.down({ draining: true }) : instance.up();
      },
      () => {
        const problem = databaseFileProblem(this.dataSource);
        return problem ? this.indicators.check('database').down({ message: problem }) : this.db.pingCheck('database', { timeout: 1500 });
      },
    ]);
  }
}
