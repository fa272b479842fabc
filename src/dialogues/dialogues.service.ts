import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { byKey, groupByKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { Country } from '../countries/country.entity';
import { Dialogue, DialogueCountry } from './dialogue.entity';

@Injectable()
export class DialoguesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAll(): Promise<Dialogue[]> {
    return this.dataSource.getRepository(Dialogue).find({ order: { id: 'ASC' } });
  }

  findById(id: number): Promise<Dialogue | null> {
    return this.dataSource.getRepository(Dialogue).findOneBy({ id });
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Dialogue | null>('dialogue.byId', async (ids) =>
      byKey(ids, await this.dataSource.getRepository(Dialogue).findBy({ id: In([...ids]) }), (d) => d.id),
    );
  }

  countriesLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Country[]>('dialogue.countries', async (ids) => {
      const links = await this.dataSource.getRepository(DialogueCountry).find({
        where: { dialogueId: In([...ids]) },
        relations: { country: true },
        order: { countryCode: 'ASC' },
      });
      return groupByKey(ids, links, (l) => l.dialogueId).map((list) => list.map((l) => l.country!));
    });
  }

  /** Checks a dialogue id from an input (NOT_FOUND names the path). */
  async requireId(em: EntityManager, raw: string | null | undefined, path: string): Promise<number | null> {
    if (raw == null) return null;
    const id = parseId(raw, path);
    if (!(await em.existsBy(Dialogue, { id }))) throw new NotFoundError('Dialogue', raw, path);
    return id;
  }
}
