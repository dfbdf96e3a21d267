/* ais_app_json.c - gpsd JSON members of a decoded types 6/8 application payload, byte-compatible with gpsdecode 3.22. */
#include <string.h>

#include "vigil/ais_app.h"
#include "ais_app_json.h"

/*
 * Member names, order, number formats and legend texts follow gpsd 3.22's
 * json_aivdm_dump() (gpsd/gpsd_json.c), including its quirks, so that output
 * is byte-identical; the deliberate exceptions are listed in
 * docs/gpsd-differences.md. Legend tables are written out here from the
 * published tables (ITU-R M.1371, IMO SN.1/Circ.236/289, Inland AIS).
 */

#define LATLON3_DIV 60000    /* 1/1000 minute */
#define LATLON4_DIV 600000   /* 1/10000 minute */
#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const char *const trends[4] = { "steady", "increasing", "decreasing", "N/A" };
static const char *const preciptypes[8] = {
	"reserved", "rain", "thunderstorm", "freezing rain", "mixed/ice", "snow", "reserved", "N/A",
};
static const char *const ice_legend[4] = { "no", "yes", "reserved", "N/A" };
static const char *const racon_status[4] = {
	"No RACON installed", "RACON not monitored", "RACON operational", "RACON ERROR",
};
static const char *const light_status[4] = {
	"No light or no monitoring", "Light ON", "Light OFF", "Light ERROR",
};
static const char *const rta_status[4] = {
	"Operational", "Limited operation", "Out of order", "N/A",
};
static const char *const position_types[8] = {
	"Not available", "Port-side to", "Starboard-side to", "Mediterranean (end-on) mooring",
	"Mooring buoy", "Anchorage", "Reserved for future use", "Reserved for future use",
};
static const char *const idtypes[4] = { "mmsi", "imo", "callsign", "other" };
/* IMO289 marine traffic signal codes (gpsd prints the text unescaped, en dash included). */
static const char *const signal_legends[15] = {
	"N/A",
	"Serious emergency \xe2\x80\x93 stop or divert according to instructions.",
	"Vessels shall not proceed.",
	"Vessels may proceed. One way traffic.",
	"Vessels may proceed. Two way traffic.",
	"Vessels shall proceed on specific orders only.",
	"Vessels in main channel shall not proceed.",
	"Vessels in main channel shall proceed on specific orders only.",
	"Vessels in main channel shall proceed on specific orders only.",
	"I = \\\"in-bound\\\" only acceptable.",
	"O = \\\"out-bound\\\" only acceptable.",
	"F = both \\\"in- and out-bound\\\" acceptable.",
	"XI = Code will shift to \\\"I\\\" in due time.",
	"XO = Code will shift to \\\"O\\\" in due time.",
	"X = Vessels shall proceed only on direction.",
};
static const char *const hazard_types[6] = {
	"0 blue cones/lights", "1 blue cone/light", "2 blue cones/lights",
	"3 blue cones/lights", "4 B-Flag", "Unknown",
};
static const char *const lstatus_types[3] = { "N/A (default)", "Unloaded", "Loaded" };
static const char *const emma_types[10] = {
	"Not Available", "Wind", "Rain", "Snow and ice", "Thunderstorm", "Fog",
	"Low temperature", "High temperature", "Flood", "Forest Fire",
};
static const char *const emma_classes[3] = { "Slight", "Medium", "Strong" };
static const char *const emma_winds[9] = {
	"N/A", "North", "North East", "East", "South East", "South", "South West", "West",
	"North West",
};
static const char *const direction_vocabulary[5] = {
	"Unknown", "Upstream", "Downstream", "To left bank", "To right bank",
};
static const char *const status_vocabulary[8] = {
	"Unknown", "No light", "White", "Yellow", "Green", "Red", "White flashing",
	"Yellow flashing.",
};

/* IMO289 route types (5 bits). */
static const char *route_type(unsigned t)
{
	static const char *const names[6] = {
		"Undefined (default)", "Mandatory", "Recommended", "Alternative",
		"Recommended route through ice", "Ship route plan",
	};

	if (t < N_ELEMS(names))
		return names[t];
	return t == 31 ? "Cancel route identified by message linkage" : "Reserved for future use.";
}

/* Inland ERI ship types: both the ERI code and its AIS type map to one legend; first match wins. */
static const struct {
	unsigned short code, ais;
	const char *legend;
} inland_shiptypes[] = {
	{ 8000, 99, "Vessel, type unknown" },
	{ 8010, 79, "Motor freighter" },
	{ 8020, 89, "Motor tanker" },
	{ 8021, 80, "Motor tanker, liquid cargo, type N" },
	{ 8022, 80, "Motor tanker, liquid cargo, type C" },
	{ 8023, 89, "Motor tanker, dry cargo as if liquid (e.g. cement)" },
	{ 8030, 79, "Container vessel" },
	{ 8040, 80, "Gas tanker" },
	{ 8050, 79, "Motor freighter, tug" },
	{ 8060, 89, "Motor tanker, tug" },
	{ 8070, 79, "Motor freighter with one or more ships alongside" },
	{ 8080, 89, "Motor freighter with tanker" },
	{ 8090, 79, "Motor freighter pushing one or more freighters" },
	{ 8100, 89, "Motor freighter pushing at least one tank-ship" },
	{ 8110, 79, "Tug, freighter" },
	{ 8120, 89, "Tug, tanker" },
	{ 8130, 31, "Tug freighter, coupled" },
	{ 8140, 31, "Tug, freighter/tanker, coupled" },
	{ 8150, 99, "Freightbarge" },
	{ 8160, 99, "Tankbarge" },
	{ 8161, 90, "Tankbarge, liquid cargo, type N" },
	{ 8162, 90, "Tankbarge, liquid cargo, type C" },
	{ 8163, 99, "Tankbarge, dry cargo as if liquid (e.g. cement)" },
	{ 8170, 99, "Freightbarge with containers" },
	{ 8180, 90, "Tankbarge, gas" },
	{ 8210, 79, "Pushtow, one cargo barge" },
	{ 8220, 79, "Pushtow, two cargo barges" },
	{ 8230, 79, "Pushtow, three cargo barges" },
	{ 8240, 79, "Pushtow, four cargo barges" },
	{ 8250, 79, "Pushtow, five cargo barges" },
	{ 8260, 79, "Pushtow, six cargo barges" },
	{ 8270, 79, "Pushtow, seven cargo barges" },
	{ 8280, 79, "Pushtow, eigth cargo barges" },
	{ 8290, 79, "Pushtow, nine or more barges" },
	{ 8310, 80, "Pushtow, one tank/gas barge" },
	{ 8320, 80, "Pushtow, two barges at least one tanker or gas barge" },
	{ 8330, 80, "Pushtow, three barges at least one tanker or gas barge" },
	{ 8340, 80, "Pushtow, four barges at least one tanker or gas barge" },
	{ 8350, 80, "Pushtow, five barges at least one tanker or gas barge" },
	{ 8360, 80, "Pushtow, six barges at least one tanker or gas barge" },
	{ 8370, 80, "Pushtow, seven barges at least one tanker or gas barg" },
};

static const char *inland_shiptype(unsigned t)
{
	size_t i;

	for (i = 0; i < N_ELEMS(inland_shiptypes); i++)
		if (inland_shiptypes[i].code == t || inland_shiptypes[i].ais == t)
			return inland_shiptypes[i].legend;
	return "Illegal ship type value.";
}

/* Legend lookup with gpsd's fallback text for codes past the table. */
static const char *legend(const char *const *tab, size_t n, unsigned v, const char *bad)
{
	return v < n ? tab[v] : bad;
}
#define LEGEND(tab, v, bad) legend((tab), N_ELEMS(tab), (v), (bad))

/* "key":"text" for vigil's constant legends, which are JSON-safe already (gpsd prints them with %s). */
static void put_rawstr(struct vigil__jbuf *jb, const char *key, const char *s)
{
	vigil__jb_key(jb, key);
	vigil__jb_raw(jb, "\"", 1);
	vigil__jb_raw(jb, s, strlen(s));
	vigil__jb_raw(jb, "\"", 1);
}

/* "key":"text" escaped as gpsd's json_stringify. */
static void put_str(struct vigil__jbuf *jb, const char *key, const char *s)
{
	vigil__jb_str(jb, key, s, strlen(s));
}

/* printf("%02u", v): two digits, more when v >= 100. */
static void put_2d(struct vigil__jbuf *jb, uint32_t v)
{
	if (v < 100 && vigil__jb_room(jb, 2)) {
		memcpy(jb->p, vigil__jb_digits2 + 2 * v, 2);
		jb->p += 2;
	} else {
		vigil__jb_putu(jb, v);
	}
}

static void put_u32(struct vigil__jbuf *jb, uint32_t v)
{
	vigil__jb_putu(jb, v);
}

/* Date-time member: "MM-DDTHH:MMZ" (pad 1), "MM-DDTHH:MM" (pad 2) or gpsd's unpadded "M-DTH:M" (pad 0). */
static void put_mdhm(struct vigil__jbuf *jb, const char *key, unsigned mo, unsigned d,
		     unsigned h, unsigned mi, int pad)
{
	void (*num)(struct vigil__jbuf *, uint32_t) = pad ? put_2d : put_u32;

	vigil__jb_key(jb, key);
	vigil__jb_lit(jb, "\"");
	num(jb, mo);
	vigil__jb_lit(jb, "-");
	num(jb, d);
	vigil__jb_lit(jb, "T");
	num(jb, h);
	vigil__jb_lit(jb, ":");
	num(jb, mi);
	if (pad == 1)
		vigil__jb_lit(jb, "Z\"");
	else
		vigil__jb_lit(jb, "\"");
}

/* "timestamp":"DDTHH:MMZ" of the met/hydro messages. */
static void put_dhm(struct vigil__jbuf *jb, unsigned d, unsigned h, unsigned mi)
{
	vigil__jb_key(jb, "timestamp");
	vigil__jb_lit(jb, "\"");
	put_2d(jb, d);
	vigil__jb_lit(jb, "T");
	put_2d(jb, h);
	vigil__jb_lit(jb, ":");
	put_2d(jb, mi);
	vigil__jb_lit(jb, "Z\"");
}

/* x/div with `dec` decimals, byte-identical to printf("%.*f", dec, (double)x / div). */
static void put_ratio(struct vigil__jbuf *jb, const char *key, long long x, long long div, int dec)
{
	vigil__jb_key(jb, key);
	vigil__jb_putratio(jb, x, div, dec);
}

/* Scaled: value/div with `dec` decimals; unscaled: the raw signed integer. */
static void put_pos(struct vigil__jbuf *jb, const char *key, int32_t v, int scaled,
		    long long div, int dec)
{
	if (scaled)
		put_ratio(jb, key, v, div, dec);
	else
		vigil__jb_int(jb, key, v);
}

static void put_tenths(struct vigil__jbuf *jb, const char *key, uint32_t v, int scaled)
{
	if (scaled)
		put_ratio(jb, key, v, 10, 1);
	else
		vigil__jb_uint(jb, key, v);
}

static void open_array(struct vigil__jbuf *jb, const char *key)
{
	vigil__jb_key(jb, key);
	vigil__jb_raw(jb, "[", 1);
}

static void close_array(struct vigil__jbuf *jb)
{
	vigil__jb_raw(jb, "]", 1);
}

static void open_elem(struct vigil__jbuf *jb, int first)
{
	if (!first)
		vigil__jb_raw(jb, ",", 1);
	vigil__jb_raw(jb, "{", 1);
}

static void close_elem(struct vigil__jbuf *jb)
{
	vigil__jb_raw(jb, "}", 1);
}

static void json_tidal(const struct vigil_ais_app_tidal *t, int scaled, struct vigil__jbuf *jb)
{
	uint32_t i;

	vigil__jb_uint(jb, "month", t->month);
	vigil__jb_uint(jb, "day", t->day);
	open_array(jb, "tidals");
	for (i = 0; i < t->ntidals && i < VIGIL_AIS_APP_MAXTIDALS; i++) {
		open_elem(jb, i == 0);
		put_pos(jb, "lon", t->tidals[i].lon, scaled, LATLON3_DIV, 4);
		put_pos(jb, "lat", t->tidals[i].lat, scaled, LATLON3_DIV, 4);
		vigil__jb_uint(jb, "from_hour", t->tidals[i].from_hour);
		vigil__jb_uint(jb, "from_min", t->tidals[i].from_min);
		vigil__jb_uint(jb, "to_hour", t->tidals[i].to_hour);
		vigil__jb_uint(jb, "to_min", t->tidals[i].to_min);
		vigil__jb_uint(jb, "cdir", t->tidals[i].cdir);
		put_tenths(jb, "cspeed", t->tidals[i].cspeed, scaled);
		close_elem(jb);
	}
	close_array(jb);
}

static void json_route(const struct vigil_ais_app_route *r, int scaled, struct vigil__jbuf *jb)
{
	uint32_t i;

	vigil__jb_uint(jb, "linkage", r->linkage);
	vigil__jb_uint(jb, "sender", r->sender);
	vigil__jb_uint(jb, "rtype", r->rtype);
	put_rawstr(jb, "rtype_text", route_type(r->rtype));
	put_mdhm(jb, "start", r->month, r->day, r->hour, r->minute, 1);
	vigil__jb_uint(jb, "duration", r->duration);
	open_array(jb, "waypoints");
	for (i = 0; i < r->waycount && i < VIGIL_AIS_APP_MAXWAYPOINTS; i++) {
		open_elem(jb, i == 0);
		put_pos(jb, "lon", r->waypoints[i].lon, scaled, LATLON4_DIV, 6);
		put_pos(jb, "lat", r->waypoints[i].lat, scaled, LATLON4_DIV, 6);
		close_elem(jb);
	}
	close_array(jb);
}

static void json_inland_eta(const struct vigil_ais_app_inland_eta *e, int rta,
			    struct vigil__jbuf *jb)
{
	/*
	 * gpsd prints these five strings unescaped, so a '"' or '\\' in them
	 * gives invalid JSON; vigil escapes them (identical output otherwise).
	 */
	put_str(jb, "country", e->country);
	put_str(jb, "locode", e->locode);
	put_str(jb, "section", e->section);
	put_str(jb, "terminal", e->terminal);
	put_str(jb, "hectometre", e->hectometre);
	put_mdhm(jb, "eta", e->month, e->day, e->hour, e->minute, 0);
	if (rta) {
		vigil__jb_uint(jb, "status", e->status);
		put_rawstr(jb, "status_text", rta_status[e->status & 3]);
	} else {
		vigil__jb_uint(jb, "tugs", e->tugs);
		vigil__jb_uint(jb, "airdraught", e->airdraught);
	}
}

static void json_aton_gla(const struct vigil_ais_app_aton_gla *g, int scaled, struct vigil__jbuf *jb)
{
	const char *keys[3] = { "ana_int", "ana_ext1", "ana_ext2" };
	uint32_t vals[3] = { g->ana_int, g->ana_ext1, g->ana_ext2 };
	int i;

	vigil__jb_bool(jb, "off_pos", g->off_pos);
	vigil__jb_bool(jb, "alarm", g->alarm);
	vigil__jb_uint(jb, "stat_ext", g->stat_ext);
	/* Volts in 0.05 steps when scaled, except that 0 stays an integer (as gpsd). */
	for (i = 0; i < 3; i++) {
		if (scaled && vals[i] != 0)
			put_ratio(jb, keys[i], 5LL * vals[i], 100, 2); /* v * 0.05, never near a tie */
		else
			vigil__jb_uint(jb, keys[i], vals[i]);
	}
	vigil__jb_uint(jb, "racon", g->racon);
	put_rawstr(jb, "racon_text", racon_status[g->racon & 3]);
	vigil__jb_uint(jb, "light", g->light);
	put_rawstr(jb, "light_text", light_status[g->light & 3]);
}

static void json_dgcargo236(const struct vigil_ais_app_dgcargo236 *d, struct vigil__jbuf *jb)
{
	put_str(jb, "lastport", d->lastport);
	put_mdhm(jb, "departure", d->lmonth, d->lday, d->lhour, d->lminute, 1);
	put_str(jb, "nextport", d->nextport);
	put_mdhm(jb, "eta", d->nmonth, d->nday, d->nhour, d->nminute, 1);
	put_str(jb, "dangerous", d->dangerous);
	put_str(jb, "imdcat", d->imdcat);
	vigil__jb_uint(jb, "unid", d->unid);
	vigil__jb_uint(jb, "amount", d->amount);
	vigil__jb_uint(jb, "unit", d->unit);
}

static void json_clearance(const struct vigil_ais_app_clearance *c, int scaled, struct vigil__jbuf *jb)
{
	vigil__jb_uint(jb, "linkage", c->linkage);
	put_mdhm(jb, "arrival", c->month, c->day, c->hour, c->minute, 1);
	put_str(jb, "portname", c->portname);
	put_str(jb, "destination", c->destination);
	put_pos(jb, "lon", c->lon, scaled, LATLON3_DIV, 4);
	put_pos(jb, "lat", c->lat, scaled, LATLON3_DIV, 4);
}

static void json_berth(const struct vigil_ais_app_berth *b, int scaled, struct vigil__jbuf *jb)
{
	static const char *const services[26] = {
		"agent", "fuel", "chandler", "stevedore", "electrical", "water", "customs",
		"cartage", "crane", "lift", "medical", "navrepair", "provisions", "shiprepair",
		"surveyor", "steam", "tugs", "solidwaste", "liquidwaste", "hazardouswaste",
		"ballast", "additional", "regional1", "regional2", "future1", "future2",
	};
	size_t i;

	vigil__jb_uint(jb, "linkage", b->linkage);
	vigil__jb_uint(jb, "berth_length", b->berth_length);
	vigil__jb_uint(jb, "position", b->position);
	put_rawstr(jb, "position_text", position_types[b->position & 7]);
	put_mdhm(jb, "arrival", b->month, b->day, b->hour, b->minute, 0);
	vigil__jb_uint(jb, "availability", b->availability);
	for (i = 0; i < N_ELEMS(services); i++)
		vigil__jb_uint(jb, services[i], b->services[i]);
	put_str(jb, "berth_name", b->berth_name);
	put_pos(jb, "berth_lon", b->berth_lon, scaled, LATLON3_DIV, 4);
	put_pos(jb, "berth_lat", b->berth_lat, scaled, LATLON3_DIV, 4);
	if (scaled)
		put_ratio(jb, "berth_depth", b->berth_depth, 10, 1);
	else
		vigil__jb_uint(jb, "berth_depth", b->berth_depth);
}

static void json_dgcargo289(const struct vigil_ais_app_dgcargo289 *d, struct vigil__jbuf *jb)
{
	uint32_t i;

	vigil__jb_uint(jb, "unit", d->unit);
	vigil__jb_uint(jb, "amount", d->amount);
	open_array(jb, "cargos");
	for (i = 0; i < d->ncargos && i < VIGIL_AIS_APP_MAXCARGOS; i++) {
		open_elem(jb, i == 0);
		vigil__jb_uint(jb, "code", d->cargos[i].code);
		vigil__jb_uint(jb, "subtype", d->cargos[i].subtype);
		close_elem(jb);
	}
	close_array(jb);
}

static void json_met236(const struct vigil_ais_app_met236 *m, int scaled, struct vigil__jbuf *jb)
{
	put_pos(jb, "lat", m->lat, scaled, LATLON3_DIV, 4);
	put_pos(jb, "lon", m->lon, scaled, LATLON3_DIV, 4);
	put_dhm(jb, m->day, m->hour, m->minute);
	vigil__jb_uint(jb, "wspeed", m->wspeed);
	vigil__jb_uint(jb, "wgust", m->wgust);
	vigil__jb_uint(jb, "wdir", m->wdir);
	vigil__jb_uint(jb, "wgustdir", m->wgustdir);
	vigil__jb_uint(jb, "humidity", m->humidity);
	if (scaled) {
		put_ratio(jb, "airtemp", (long long)m->airtemp - 600, 10, 1);
		put_ratio(jb, "dewpoint", (long long)m->dewpoint - 200, 10, 1);
		vigil__jb_uint(jb, "pressure", m->pressure + 800);
		put_rawstr(jb, "pressuretend", trends[m->pressuretend & 3]);
		put_ratio(jb, "visibility", m->visibility, 10, 1);
		put_ratio(jb, "waterlevel", (long long)m->waterlevel - 100, 10, 1);
		put_rawstr(jb, "leveltrend", trends[m->leveltrend & 3]);
	} else {
		vigil__jb_uint(jb, "airtemp", m->airtemp);
		vigil__jb_uint(jb, "dewpoint", m->dewpoint);
		vigil__jb_uint(jb, "pressure", m->pressure);
		vigil__jb_uint(jb, "pressuretend", m->pressuretend);
		vigil__jb_uint(jb, "visibility", m->visibility);
		vigil__jb_int(jb, "waterlevel", (int32_t)m->waterlevel);
		vigil__jb_uint(jb, "leveltrend", m->leveltrend);
	}
	put_tenths(jb, "cspeed", m->cspeed, scaled);
	vigil__jb_uint(jb, "cdir", m->cdir);
	put_tenths(jb, "cspeed2", m->cspeed2, scaled);
	vigil__jb_uint(jb, "cdir2", m->cdir2);
	vigil__jb_uint(jb, "cdepth2", m->cdepth2);
	put_tenths(jb, "cspeed3", m->cspeed3, scaled);
	vigil__jb_uint(jb, "cdir3", m->cdir3);
	vigil__jb_uint(jb, "cdepth3", m->cdepth3);
	put_tenths(jb, "waveheight", m->waveheight, scaled);
	vigil__jb_uint(jb, "waveperiod", m->waveperiod);
	vigil__jb_uint(jb, "wavedir", m->wavedir);
	put_tenths(jb, "swellheight", m->swellheight, scaled);
	vigil__jb_uint(jb, "swellperiod", m->swellperiod);
	vigil__jb_uint(jb, "swelldir", m->swelldir);
	vigil__jb_uint(jb, "seastate", m->seastate);
	if (scaled)
		put_ratio(jb, "watertemp", (long long)m->watertemp - 100, 10, 1);
	else
		vigil__jb_uint(jb, "watertemp", m->watertemp);
	vigil__jb_uint(jb, "preciptype", m->preciptype);
	put_rawstr(jb, "preciptype_text", preciptypes[m->preciptype & 7]);
	put_tenths(jb, "salinity", m->salinity, scaled);
	vigil__jb_uint(jb, "ice", m->ice);
	put_rawstr(jb, "ice_text", ice_legend[m->ice & 3]);
}

static void json_met289(const struct vigil_ais_app_met289 *m, int scaled, struct vigil__jbuf *jb)
{
	put_pos(jb, "lat", m->lat, scaled, LATLON3_DIV, 4);
	put_pos(jb, "lon", m->lon, scaled, LATLON3_DIV, 4);
	vigil__jb_bool(jb, "accuracy", m->accuracy);
	put_dhm(jb, m->day, m->hour, m->minute);
	vigil__jb_uint(jb, "wspeed", m->wspeed);
	vigil__jb_uint(jb, "wgust", m->wgust);
	vigil__jb_uint(jb, "wdir", m->wdir);
	vigil__jb_uint(jb, "wgustdir", m->wgustdir);
	vigil__jb_uint(jb, "humidity", m->humidity);
	if (scaled) {
		put_ratio(jb, "airtemp", m->airtemp, 10, 1);
		put_ratio(jb, "dewpoint", m->dewpoint, 10, 1);
		vigil__jb_uint(jb, "pressure", m->pressure + 799);
		put_rawstr(jb, "pressuretend", trends[m->pressuretend & 3]);
		vigil__jb_bool(jb, "visgreater", m->visgreater);
		put_ratio(jb, "visibility", m->visibility, 10, 1);
		/* gpsd subtracts the 10 m offset in unsigned arithmetic: levels below it wrap. */
		put_ratio(jb, "waterlevel", (uint32_t)(m->waterlevel - 1000u), 100, 1);
		put_rawstr(jb, "leveltrend", trends[m->leveltrend & 3]);
	} else {
		vigil__jb_int(jb, "airtemp", m->airtemp);
		vigil__jb_int(jb, "dewpoint", m->dewpoint);
		vigil__jb_uint(jb, "pressure", m->pressure);
		vigil__jb_uint(jb, "pressuretend", m->pressuretend);
		vigil__jb_bool(jb, "visgreater", m->visgreater);
		vigil__jb_uint(jb, "visibility", m->visibility);
		vigil__jb_int(jb, "waterlevel", (int32_t)m->waterlevel);
		vigil__jb_uint(jb, "leveltrend", m->leveltrend);
	}
	put_tenths(jb, "cspeed", m->cspeed, scaled);
	vigil__jb_uint(jb, "cdir", m->cdir);
	put_tenths(jb, "cspeed2", m->cspeed2, scaled);
	vigil__jb_uint(jb, "cdir2", m->cdir2);
	vigil__jb_uint(jb, "cdepth2", m->cdepth2);
	put_tenths(jb, "cspeed3", m->cspeed3, scaled);
	vigil__jb_uint(jb, "cdir3", m->cdir3);
	vigil__jb_uint(jb, "cdepth3", m->cdepth3);
	put_tenths(jb, "waveheight", m->waveheight, scaled);
	vigil__jb_uint(jb, "waveperiod", m->waveperiod);
	vigil__jb_uint(jb, "wavedir", m->wavedir);
	put_tenths(jb, "swellheight", m->swellheight, scaled);
	vigil__jb_uint(jb, "swellperiod", m->swellperiod);
	vigil__jb_uint(jb, "swelldir", m->swelldir);
	vigil__jb_uint(jb, "seastate", m->seastate);
	if (scaled) {
		put_ratio(jb, "watertemp", m->watertemp, 10, 1);
		put_rawstr(jb, "preciptype", preciptypes[m->preciptype & 7]);
		put_ratio(jb, "salinity", m->salinity, 10, 1);
		put_rawstr(jb, "ice", ice_legend[m->ice & 3]);
	} else {
		vigil__jb_int(jb, "watertemp", m->watertemp);
		vigil__jb_uint(jb, "preciptype", m->preciptype);
		vigil__jb_uint(jb, "salinity", m->salinity);
		vigil__jb_uint(jb, "ice", m->ice);
	}
}

static void json_fairway(const struct vigil_ais_app_fairway *f, struct vigil__jbuf *jb)
{
	put_str(jb, "reason", f->reason);
	put_str(jb, "closefrom", f->closefrom);
	put_str(jb, "closeto", f->closeto);
	vigil__jb_uint(jb, "radius", f->radius);
	vigil__jb_uint(jb, "extunit", f->extunit);
	put_mdhm(jb, "from", f->fmonth, f->fday, f->fhour, f->fminute, 2);
	put_mdhm(jb, "to", f->tmonth, f->tday, f->thour, f->tminute, 2);
}

static void json_targets(const struct vigil_ais_app_targets *t, int scaled, struct vigil__jbuf *jb)
{
	uint32_t i;

	open_array(jb, "targets");
	for (i = 0; i < t->ntargets && i < VIGIL_AIS_APP_MAXTARGETS; i++) {
		unsigned idt = t->targets[i].idtype & 3;

		open_elem(jb, i == 0);
		vigil__jb_uint(jb, "idtype", idt);
		put_rawstr(jb, "idtype_text", idtypes[idt]);
		if (idt < 2) {
			vigil__jb_key(jb, idtypes[idt]);
			vigil__jb_lit(jb, "\"");
			vigil__jb_putu(jb, t->targets[i].id);
			vigil__jb_lit(jb, "\"");
		} else {
			put_str(jb, idtypes[idt], t->targets[i].idtext);
		}
		put_pos(jb, "lat", t->targets[i].lat, scaled, LATLON3_DIV, 4);
		put_pos(jb, "lon", t->targets[i].lon, scaled, LATLON3_DIV, 4);
		vigil__jb_uint(jb, "course", t->targets[i].course);
		vigil__jb_uint(jb, "second", t->targets[i].second);
		vigil__jb_uint(jb, "speed", t->targets[i].speed);
		close_elem(jb);
	}
	close_array(jb);
}

static void json_signal(const struct vigil_ais_app_signal *s, struct vigil__jbuf *jb)
{
	const char *bad = "INVALID SIGNAL TYPE";

	vigil__jb_uint(jb, "linkage", s->linkage);
	put_str(jb, "station", s->station);
	/* gpsd prints this position in degrees even in unscaled mode. */
	put_ratio(jb, "lon", s->lon, LATLON3_DIV, 4);
	put_ratio(jb, "lat", s->lat, LATLON3_DIV, 4);
	vigil__jb_uint(jb, "status", s->status);
	vigil__jb_uint(jb, "signal", s->signal);
	put_rawstr(jb, "signal_text", LEGEND(signal_legends, s->signal, bad));
	vigil__jb_uint(jb, "hour", s->hour);
	vigil__jb_uint(jb, "minute", s->minute);
	vigil__jb_uint(jb, "nextsignal", s->nextsignal);
	/* gpsd 3.22 omits the comma before this member (invalid JSON); vigil writes it. */
	put_rawstr(jb, "nextsignal_text", LEGEND(signal_legends, s->nextsignal, bad));
}

static void json_inland_static(const struct vigil_ais_app_inland_static *s, struct vigil__jbuf *jb)
{
	put_str(jb, "vin", s->vin);
	vigil__jb_uint(jb, "length", s->length);
	vigil__jb_uint(jb, "beam", s->beam);
	vigil__jb_uint(jb, "shiptype", s->shiptype);
	put_rawstr(jb, "shiptype_text", inland_shiptype(s->shiptype));
	vigil__jb_uint(jb, "hazard", s->hazard);
	put_rawstr(jb, "hazard_text", LEGEND(hazard_types, s->hazard, "INVALID HAZARD TYPE"));
	vigil__jb_uint(jb, "draught", s->draught);
	vigil__jb_uint(jb, "loaded", s->loaded);
	put_rawstr(jb, "loaded_text", LEGEND(lstatus_types, s->loaded, "INVALID LOAD STATUS"));
	vigil__jb_bool(jb, "speed_q", s->speed_q);
	vigil__jb_bool(jb, "course_q", s->course_q);
	vigil__jb_bool(jb, "heading_q", s->heading_q);
}

/* "YYYY-AA-BBTCC:DD" with the year offset by 2000 ("%4u-%02u-%02uT%02u:%02u"). */
static void put_ymdhm(struct vigil__jbuf *jb, const char *key, uint32_t y, uint32_t a, uint32_t b,
		      uint32_t c, uint32_t d)
{
	vigil__jb_key(jb, key);
	vigil__jb_lit(jb, "\"");
	vigil__jb_putu(jb, y + 2000);   /* 2000..2255: always four digits */
	vigil__jb_lit(jb, "-");
	put_2d(jb, a);
	vigil__jb_lit(jb, "-");
	put_2d(jb, b);
	vigil__jb_lit(jb, "T");
	put_2d(jb, c);
	vigil__jb_lit(jb, ":");
	put_2d(jb, d);
	vigil__jb_lit(jb, "\"");
}

static void json_emma(const struct vigil_ais_app_emma *e, int scaled, struct vigil__jbuf *jb)
{
	/* gpsd 3.22 prints the start as year-month-hourTminute:day (its argument order). */
	put_ymdhm(jb, "start", e->start_year, e->start_month, e->start_hour, e->start_minute,
		  e->start_day);
	put_ymdhm(jb, "end", e->end_year, e->end_month, e->end_day, e->end_hour, e->end_minute);
	put_pos(jb, "start_lon", e->start_lon, scaled, LATLON4_DIV, 6);
	put_pos(jb, "start_lat", e->start_lat, scaled, LATLON4_DIV, 6);
	put_pos(jb, "end_lon", e->end_lon, scaled, LATLON4_DIV, 6);
	put_pos(jb, "end_lat", e->end_lat, scaled, LATLON4_DIV, 6);
	vigil__jb_uint(jb, "type", e->type);
	put_rawstr(jb, "type_text", LEGEND(emma_types, e->type, "INVALID EMMA TYPE"));
	vigil__jb_int(jb, "min", e->min);
	vigil__jb_int(jb, "max", e->max);
	vigil__jb_uint(jb, "class", e->intensity);
	put_rawstr(jb, "class_text", LEGEND(emma_classes, e->intensity, "INVALID EMMA TYPE"));
	vigil__jb_uint(jb, "wind", e->wind);
	put_rawstr(jb, "wind_text", LEGEND(emma_winds, e->wind, "INVALID EMMA WIND DIRECTION"));
}

static void json_levels(const struct vigil_ais_app_levels *l, struct vigil__jbuf *jb)
{
	uint32_t i;

	put_str(jb, "country", l->country);   /* gpsd: unescaped, see json_inland_eta */
	open_array(jb, "gauges");
	for (i = 0; i < l->ngauges && i < VIGIL_AIS_APP_MAXGAUGES; i++) {
		open_elem(jb, i == 0);
		vigil__jb_uint(jb, "id", l->gauges[i].id);
		vigil__jb_int(jb, "level", l->gauges[i].level);
		close_elem(jb);
	}
	close_array(jb);
}

static void json_signal_status(const struct vigil_ais_app_signal_status *s, int scaled,
			       struct vigil__jbuf *jb)
{
	put_pos(jb, "lon", s->lon, scaled, LATLON4_DIV, 6);
	put_pos(jb, "lat", s->lat, scaled, LATLON4_DIV, 6);
	vigil__jb_uint(jb, "form", s->form);
	vigil__jb_uint(jb, "facing", s->facing);
	vigil__jb_uint(jb, "direction", s->direction);
	put_rawstr(jb, "direction_text", LEGEND(direction_vocabulary, s->direction, "INVALID DIRECTION"));
	vigil__jb_uint(jb, "status", s->status);
	put_rawstr(jb, "status_text", LEGEND(status_vocabulary, s->status, "INVALID STATUS"));
}

void vigil__ais_app_json(const struct vigil_ais_app *a, int scaled, struct vigil__jbuf *jb)
{
	switch (a->kind) {
	case VIGIL_AIS_APP_T6_D1_F12:
		json_dgcargo236(&a->u.dgcargo236, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F14:
	case VIGIL_AIS_APP_T6_D1_F32:
		json_tidal(&a->u.tidal, scaled, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F15:
	case VIGIL_AIS_APP_T8_D1_F15:
		vigil__jb_uint(jb, "airdraught", a->u.airdraught);
		break;
	case VIGIL_AIS_APP_T6_D1_F16:
		vigil__jb_uint(jb, "persons", a->u.persons);
		break;
	case VIGIL_AIS_APP_T8_D1_F16:
		/*
		 * gpsd 3.22 prints this from its type 6 union member, which for a
		 * type 8 message is always zero; kept for byte-compatibility.
		 */
		vigil__jb_uint(jb, "persons", 0);
		break;
	case VIGIL_AIS_APP_T6_D1_F18:
		json_clearance(&a->u.clearance, scaled, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F20:
		json_berth(&a->u.berth, scaled, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F25:
		json_dgcargo289(&a->u.dgcargo289, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F28:
	case VIGIL_AIS_APP_T8_D1_F27:
		json_route(&a->u.route, scaled, jb);
		break;
	case VIGIL_AIS_APP_T6_D1_F30:
	case VIGIL_AIS_APP_T8_D1_F29:
		vigil__jb_uint(jb, "linkage", a->u.text.linkage);
		put_str(jb, "text", a->u.text.text);
		break;
	case VIGIL_AIS_APP_T6_D200_F21:
		json_inland_eta(&a->u.inland_eta, 0, jb);
		break;
	case VIGIL_AIS_APP_T6_D200_F22:
		json_inland_eta(&a->u.inland_eta, 1, jb);
		break;
	case VIGIL_AIS_APP_T6_D200_F55:
		vigil__jb_uint(jb, "crew", a->u.inland_pob.crew);
		vigil__jb_uint(jb, "passengers", a->u.inland_pob.passengers);
		vigil__jb_uint(jb, "personnel", a->u.inland_pob.personnel);
		break;
	case VIGIL_AIS_APP_T6_D235_F10:
		json_aton_gla(&a->u.aton_gla, scaled, jb);
		break;
	case VIGIL_AIS_APP_T8_D1_F11:
		json_met236(&a->u.met236, scaled, jb);
		break;
	case VIGIL_AIS_APP_T8_D1_F13:
		json_fairway(&a->u.fairway, jb);
		break;
	case VIGIL_AIS_APP_T8_D1_F17:
		json_targets(&a->u.targets, scaled, jb);
		break;
	case VIGIL_AIS_APP_T8_D1_F19:
		json_signal(&a->u.signal, jb);
		break;
	case VIGIL_AIS_APP_T8_D1_F31:
		json_met289(&a->u.met289, scaled, jb);
		break;
	case VIGIL_AIS_APP_T8_D200_F10:
		json_inland_static(&a->u.inland_static, jb);
		break;
	case VIGIL_AIS_APP_T8_D200_F23:
		json_emma(&a->u.emma, scaled, jb);
		break;
	case VIGIL_AIS_APP_T8_D200_F24:
		json_levels(&a->u.levels, jb);
		break;
	case VIGIL_AIS_APP_T8_D200_F40:
		json_signal_status(&a->u.signal_status, scaled, jb);
		break;
	default:
		break;
	}
}
