export type { MegaEvent, MegaObject, MegaPayload } from './payload.js';
export { PayloadBuilder, type EventInput, type ObjectInput } from './payload-builder.js';
export { hasMegaHeader } from './mega-validation.js';
