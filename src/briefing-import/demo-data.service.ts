import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Briefing } from '../briefings/briefing.entity';
import { loadConfig } from '../config/configuration';
import { ReferenceDataService } from '../reference-data/reference-data.service';
import { withStartupLock } from '../database/startup-lock';
import { projectRoot } from '../common/project-root';
import { CommitmentKind } from '../commitments/commitment.enums';
import { CommitmentCandidate } from '../candidates/commitment-candidate.entity';
import { DEFAULT_MIN_CONFIDENCE } from '../ingest/commitment-model';
import { BriefingImportService } from './briefing-import.service';

/** Public-domain briefings shipped with the project (demo/), served on a first start. */
export const DEMO_DIR = join(projectRoot(), 'demo');

/**
 * The candidates the demo accepts, as a careful reviewer would: those the model is at least as
 * sure of as its default threshold, and nothing procedural (talk about the call itself never
 * becomes a candidate; a procedural promise such as "we'll get back to you" is not tracked).
 */
export function demoAccepts(candidate: Pick<CommitmentCandidate, 'confidence' | 'kind'>): boolean {
  return candidate.confidence >= DEFAULT_MIN_CONFIDENCE && candidate.kind !== CommitmentKind.PROCEDURAL;
}

/**
 * On first start with no briefings, ingests the demo briefings and accepts their candidates the
 * way a careful reviewer would (demoAccepts), so a new user's first query already shows real
 * data, with no talk about the call on the dashboard. DEMO_DATA=false turns it off.
 * Restarting never duplicates (ingest is idempotent by text, and it only runs on an empty database).
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoDataService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referenceData: ReferenceDataService,
    private readonly ingest: BriefingImportService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!loadConfig().demoData) return;
    await this.load();
  }

  async load(dir = DEMO_DIR): Promise<number> {
    await this.referenceData.ensure();
    // Instances starting together load it once: the next one finds the briefing there.
    return withStartupLock(this.dataSource, () => this.loadBriefings(dir));
  }

  private async loadBriefings(dir: string): Promise<number> {
    if (await this.dataSource.getRepository(Briefing).exists()) return 0;
    let loaded = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
      const result = await this.ingest.ingest({ text: readFileSync(join(dir, file), 'utf8') }, 'demo-data', null, demoAccepts);
      loaded += result.alreadyIngested ? 0 : 1;
      this.logger.log(`Demo data: ${file}: ${result.created.statements} statements, ${result.created.commitments} commitments`);
    }
    return loaded;
  }
}

