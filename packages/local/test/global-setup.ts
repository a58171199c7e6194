import { fetchElasticMQ, installMoto } from '../src/index.js';

/** Fetch both servers up front, so a first run's download does not count against test timeouts. */
export default async function setup(): Promise<void> {
  await Promise.all([fetchElasticMQ(), installMoto()]);
}
