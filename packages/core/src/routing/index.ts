/**
 * Routing (spec §6–§7): subscribers' patterns → which subscribers get a decoded message, indexed so
 * that the cost per message stays nearly flat as subscribers are added.
 */
export { SubscriberRouter, type SubscriberRegistration } from './subscriber-router.js';
