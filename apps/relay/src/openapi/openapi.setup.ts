import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from '../observe/dto/error-envelope.dto';
import { version } from '../../../../package.json';
import { ERROR_ENVELOPE_EXAMPLES } from './examples';

export const DOCS_PATH = 'docs';
export const DOCS_JSON_PATH = 'docs-json';

const DESCRIPTION =
  'Threat Response relay for AlienVault OTX. Every error is answered with HTTP 200 and the ' +
  'error envelope (`ErrorEnvelopeDto`); only unknown paths (404) and wrong methods (405) are ' +
  'HTTP errors. `/health`, `/observe/observables` and `/deliberate/observables` need the ' +
  'configuration token Threat Response signs (Bearer JWT); `/metrics` is public and should be ' +
  'kept private by the network.';

function buildDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('otx-relay')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorEnvelopeDto],
    autoTagControllers: false,
  });
  // The envelope's typical errors, once for the whole document (endpoints show them too).
  document.components = { ...document.components, examples: ERROR_ENVELOPE_EXAMPLES };
  return document;
}

/**
 * Serves the Swagger UI at `/docs` and the document at `/docs-json`, both public: they are
 * plain Fastify routes, outside the JWT guard. Built on first request, not at start-up.
 */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildDocument(app), {
    raw: ['json'],
    jsonDocumentUrl: DOCS_JSON_PATH,
  });
}
