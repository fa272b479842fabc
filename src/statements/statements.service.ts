import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Statement } from './statement.entity';

@Injectable()
export class StatementsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Statement | null> {
    return this.dataSource.getRepository(Statement).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Statement[]> {
    return this.dataSource.getRepository(Statement).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Statement | null>('statements.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
