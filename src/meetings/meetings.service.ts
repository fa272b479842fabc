import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Meeting } from './meeting.entity';

@Injectable()
export class MeetingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Meeting | null> {
    return this.dataSource.getRepository(Meeting).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Meeting[]> {
    return this.dataSource.getRepository(Meeting).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Meeting | null>('meetings.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
