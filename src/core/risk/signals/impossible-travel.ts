import { findCity, haversineKm } from '../cities.js';
import { minutesText } from '../format.js';
import { fired, quiet, type SignalContext } from './signal-context.js';
import type { RiskSignal } from '../risk-types.js';

const DAY_S = 86_400;

/** The card was somewhere else too recently to be here now (cities from the table only). */
export function impossibleTravelSignal(ctx: SignalContext): RiskSignal {
  const { lastCity, lastAtS } = ctx.facts.state;
  if (lastAtS === null || !lastCity) return quiet('impossible_travel', 'No earlier place to compare with.');
  if (!ctx.city) return quiet('impossible_travel', 'No merchant city given.');
  const from = findCity(lastCity);
  const to = findCity(ctx.city);
  if (!from || !to) return quiet('impossible_travel', `${!to ? ctx.city : lastCity} is not in the city table: not compared.`, { from: lastCity, to: ctx.city });
  const elapsedS = ctx.nowS - lastAtS;
  if (elapsedS > DAY_S) return quiet('impossible_travel', `Last use over a day ago (in ${from.name}).`, { from: from.name, to: to.name });
  const km = Math.round(haversineKm(from, to));
  const value: Record<string, unknown> = { from: from.name, to: to.name, distance_km: km, minutes: Math.round(elapsedS / 60) };
  const { max_speed_kmh, min_distance_km } = ctx.policy.travel;
  if (km < min_distance_km) return quiet('impossible_travel', `${to.name} is ${km} km from the last use in ${from.name}: same area.`, value);
  // At least a minute apart, so two authorizations in the same second do not divide by zero.
  const speed = Math.round(km / (Math.max(elapsedS, 60) / 3600));
  value.speed_kmh = speed;
  if (speed <= max_speed_kmh) {
    return quiet('impossible_travel', `${km} km from ${from.name} in ${minutesText(elapsedS)} (${speed} km/h): possible.`, value);
  }
  return fired(
    'impossible_travel',
    ctx.policy.weights.impossible_travel,
    `Impossible travel: used in ${from.name} ${minutesText(elapsedS)} earlier, ${km} km away (${speed} km/h needed; more than ${max_speed_kmh} is not possible).`,
    value,
  );
}
