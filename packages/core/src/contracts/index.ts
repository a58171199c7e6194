/** Event contracts: one definition of an event (name, version, Standard Schemas) for typed publishing and subscribing. */
export {
  defineEvent,
  isEventContract,
  ContractInvalidError,
  type EventContract,
  type EventDefinition,
  type ObjectSchemas,
  type ContractPayload,
  type ContractInput,
  type ContractResult,
} from './define-event.js';
export { type ContractPattern, type ContractSetAttribute, type ShapedPattern } from './contract-pattern.js';
export { contractSubscriber, type ContractSubscriberOptions, type ViolationPolicy, type PayloadOfContracts } from './contract-subscriber.js';
export { ContractViolationError, ContractSchemaAsyncError, describeViolation, type ContractViolation } from './contract-violation.js';
export {
  isStandardSchema,
  schemaVendor,
  validateSchema,
  validateSchemaAsync,
  type AnySchema,
  type SchemaInput,
  type SchemaOutput,
  type SchemaIssue,
  type SchemaResult,
} from './schema-validation.js';
export {
  toJsonSchema,
  type ContractJsonSchema,
  type ContractJsonSchemaOptions,
  type ContractPart,
  type JsonSchemaConverter,
  type JsonSchemaObject,
  type JsonSchemaTarget,
  type UnexpressedPart,
} from './contract-json-schema.js';
export {
  asyncApiDocument,
  messageKey,
  type AsyncApiDocumentInput,
  type AsyncApiDocumentResult,
  type ChannelDeclaration,
  type ChannelDeclarations,
  type UnexpressedContractPart,
} from './asyncapi-document.js';
