import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Country } from '../countries/country.entity';
import { Dialogue, DialogueCountry } from '../dialogues/dialogue.entity';
import { Topic } from '../topics/topic.entity';
import { REFERENCE_COUNTRIES, REFERENCE_DIALOGUES, REFERENCE_TOPICS } from './reference-data';
import { withStartupLock } from '../database/startup-lock';

/**
 * Inserts whatever reference data is missing, in one transaction. Existing rows are left as
 * they are (an analyst may have edited a topic's keywords), so restarting never duplicates.
 */
@Injectable()
export class ReferenceDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferenceDataService.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
  }

  async ensure(): Promise<void> {
    let added = 0;
    await withStartupLock(this.dataSource, () => this.dataSource.transaction(async (em) => {
      for (const country of REFERENCE_COUNTRIES) {
        if (!(await em.existsBy(Country, { code: country.code }))) {
          await em.insert(Country, country);
          added++;
        }
      }
      const now = new Date();
      for (const topic of REFERENCE_TOPICS) {
        if (!(await em.existsBy(Topic, { slug: topic.slug }))) {
          await em.insert(Topic, { ...topic, parentId: null, createdAt: now, updatedAt: now });
          added++;
        }
      }
      for (const dialogue of REFERENCE_DIALOGUES) {
        if (!(await em.existsBy(Dialogue, { title: dialogue.title }))) {
          const { identifiers } = await em.insert(Dialogue, { title: dialogue.title, createdAt: now });
          const dialogueId = identifiers[0].id as number;
          await em.insert(DialogueCountry, dialogue.countries.map((countryCode) => ({ dialogueId, countryCode })));
          added++;
        }
      }
    }));
    if (added) this.logger.log(`Reference data: ${added} record(s) added`);
  }
}
