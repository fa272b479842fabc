import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Briefing } from './briefing.entity';

@Injectable()
export class BriefingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Briefing | null> {
    return this.dataSource.getRepository(Briefing).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Briefing[]> {
    return this.dataSource.getRepository(Briefing).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Briefing | null>('briefings.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
