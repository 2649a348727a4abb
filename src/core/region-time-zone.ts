import type { Region } from "./normalized.js";

/**
 * The IANA time zone most of a region's people live in: what "night" means for a customer's SMS.
 * Countries spanning zones are resolved by province (US states, Canadian provinces, Australian
 * states, Mexican and Brazilian states), each to its most populous zone; a country that spans
 * zones without a known province, or one not listed here, gives null, and quiet hours fall back
 * to the shop's own time zone (and say so).
 */
export function timeZoneOfRegion(region: Region | null | undefined): string | null {
  const country = region?.countryCode?.toUpperCase() ?? null;
  if (country === null) return null;
  const byProvince = PROVINCE_ZONES[country];
  if (byProvince !== undefined) {
    const province = region?.provinceCode?.toUpperCase() ?? null;
    return (province !== null ? byProvince[province] : undefined) ?? byProvince["*"] ?? null;
  }
  return COUNTRY_ZONES[country] ?? null;
}

/** Per province; "*" is the zone of a province not listed (only where one zone holds most of the country). */
const PROVINCE_ZONES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  US: {
    ...zone("America/New_York", "CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV"),
    ...zone("America/Detroit", "MI"),
    ...zone("America/Indiana/Indianapolis", "IN"),
    ...zone("America/Chicago", "AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI"),
    ...zone("America/Denver", "CO MT NM UT WY"),
    ...zone("America/Boise", "ID"),
    ...zone("America/Phoenix", "AZ"),
    ...zone("America/Los_Angeles", "CA NV OR WA"),
    ...zone("America/Anchorage", "AK"),
    ...zone("Pacific/Honolulu", "HI"),
    ...zone("America/Puerto_Rico", "PR"),
    ...zone("Pacific/Guam", "GU"),
    ...zone("America/St_Thomas", "VI"),
    ...zone("Pacific/Pago_Pago", "AS"),
    ...zone("Pacific/Saipan", "MP"),
  },
  CA: {
    ...zone("America/Toronto", "ON QC"),
    ...zone("America/Vancouver", "BC"),
    ...zone("America/Edmonton", "AB"),
    ...zone("America/Regina", "SK"),
    ...zone("America/Winnipeg", "MB"),
    ...zone("America/Halifax", "NS PE"),
    ...zone("America/Moncton", "NB"),
    ...zone("America/St_Johns", "NL"),
    ...zone("America/Whitehorse", "YT"),
    ...zone("America/Yellowknife", "NT"),
    ...zone("America/Iqaluit", "NU"),
  },
  AU: {
    ...zone("Australia/Sydney", "NSW ACT"),
    ...zone("Australia/Melbourne", "VIC"),
    ...zone("Australia/Brisbane", "QLD"),
    ...zone("Australia/Adelaide", "SA"),
    ...zone("Australia/Perth", "WA"),
    ...zone("Australia/Hobart", "TAS"),
    ...zone("Australia/Darwin", "NT"),
  },
  MX: {
    "*": "America/Mexico_City",
    ...zone("America/Tijuana", "BC"),
    ...zone("America/Mazatlan", "BCS SIN NAY"),
    ...zone("America/Hermosillo", "SON"),
    ...zone("America/Chihuahua", "CHIH"),
    ...zone("America/Cancun", "ROO"),
  },
  BR: {
    "*": "America/Sao_Paulo",
    ...zone("America/Manaus", "AM RR RO"),
    ...zone("America/Cuiaba", "MT"),
    ...zone("America/Campo_Grande", "MS"),
    ...zone("America/Rio_Branco", "AC"),
    ...zone("America/Belem", "PA AP"),
    ...zone("America/Fortaleza", "CE MA PI RN PB"),
    ...zone("America/Recife", "PE"),
    ...zone("America/Bahia", "BA"),
  },
};

/** Countries in one zone (or with one zone for nearly everyone). */
const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  GB: "Europe/London", IE: "Europe/Dublin", FR: "Europe/Paris", DE: "Europe/Berlin", ES: "Europe/Madrid", IT: "Europe/Rome",
  NL: "Europe/Amsterdam", BE: "Europe/Brussels", LU: "Europe/Luxembourg", CH: "Europe/Zurich", AT: "Europe/Vienna", DK: "Europe/Copenhagen",
  SE: "Europe/Stockholm", NO: "Europe/Oslo", FI: "Europe/Helsinki", IS: "Atlantic/Reykjavik", PL: "Europe/Warsaw", CZ: "Europe/Prague",
  SK: "Europe/Bratislava", HU: "Europe/Budapest", PT: "Europe/Lisbon", GR: "Europe/Athens", RO: "Europe/Bucharest", BG: "Europe/Sofia",
  HR: "Europe/Zagreb", SI: "Europe/Ljubljana", EE: "Europe/Tallinn", LV: "Europe/Riga", LT: "Europe/Vilnius", MT: "Europe/Malta",
  CY: "Asia/Nicosia", TR: "Europe/Istanbul", IL: "Asia/Jerusalem", AE: "Asia/Dubai", SA: "Asia/Riyadh", QA: "Asia/Qatar",
  IN: "Asia/Kolkata", SG: "Asia/Singapore", MY: "Asia/Kuala_Lumpur", HK: "Asia/Hong_Kong", JP: "Asia/Tokyo", KR: "Asia/Seoul",
  CN: "Asia/Shanghai", TW: "Asia/Taipei", TH: "Asia/Bangkok", PH: "Asia/Manila", VN: "Asia/Ho_Chi_Minh", NZ: "Pacific/Auckland",
  ZA: "Africa/Johannesburg", NG: "Africa/Lagos", KE: "Africa/Nairobi", EG: "Africa/Cairo", MA: "Africa/Casablanca",
  AR: "America/Argentina/Buenos_Aires", CL: "America/Santiago", CO: "America/Bogota", PE: "America/Lima", UY: "America/Montevideo",
  CR: "America/Costa_Rica", PA: "America/Panama", JM: "America/Jamaica", DO: "America/Santo_Domingo", PR: "America/Puerto_Rico",
};

function zone(timeZone: string, provinces: string): Record<string, string> {
  return Object.fromEntries(provinces.split(" ").map((p) => [p, timeZone]));
}

/** Every zone the tables name (a test checks each is one the runtime knows). */
export const REGION_TIME_ZONES: readonly string[] = [...new Set([...Object.values(PROVINCE_ZONES).flatMap((p) => Object.values(p)), ...Object.values(COUNTRY_ZONES)])];
