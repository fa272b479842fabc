import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Commitment } from './commitment.entity';

@Injectable()
export class CommitmentsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Commitment | null> {
    return this.dataSource.getRepository(Commitment).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Commitment[]> {
    return this.dataSource.getRepository(Commitment).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Commitment | null>('commitments.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
