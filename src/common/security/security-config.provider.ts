import { Provider } from '@nestjs/common';
import { loadSecurityConfig, SecurityConfig } from '../../config/security.config';

/** The SecurityConfig, read from the environment when the application module is built. */
export const SECURITY_CONFIG = 'SECURITY_CONFIG';

export const securityConfigProvider: Provider<SecurityConfig> = {
  provide: SECURITY_CONFIG,
  useFactory: () => loadSecurityConfig(),
};
