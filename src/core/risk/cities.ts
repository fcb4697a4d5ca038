/**
 * Where Indonesian cities are, for the impossible-travel signal: a branch in Jakarta and one in
 * Bandung are 120 km apart, so the same card at both within minutes is two cards. A city not in
 * this table gives no signal (better silent than wrong).
 */
export interface CityPoint {
  name: string;
  lat: number;
  lon: number;
}

const CITIES: ReadonlyArray<[string, number, number, string[]]> = [
  ['Jakarta', -6.2088, 106.8456, ['dki jakarta', 'jakarta pusat', 'jakarta selatan', 'jakarta utara', 'jakarta barat', 'jakarta timur', 'jkt']],
  ['Bandung', -6.9175, 107.6191, ['bdg', 'kota bandung']],
  ['Surabaya', -7.2575, 112.7521, ['sby']],
  ['Medan', 3.5952, 98.6722, []],
  ['Semarang', -6.9667, 110.4167, []],
  ['Yogyakarta', -7.7956, 110.3695, ['jogja', 'jogjakarta', 'yogya', 'diy']],
  ['Surakarta', -7.5755, 110.8243, ['solo']],
  ['Denpasar', -8.6705, 115.2126, ['bali']],
  ['Makassar', -5.1477, 119.4327, ['ujung pandang']],
  ['Palembang', -2.9761, 104.7754, []],
  ['Bogor', -6.5971, 106.806, []],
  ['Depok', -6.4025, 106.7942, []],
  ['Tangerang', -6.1783, 106.6319, ['tangerang selatan', 'tangsel', 'bsd']],
  ['Bekasi', -6.2383, 106.9756, []],
  ['Malang', -7.9666, 112.6326, []],
  ['Balikpapan', -1.2379, 116.8529, []],
  ['Samarinda', -0.5022, 117.1536, []],
  ['Batam', 1.0456, 104.0305, []],
  ['Pekanbaru', 0.5071, 101.4478, []],
  ['Padang', -0.9471, 100.4172, []],
  ['Manado', 1.4748, 124.8421, []],
  ['Pontianak', -0.0263, 109.3425, []],
  ['Banjarmasin', -3.3186, 114.5944, []],
  ['Cirebon', -6.732, 108.5523, []],
  ['Bandar Lampung', -5.3971, 105.2668, ['lampung']],
  ['Jambi', -1.6101, 103.6131, []],
  ['Mataram', -8.5833, 116.1167, ['lombok']],
  ['Kupang', -10.1772, 123.607, []],
  ['Ambon', -3.6954, 128.1814, []],
  ['Jayapura', -2.5337, 140.7181, []],
  ['Banda Aceh', 5.5483, 95.3238, ['aceh']],
  ['Serang', -6.1104, 106.164, []],
  ['Tasikmalaya', -7.3274, 108.2207, []],
  ['Sukabumi', -6.9277, 106.93, []],
  ['Purwokerto', -7.4246, 109.2396, []],
  ['Kediri', -7.848, 112.0178, []],
  ['Jember', -8.1845, 113.6681, []],
  ['Palu', -0.8917, 119.8707, []],
  ['Kendari', -3.9985, 122.5129, []],
  ['Sorong', -0.8762, 131.2558, []],
];

const INDEX = new Map<string, CityPoint>();
for (const [name, lat, lon, aliases] of CITIES) {
  const point = { name, lat, lon };
  INDEX.set(normalizeCity(name), point);
  for (const alias of aliases) INDEX.set(normalizeCity(alias), point);
}

export function normalizeCity(city: string): string {
  return city
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z ]+/g, ' ')
    .replace(/\b(kota|kabupaten|kab|city|of)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every decision looks up two cities, and a shop has few: each spelling is normalised once. */
const FOUND = new Map<string, CityPoint | null>();
const MAX_FOUND = 10_000;

export function findCity(city: string | null | undefined): CityPoint | null {
  if (!city) return null;
  let found = FOUND.get(city);
  if (found === undefined) {
    found = INDEX.get(normalizeCity(city)) ?? null;
    if (FOUND.size >= MAX_FOUND) FOUND.clear();
    FOUND.set(city, found);
  }
  return found;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km. */
export function haversineKm(a: CityPoint, b: CityPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
