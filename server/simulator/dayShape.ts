// Relative case intake by hour of day (Shanghai), 1.0 = the daily mean: quiet at night, peaks in
// the late morning and early evening, as hotline intake does.
const HOURLY = [0.25, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 1.0, 1.4, 1.6, 1.7, 1.6, 1.3, 1.3, 1.5, 1.5, 1.4, 1.3, 1.2, 1.2, 1.1, 0.9, 0.6, 0.4];

export function intakeFactor(hour: number): number {
  return HOURLY[hour] ?? 1;
}
