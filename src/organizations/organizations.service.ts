import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { CommitmentParty } from '../commitments/commitment.entity';
import { conflictOnDuplicate } from '../common/errors/db-errors';
import { BadUserInputError, ConflictError, NotFoundError } from '../common/errors/domain-errors';
import { parseId } from '../common/ids';
import { byKey, LoaderRegistry } from '../common/loaders/loader-registry';
import { ConnectionResult, OrderDirection } from '../common/pagination/connection.types';
import { paginate, SortKey } from '../common/pagination/paginate';
import { LIKE_ESCAPE, likePattern } from '../common/sql/like';
import { CountriesService } from '../countries/countries.service';
import { Participant } from '../participants/participant.entity';
import { CreateOrganizationInput } from './dto/create-organization.input';
import { OrganizationFilter, OrganizationOrder, OrganizationOrderField, OrganizationsArgs } from './dto/organizations.args';
import { UpdateOrganizationInput } from './dto/update-organization.input';
import { Organization } from './organization.entity';

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly countries: CountriesService,
  ) {}

  findById(id: number): Promise<Organization | null> {
    return this.dataSource.getRepository(Organization).findOneBy({ id });
  }

  findByIds(ids: readonly number[]): Promise<Organization[]> {
    return this.dataSource.getRepository(Organization).findBy({ id: In([...ids]) });
  }

  list(args: OrganizationsArgs): Promise<ConnectionResult<Organization>> {
    const qb = this.dataSource.getRepository(Organization).createQueryBuilder('o');
    applyFilter(qb, args.filter ?? {});
    return paginate(qb, args, sortKeys(args.orderBy ?? new OrganizationOrder()));
  }

  async create(input: CreateOrganizationInput): Promise<Organization> {
    return this.dataSource.transaction(async (em) => {
      const now = new Date();
      const organization = em.create(Organization, {
        name: input.name.trim(),
        acronym: input.acronym?.trim() ?? null,
        kind: input.kind,
        countryCode: await this.countries.requireCode(em, input.countryCode, 'input.countryCode'),
        createdAt: now,
        updatedAt: now,
      });
      return conflictOnDuplicate(() => em.save(organization), `An organization named "${organization.name}" already exists`);
    });
  }

  async update(rawId: string, input: UpdateOrganizationInput): Promise<Organization> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      const organization = await em.findOneBy(Organization, { id });
      if (!organization) throw new NotFoundError('Organization', rawId, 'id');
      for (const field of ['name', 'kind'] as const) if (input[field] === null) throw BadUserInputError.field(`input.${field}`, 'cannot be null');
      if (input.name != null) organization.name = input.name.trim();
      if (input.acronym !== undefined) organization.acronym = input.acronym?.trim() ?? null;
      if (input.kind != null) organization.kind = input.kind;
      if (input.countryCode !== undefined) organization.countryCode = await this.countries.requireCode(em, input.countryCode, 'input.countryCode');
      organization.updatedAt = new Date();
      return conflictOnDuplicate(() => em.save(organization), `An organization named "${organization.name}" already exists`);
    });
  }

  /** Refused (CONFLICT) while participants belong to it or commitments bind it. */
  async delete(rawId: string): Promise<string> {
    const id = parseId(rawId, 'id');
    return this.dataSource.transaction(async (em) => {
      if (!(await em.existsBy(Organization, { id }))) throw new NotFoundError('Organization', rawId, 'id');
      if (await em.existsBy(Participant, { organizationId: id })) throw new ConflictError(`Organization ${rawId} still has participants`);
      if (await em.existsBy(CommitmentParty, { organizationId: id })) throw new ConflictError(`Organization ${rawId} is a party to commitments`);
      await em.delete(Organization, { id });
      return rawId;
    });
  }

  /** Checks an organization id from an input (NOT_FOUND names the path). */
  async requireId(em: EntityManager, raw: string | null | undefined, path: string): Promise<number | null> {
    if (raw == null) return null;
    const id = parseId(raw, path);
    if (!(await em.existsBy(Organization, { id }))) throw new NotFoundError('Organization', raw, path);
    return id;
  }

  byIdLoader(loaders: LoaderRegistry) {
    return loaders.get<number, Organization | null>('organizations.byId', async (ids) => byKey(ids, await this.findByIds(ids), (row) => row.id));
  }
}

function applyFilter(qb: SelectQueryBuilder<Organization>, filter: OrganizationFilter): void {
  if (filter.search) {
    const like = likePattern(filter.search);
    qb.andWhere(new Brackets((w) => w.where(`LOWER(o.name) LIKE :like ${LIKE_ESCAPE}`, { like }).orWhere(`LOWER(o.acronym) LIKE :like ${LIKE_ESCAPE}`)));
  }
  if (filter.kind?.length) qb.andWhere('o.kind IN (:...kinds)', { kinds: filter.kind });
  if (filter.country) qb.andWhere('o.countryCode = :country', { country: filter.country.toUpperCase() });
}

function sortKeys(order: OrganizationOrder): SortKey<Organization>[] {
  const direction = order.direction ?? OrderDirection.ASC;
  if (order.field === OrganizationOrderField.CREATED_AT) return [{ expression: 'o.id', value: (o) => o.id, kind: 'number', direction }];
  return [{ expression: 'o.name', value: (o) => o.name, kind: 'string', direction }];
}
