/* sim_ports.c - the simulator's built-in ports, MID flags, IMO check digit and sphere geometry. */
#include <math.h>
#include <string.h>

#include "sim_int.h"

/*
 * Ports the scenarios may name in routes. Sources:
 *  - Russian, DPRK and Dandong entries: coordinates and radii are facts taken
 *    from ../shared/data/geo/ports_russia_dprk.csv (World Port Index via GFW's
 *    WPI_ports.csv, and centroids of GFW anchorage_overrides points, as that
 *    file records per row); `interest` marks the Russia/DPRK ports of interest.
 *  - The other regional ports: approximate harbour centres (public charts and
 *    gazetteers, rounded to 0.01 degree) with radii chosen by us to cover the
 *    harbour and its inner anchorage.
 * A scenario can add ports or override one by id ("ports" member).
 */
const struct sim_port vigil__sim_ports[] = {
	{ "PRK-RAJIN", "Rajin", 42.233333, 130.3, 5, 1 },
	{ "PRK-SONBONG", "Sonbong", 42.333333, 130.4, 5, 1 },
	{ "PRK-CHONGJIN", "Chongjin", 41.766667, 129.816667, 6, 1 },
	{ "PRK-KIMCHAEK", "Kimchaek", 40.666667, 129.2, 5, 1 },
	{ "PRK-HUNGNAM", "Hungnam", 39.833333, 127.616667, 6, 1 },
	{ "PRK-WONSAN", "Wonsan", 39.166667, 127.45, 6, 1 },
	{ "PRK-NAMPO", "Nampo", 38.716667, 125.4, 8, 1 },
	{ "PRK-SONGRIM", "Songrim", 38.733333, 125.616667, 4, 1 },
	{ "PRK-HAEJU", "Haeju", 38.0, 125.7, 6, 1 },
	{ "RUS-VOSTOCHNY", "Vostochny", 42.7634, 133.0041, 9, 1 },
	{ "RUS-NAKHODKA", "Nakhodka", 42.8139, 132.8296, 16, 1 },
	{ "RUS-DUNAI", "Dunai", 42.88028, 132.3375, 5, 1 },
	{ "RUS-BOLSHOY-KAMEN", "Bolshoy Kamen", 43.0805, 132.3174, 5, 1 },
	{ "RUS-VLADIVOSTOK", "Vladivostok", 43.0745, 131.9512, 18, 1 },
	{ "RUS-SLAVYANKA", "Slavyanka", 42.9029, 131.4445, 9, 1 },
	{ "RUS-ZARUBINO", "Zarubino", 42.613, 131.0885, 7, 1 },
	{ "RUS-POSYET", "Posyet", 42.65, 130.8, 6, 1 },
	{ "CHN-DANDONG", "Dandong", 39.7609, 124.127, 22, 0 },
	{ "KOR-BUSAN", "Busan", 35.08, 129.06, 12, 0 },
	{ "KOR-ULSAN", "Ulsan", 35.50, 129.39, 10, 0 },
	{ "KOR-POHANG", "Pohang", 36.03, 129.40, 8, 0 },
	{ "KOR-DONGHAE", "Donghae", 37.49, 129.12, 6, 0 },
	{ "KOR-GWANGYANG", "Gwangyang", 34.90, 127.70, 10, 0 },
	{ "KOR-MOKPO", "Mokpo", 34.78, 126.38, 8, 0 },
	{ "KOR-PYEONGTAEK", "Pyeongtaek", 36.97, 126.83, 8, 0 },
	{ "KOR-INCHEON", "Incheon", 37.45, 126.60, 12, 0 },
	{ "CHN-DALIAN", "Dalian", 38.93, 121.65, 15, 0 },
	{ "CHN-YINGKOU", "Yingkou", 40.68, 122.23, 10, 0 },
	{ "CHN-TIANJIN", "Tianjin", 38.97, 117.75, 15, 0 },
	{ "CHN-LONGKOU", "Longkou", 37.65, 120.30, 8, 0 },
	{ "CHN-YANTAI", "Yantai", 37.55, 121.40, 10, 0 },
	{ "CHN-WEIHAI", "Weihai", 37.50, 122.12, 8, 0 },
	{ "CHN-QINGDAO", "Qingdao", 36.07, 120.32, 15, 0 },
	{ "CHN-RIZHAO", "Rizhao", 35.38, 119.55, 10, 0 },
	{ "CHN-LIANYUNGANG", "Lianyungang", 34.74, 119.45, 10, 0 },
	{ "CHN-SHANGHAI", "Shanghai", 31.35, 121.60, 15, 0 },
	{ "CHN-YANGSHAN", "Yangshan", 30.62, 122.07, 10, 0 },
	{ "CHN-NINGBO", "Ningbo-Zhoushan", 29.93, 121.85, 15, 0 },
	{ "JPN-NIIGATA", "Niigata", 37.95, 139.06, 10, 0 },
	{ "JPN-TOYAMA", "Toyama", 36.76, 137.23, 8, 0 },
	{ "JPN-MAIZURU", "Maizuru", 35.48, 135.38, 8, 0 },
	{ "JPN-SAKAIMINATO", "Sakaiminato", 35.55, 133.25, 8, 0 },
	{ "JPN-HAKATA", "Hakata", 33.61, 130.40, 10, 0 },
	{ "JPN-SHIMONOSEKI", "Shimonoseki", 33.95, 130.93, 8, 0 },
	{ "JPN-NAGASAKI", "Nagasaki", 32.74, 129.86, 8, 0 },
	{ "JPN-AKITA", "Akita", 39.76, 140.06, 8, 0 },
	{ "JPN-OTARU", "Otaru", 43.20, 141.00, 8, 0 },
};
const size_t vigil__sim_nports = sizeof(vigil__sim_ports) / sizeof(vigil__sim_ports[0]);

/*
 * Maritime Identification Digits -> flag, for the flags common in the theatre
 * (ITU MID table; not complete: unknown MIDs give "" and no mismatch check).
 */
static const struct {
	uint16_t mid;
	char flag[3];
} mids[] = {
	{ 209, "CY" }, { 210, "CY" }, { 212, "CY" }, { 215, "MT" }, { 229, "MT" }, { 248, "MT" },
	{ 249, "MT" }, { 256, "MT" }, { 273, "RU" }, { 303, "US" }, { 308, "BS" }, { 309, "BS" },
	{ 311, "BS" }, { 312, "BZ" }, { 341, "KN" }, { 351, "PA" }, { 352, "PA" }, { 353, "PA" },
	{ 354, "PA" }, { 355, "PA" }, { 356, "PA" }, { 357, "PA" }, { 366, "US" }, { 367, "US" },
	{ 368, "US" }, { 369, "US" }, { 370, "PA" }, { 371, "PA" }, { 372, "PA" }, { 373, "PA" },
	{ 374, "PA" }, { 412, "CN" }, { 413, "CN" }, { 414, "CN" }, { 416, "TW" }, { 431, "JP" },
	{ 432, "JP" }, { 440, "KR" }, { 441, "KR" }, { 445, "KP" }, { 453, "MO" }, { 457, "MN" },
	{ 477, "HK" }, { 511, "PW" }, { 518, "CK" }, { 525, "ID" }, { 533, "MY" }, { 538, "MH" },
	{ 548, "PH" }, { 563, "SG" }, { 564, "SG" }, { 565, "SG" }, { 566, "SG" }, { 567, "TH" },
	{ 574, "VN" }, { 613, "CM" }, { 620, "KM" }, { 636, "LR" }, { 637, "LR" }, { 667, "SL" },
	{ 671, "TG" },
};

const char *vigil_sim_mid_flag(uint32_t mmsi)
{
	uint32_t mid = mmsi / 1000000;
	size_t i;

	if (mmsi < 100000000 || mmsi > 999999999)
		return "";
	for (i = 0; i < sizeof(mids) / sizeof(mids[0]); i++)
		if (mids[i].mid == mid)
			return mids[i].flag;
	return "";
}

int vigil_sim_imo_valid(uint32_t imo)
{
	unsigned sum = 0, w;
	uint32_t x = imo / 10;

	if (imo < 1000000 || imo > 9999999)
		return 0;
	for (w = 2; w <= 7; w++, x /= 10)
		sum += (x % 10) * w;
	return sum % 10 == imo % 10;
}

#define D2R (3.14159265358979323846 / 180.0)

double vigil__sim_dist_km(double lat1, double lon1, double lat2, double lon2)
{
	double dlat = (lat2 - lat1) * D2R, dlon = (lon2 - lon1) * D2R;
	double a = sin(dlat / 2) * sin(dlat / 2) +
		   cos(lat1 * D2R) * cos(lat2 * D2R) * sin(dlon / 2) * sin(dlon / 2);
	return 2 * 6371.0088 * asin(sqrt(a < 1 ? a : 1));
}

double vigil__sim_bearing(double lat1, double lon1, double lat2, double lon2)
{
	double y = sin((lon2 - lon1) * D2R) * cos(lat2 * D2R);
	double x = cos(lat1 * D2R) * sin(lat2 * D2R) -
		   sin(lat1 * D2R) * cos(lat2 * D2R) * cos((lon2 - lon1) * D2R);
	double b = atan2(y, x) / D2R;
	if (y == 0 && x == 0)
		return 0;
	return b < 0 ? b + 360 : b;
}
