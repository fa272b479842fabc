import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Organization } from './organization.entity';

@Injectable()
export class OrganizationsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: number): Promise<Organization | null> {
    return this.dataSource.getRepository(Organization).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Organization[]> {
    return this.dataSource.getRepository(Organization).findBy({ id: In([...ids]) });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Organization | null>('organizations.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}
