import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Participant } from './participant.entity';

@Injectable()
export class ParticipantsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Participant | null> {
    return this.dataSource.getRepository(Participant).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Participant[]> {
    return this.dataSource.getRepository(Participant).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Participant | null>('participants.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
