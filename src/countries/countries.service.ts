import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { BadUserInputError, NotFoundError } from '../common/errors/domain-errors';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Country } from './country.entity';

@Injectable()
export class CountriesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAll(): Promise<Country[]> {
    return this.dataSource.getRepository(Country).find({ order: { code: 'ASC' } });
  }

  findByCode(code: string): Promise<Country | null> {
    return this.dataSource.getRepository(Country).findOneBy({ code: code.toUpperCase() });
  }

  byCodeLoader(loaders: LoaderRegistry) {
    return loaders.get<string, Country | null>('country.byCode', async (codes) =>
      byKey(codes, await this.dataSource.getRepository(Country).findBy({ code: In([...codes]) }), (c) => c.code),
    );
  }

  /** Normalises a country code from an input and checks it exists (NOT_FOUND names the path). */
  async requireCode(em: EntityManager, code: string | null | undefined, path: string): Promise<string | null> {
    if (code == null) return null;
    const normalised = code.trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(normalised)) throw BadUserInputError.field(path, 'must be an ISO 3166-1 alpha-2 country code');
    if (!(await em.existsBy(Country, { code: normalised }))) throw new NotFoundError('Country', normalised, path);
    return normalised;
  }
}
