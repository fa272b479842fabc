import { Controller, Get } from '@nestjs/common';
import { Public } from '../common/security/access.decorators';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
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
const PING_TIMEOUT_MS = 1500;

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
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
        return problem ? this.indicators.check('database').down({ message: problem }) : this.ping();
      },
    ]);
  }

  /**
   * `SELECT 1` within 1.5 s. Not terminus's TypeOrmHealthIndicator: it loads @nestjs/typeorm
   * again by name at run time, a second copy beside the bundled server's.
   */
  private async ping() {
    const database = this.indicators.check('database');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout of 1500 ms exceeded')), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), timeout]);
      return database.up();
    } catch (error) {
      return database.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
