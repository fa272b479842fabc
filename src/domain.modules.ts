import { AuthModule } from './auth/auth.module';
import { BriefingsModule } from './briefings/briefings.module';
import { CandidatesModule } from './candidates/candidates.module';
import { CommitmentsModule } from './commitments/commitments.module';
import { CountriesModule } from './countries/countries.module';
import { DialoguesModule } from './dialogues/dialogues.module';
import { EventsModule } from './events/events.module';
import { ExportModule } from './export/export.module';
import { FacetsModule } from './facets/facets.module';
import { BriefingImportModule } from './briefing-import/briefing-import.module';
import { MeetingsModule } from './meetings/meetings.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { ParticipantsModule } from './participants/participants.module';
import { SearchModule } from './search/search.module';
import { SourcesModule } from './sources/sources.module';
import { StatementsModule } from './statements/statements.module';
import { TopicsModule } from './topics/topics.module';
import { ReferenceDataModule } from './reference-data/reference-data.module';

/** The feature modules: served over GraphQL by AppModule, driven from the shell by CliModule. */
export const DOMAIN_MODULES = [
  ReferenceDataModule,
  AuthModule,
  EventsModule,
  CountriesModule,
  DialoguesModule,
  TopicsModule,
  OrganizationsModule,
  ParticipantsModule,
  BriefingsModule,
  StatementsModule,
  MeetingsModule,
  CommitmentsModule,
  SourcesModule,
  CandidatesModule,
  BriefingImportModule,
  FacetsModule,
  SearchModule,
  ExportModule,
];
